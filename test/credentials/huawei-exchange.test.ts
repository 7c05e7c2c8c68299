/**
 * The Huawei Cloud / OTC exchanges end to end: our `exchange` through the real transport against a real emulator
 * (FCINVOKE_STS_ENDPOINT / FCINVOKE_METADATA_ENDPOINT style origins), the temporary keys then invoking `hello`
 * through the engine's `invoke()`, and being refused once the emulator's clock passes their expiry. Failures map
 * to the contract: 2 (config, nothing sent), 3 (refused, with a hint naming the agency or identity provider and its
 * trust policy), 4 (unreachable); no secret or token in any message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeSource } from '../../src/core/credential-source.js';
import type { Credentials } from '../../src/core/credentials.js';
import { CredentialError, FcinvokeError } from '../../src/core/errors.js';
import { REFUSED_ROLE_NAME } from '../../src/emulator/credentials/issuer.js';
import { DEMO_CREDENTIALS } from '../../src/emulator/demo-credentials.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { exchange } from '../../src/engine/credentials/huawei/index.js';
import type { TemporaryCredentials } from '../../src/engine/credentials/types.js';
import { useEmulator } from '../helpers/emulator.js';
import { startCountingListener, type CountingListener } from '../helpers/listener.js';
import { expectNoSecrets } from '../helpers/secrets.js';
import { OffsetClock, invokeHello, realContext } from './huawei-helpers.js';

const TOKEN_FILE = '/ci/oidc-token';
const CLOUDS = ['huawei', 'otc'] as const;
type Cloud = (typeof CLOUDS)[number];

const clock = new OffsetClock();
let emulator: RunningEmulator;
let listener: CountingListener;

beforeAll(async () => {
  emulator = await useEmulator({ now: clock.now });
  listener = await startCountingListener();
});
afterAll(() => listener.close());

/** The emulator's origin for `cloud`'s unsigned calls (docs/emulator.md: `/otc` for the Open Telekom Cloud). */
function origin(cloud: Cloud): string {
  return cloud === 'otc' ? `${emulator.url}/otc` : emulator.url;
}

function federated(cloud: Cloud, extra: Partial<ExchangeSource> = {}): ExchangeSource {
  return { kind: 'federated-oidc', cloud, origin: 'test profile', idpId: 'github-actions', tokenFile: TOKEN_FILE, ...extra } as ExchangeSource;
}

function agency(cloud: Cloud, agencyName = 'ci-deployer', extra: Partial<ExchangeSource> = {}): ExchangeSource {
  return {
    kind: 'agency',
    cloud,
    origin: 'test profile',
    agencyName,
    domainName: 'example-account',
    via: { kind: 'static', cloud, origin: 'demo keys', credentials: DEMO_CREDENTIALS[cloud] },
    ...extra,
  } as ExchangeSource;
}

function run(source: ExchangeSource, signer?: Credentials, options: Parameters<typeof realContext>[1] = {}): Promise<TemporaryCredentials> {
  const cloud = source.cloud as Cloud;
  return exchange(source, signer, realContext(clock, {
    stsEndpoint: origin(cloud),
    metadataEndpoint: origin(cloud),
    files: { [TOKEN_FILE]: emulator.issuer.mintOidcToken() },
    ...options,
  }));
}

async function failure(promise: Promise<unknown>): Promise<FcinvokeError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(FcinvokeError);
  const failed = error as FcinvokeError;
  expectNoSecrets(failed.message, String(failed.hint));
  return failed;
}

const KEY_PREFIX: Record<Cloud, RegExp> = { huawei: /^TMPAK/, otc: /^TMPOTC/ };

describe.each(CLOUDS)('%s: each exchange yields keys that invoke', (cloud) => {
  // [what, how, the emulated service, its requests: id token + security token; one signed call; session token + key]
  const cases: Array<[string, () => Promise<TemporaryCredentials>, string, number]> = [
    ['federated OIDC from a token file', () => run(federated(cloud)), 'huawei-iam', 2],
    ['an agency assumed with static keys', () => run(agency(cloud), DEMO_CREDENTIALS[cloud]), 'huawei-iam', 1],
    ['the ECS agency from the metadata service', () => run({ kind: 'instance', cloud, origin: 'test' }), 'huawei-metadata', 2],
  ];
  it.each(cases)('%s', async (_name, obtain, service, requests) => {
    const before = emulator.exchanges()[service] ?? 0;
    const credentials = await obtain();
    expect(credentials.kind).toBe('keys');
    if (credentials.kind !== 'keys') return;
    expect(credentials.accessKeyId).toMatch(KEY_PREFIX[cloud]);
    expect(credentials.securityToken).toMatch(/^fcinvoke\.sts\./);
    expect(credentials.expiresAt!.getTime()).toBeGreaterThan(clock.now().getTime());
    expect((emulator.exchanges()[service] ?? 0) - before).toBe(requests);
    expect(await invokeHello(cloud, emulator.url, credentials)).toMatchObject({ status: 'ok', result: { message: 'Hello, Ada!' } });
  });

  it('assumes an agency with an IAM token (X-Auth-Token) instead of keys', async () => {
    const token = { kind: 'token', token: emulator.issuer.issueIamToken(cloud, 600).token } as const;
    const credentials = await run(agency(cloud), token);
    expect(credentials.kind === 'keys' && credentials.accessKeyId).toMatch(KEY_PREFIX[cloud]);
  });

  it('chains: an agency assumed with the keys of another agency', async () => {
    const first = await run(agency(cloud), DEMO_CREDENTIALS[cloud]);
    const second = await run(agency(cloud, 'second-hop', { durationSeconds: 900 }), first);
    expect(second.kind === 'keys' && second.accessKeyId).not.toBe(first.kind === 'keys' && first.accessKeyId);
    expect(second.expiresAt!.getTime() - clock.now().getTime()).toBeLessThanOrEqual(900_000);
    expect((await invokeHello(cloud, emulator.url, second)).status).toBe('ok');
  });
});

