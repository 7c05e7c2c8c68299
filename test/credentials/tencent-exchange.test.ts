/**
 * The Tencent exchanges end to end: each source (AssumeRole from the demo keys, AssumeRoleWithWebIdentity from an
 * OIDC token file, the CVM instance role) gets temporary keys from a real emulator through the real transport,
 * FCINVOKE_STS_ENDPOINT / FCINVOKE_METADATA_ENDPOINT style; the engine's invoke() then runs a function with them,
 * and the same invoke is refused once the emulator's clock passes their expiry. Refusals map to exit 3 and 4.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeSource } from '../../src/core/credential-source.js';
import { CredentialError } from '../../src/core/errors.js';
import { exchange } from '../../src/engine/credentials/tencent/index.js';
import type { TemporaryCredentials } from '../../src/engine/credentials/types.js';
import { invoke } from '../../src/engine/invoke.js';
import { DEMO_CREDENTIALS } from '../../src/emulator/demo-credentials.js';
import { tencentProvider } from '../../src/providers/tencent/index.js';
import type { InvokeInput, KeyCredentials } from '../../src/providers/types.js';
import { startCountingListener } from '../helpers/listener.js';
import { expectNoSecrets } from '../helpers/secrets.js';
import { assumeRoleSource, DENIED_ROLE_ARN, emulatorWithClock, instanceSource, realContext, webIdentitySource } from './tencent-context.js';

const demoVia = { kind: 'static', cloud: 'tencent', origin: 'the demo keys', credentials: DEMO_CREDENTIALS.tencent } as const;
let directory: string;
let tokenFile: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'fcinvoke-tencent-'));
  tokenFile = join(directory, 'oidc-token');
});
afterAll(() => rm(directory, { recursive: true, force: true }));

function input(endpoint: string): InvokeInput {
  return { provider: 'tencent', functionName: 'echo', event: new TextEncoder().encode('{"via":"role"}'), invocationType: 'sync', logs: false, endpoint, region: 'ap-guangzhou' };
}

const sources: Array<[string, () => ExchangeSource, number, string]> = [
  ['AssumeRole from the demo keys', () => assumeRoleSource({ via: demoVia, durationSeconds: 900 }), 900, 'tencent-sts'],
  ['AssumeRoleWithWebIdentity from an OIDC token file', () => webIdentitySource(tokenFile, { region: 'ap-guangzhou' }), 7200, 'tencent-sts'],
  ['the CVM instance role', () => instanceSource(), 7200, 'tencent-metadata'],
];

describe.each(sources)('%s', (_name, source, seconds, service) => {
  it('gets temporary keys from the emulator that invoke a function, and are refused once expired', async () => {
    const { emulator, advance, now } = await emulatorWithClock();
    await writeFile(tokenFile, `${emulator.issuer.mintOidcToken()}\n`);
    const context = realContext({ stsEndpoint: emulator.url, metadataEndpoint: emulator.url });
    const started = Date.now();
    const issued = (await exchange(source(), demoVia.credentials, context)) as TemporaryCredentials & KeyCredentials;
    const finished = Date.now();
    expect(issued.kind).toBe('keys');
    expect(issued.accessKeyId).toMatch(/^AKIDtmp/);
    // Issued for `seconds` from a moment between the call and its answer (whole seconds).
    expect(issued.expiresAt!.getTime()).toBeGreaterThan(started - 1000 + seconds * 1000);
    expect(issued.expiresAt!.getTime()).toBeLessThanOrEqual(finished + seconds * 1000);
    expect(emulator.exchanges()[service]).toBe(service === 'tencent-metadata' ? 2 : 1);

    const ok = await invoke(tencentProvider, input(emulator.url), issued, { now });
    expect(ok.result).toMatchObject({ status: 'ok', result: { via: 'role' } });

    advance((seconds + 1) * 1000);
    const refused = await invoke(tencentProvider, input(emulator.url), issued, { now });
    expect(refused.result.status).not.toBe('ok');
    expect(refused.result.error?.code).toBe('AuthFailure.SecretIdNotFound');
    for (const text of [JSON.stringify(ok.result), JSON.stringify(refused.result)]) {
      expect(text).not.toContain(issued.accessKeySecret);
      expect(text).not.toContain(issued.securityToken);
    }
  });
});

describe('refusals from the emulator', () => {
  const refusals: Array<[string, () => ExchangeSource, string, RegExp]> = [
    ['the refused role by AssumeRole', () => assumeRoleSource({ via: demoVia, roleArn: DENIED_ROLE_ARN }), 'UnauthorizedOperation', /trust policy of role qcs::cam::uin\/100000000001:roleName\/fcinvoke-denied must allow the caller \(keys from the demo keys\)/],
    ['the refused role by web identity', () => webIdentitySource(tokenFile, { roleArn: DENIED_ROLE_ARN }), 'UnauthorizedOperation', /must allow the OIDC provider github-actions/],
    ['keys the emulator does not know', () => assumeRoleSource(), 'AuthFailure.SecretIdNotFound', /keys that sign the AssumeRole call \(from profile ci/],
  ];
  it.each(refusals)('%s → exit 3 with the hint', async (_name, source, code, hint) => {
    const { emulator } = await emulatorWithClock();
    const token = emulator.issuer.mintOidcToken();
    await writeFile(tokenFile, token);
    const chosen = source();
    const signer = chosen.kind === 'assume-role' && chosen.via.kind === 'static' ? chosen.via.credentials : undefined;
    const error = await exchange(chosen, signer, realContext({ stsEndpoint: emulator.url })).then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialError);
    const refused = error as CredentialError;
    expect(refused.exitCode).toBe(3);
    expect(refused.message).toContain(code);
    expect(refused.hint).toMatch(hint);
    expectNoSecrets(refused.message, String(refused.hint));
    expect(`${refused.message} ${String(refused.hint)}`).not.toContain(token);
  });

  it('an unreachable STS or metadata service is exit 4', async () => {
    const listener = await startCountingListener();
    const context = realContext({ stsEndpoint: listener.url, metadataEndpoint: listener.url });
    try {
      for (const source of [assumeRoleSource({ via: demoVia }), instanceSource()]) {
        const error = await exchange(source, demoVia.credentials, context).then(() => undefined, (caught: unknown) => caught);
        expect(error).toBeInstanceOf(CredentialError);
        expect((error as CredentialError).exitCode).toBe(4);
        expect((error as CredentialError).message).toContain(`at ${listener.url}`);
      }
      expect(listener.connections()).toBeGreaterThanOrEqual(2);
    } finally {
      await listener.close();
    }
  });
});