describe('expiry', () => {
  it('refuses the issued keys once the emulator clock passes their expiry', async () => {
    const credentials = await run(agency('huawei', 'short', { durationSeconds: 900 }), DEMO_CREDENTIALS.huawei);
    expect((await invokeHello('huawei', emulator.url, credentials)).status).toBe('ok');
    clock.advance(credentials.expiresAt!.getTime() - clock.now().getTime() + 1000);
    try {
      expect(await invokeHello('huawei', emulator.url, credentials)).toMatchObject({ status: 'api_error', code: 'APIGW.0301' });
    } finally {
      clock.reset();
    }
  });
});

describe('refusals map to exit 3 with a hint naming the trust policy', () => {
  it('an agency that does not trust the account', async () => {
    const error = await failure(run(agency('huawei', REFUSED_ROLE_NAME), DEMO_CREDENTIALS.huawei));
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain(`agency ${REFUSED_ROLE_NAME}`);
    expect(error.message).toContain('HTTP 403');
    expect(error.hint).toContain(`agency ${REFUSED_ROLE_NAME} of account example-account`);
    expect(error.hint).toContain('trust policy');
  });

  it('an identity provider whose rules map nothing', async () => {
    const error = await failure(run(federated('otc', { idpId: REFUSED_ROLE_NAME })));
    expect(error.exitCode).toBe(3);
    expect(error.hint).toContain(`identity provider ${REFUSED_ROLE_NAME} in Open Telekom Cloud IAM`);
    expect(error.hint).toContain('trust policy');
  });

  it('an expired OIDC token, quoting IAM without the token', async () => {
    const token = emulator.issuer.mintOidcToken({ ttlSeconds: -60 });
    const error = await failure(run(federated('huawei'), undefined, { files: { [TOKEN_FILE]: token } }));
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain('the token has expired');
    expect(error.message).not.toContain(token);
  });

  it('keys the IAM does not know, or a wrong secret', async () => {
    const wrong = { ...DEMO_CREDENTIALS.huawei, accessKeySecret: 'not-the-demo-secret-0000' };
    const error = await failure(run(agency('huawei'), wrong));
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain('APIGW.0301');
    expect(error.message).not.toContain(wrong.accessKeySecret);
  });
});

describe('configuration errors exit 2 and send nothing', () => {
  const cases: Array<[string, ExchangeSource, Credentials | undefined, Record<string, string>, RegExp]> = [
    ['a missing token file', federated('huawei'), undefined, {}, /the OIDC token file \/ci\/oidc-token \(.*\) does not exist/],
    ['an empty token file', federated('huawei'), undefined, { [TOKEN_FILE]: ' \n' }, /is empty/],
    ['an out-of-range duration', agency('huawei', 'ci', { durationSeconds: 60 }), DEMO_CREDENTIALS.huawei, {}, /duration 60 s is outside 900–86400 s/],
    ['an agency without its account', agency('huawei', 'ci', { domainName: undefined }), DEMO_CREDENTIALS.huawei, {}, /needs the account that owns it/],
    ['an agency without credentials to sign', agency('huawei'), undefined, {}, /needs AK\/SK keys or an IAM token from its source/],
    ['a credential process (an Alibaba Cloud form)', { kind: 'process', cloud: 'otc', origin: 'profile p', command: 'x' }, undefined, {},
      /^profile p: process credentials are not an exchange of the Open Telekom Cloud$/],
  ];
  it.each(cases)('%s', async (_name, source, signer, files, message) => {
    const before = listener.connections();
    const error = await failure(exchange(source, signer, realContext(clock, { stsEndpoint: listener.url, files })));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(message);
    expect(listener.connections()).toBe(before);
  });
});

describe('endpoints', () => {
  it('an unreachable IAM or metadata service exits 4, naming the service', async () => {
    const iam = await failure(exchange(agency('huawei'), DEMO_CREDENTIALS.huawei, realContext(clock, { stsEndpoint: listener.url })));
    expect(iam.exitCode).toBe(4);
    expect(iam.message).toContain(`cannot reach the Huawei Cloud IAM at ${listener.url}`);
    const metadata = await failure(exchange({ kind: 'instance', cloud: 'otc', origin: 't' }, undefined, realContext(clock, { metadataEndpoint: listener.url })));
    expect(metadata.exitCode).toBe(4);
    expect(metadata.message).toContain(`cannot reach the ECS metadata service at ${listener.url}`);
  });

  it('HUAWEICLOUD_SDK_IAM_ENDPOINT points Huawei Cloud exchanges at another IAM when FCINVOKE_STS_ENDPOINT is unset', async () => {
    const context = realContext(clock, { env: { HUAWEICLOUD_SDK_IAM_ENDPOINT: emulator.url } });
    const credentials = await exchange(agency('huawei'), DEMO_CREDENTIALS.huawei, context);
    expect(credentials.kind === 'keys' && credentials.accessKeyId).toMatch(/^TMPAK/);
  });
});
