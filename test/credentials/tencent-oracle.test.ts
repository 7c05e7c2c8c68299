/**
 * Oracles for the Tencent exchanges: the official tencentcloud-sdk-nodejs-common credential classes
 * (STSCredential, OIDCRoleArnCredential explicit and from the TKE_* variables, CvmRoleCredential) obtain
 * credentials from our emulator, which then invoke a function; and our AssumeRole and AssumeRoleWithWebIdentity
 * requests carry the same body bytes, X-TC headers and Authorization as the SDK's at the same instant.
 *
 * The SDK's hosts (sts.tencentcloudapi.com, metadata.tencentyun.com) are kept, so it signs what it signs in the
 * cloud; its fetch is wrapped to record each request and send it to the emulator on 127.0.0.1 instead.
 */
import { createRequire } from 'node:module';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ExchangeSource } from '../../src/core/credential-source.js';
import type { HttpRequest } from '../../src/core/http.js';
import { exchange } from '../../src/engine/credentials/tencent/index.js';
import { invoke } from '../../src/engine/invoke.js';
import { DEMO_CREDENTIALS } from '../../src/emulator/demo-credentials.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { tencentProvider } from '../../src/providers/tencent/index.js';
import { emulatorWithClock, realContext, ROLE_ARN, PROVIDER_ID } from './tencent-context.js';

type SdkCredential = { getCredential(): Promise<{ secretId: string; secretKey: string; token: string }> };
const require = createRequire(import.meta.url);
const fetchModule = require('tencentcloud-sdk-nodejs-common/tencentcloud/common/http/fetch.js') as {
  default: (url: string, config: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<unknown>;
};
const sdk = require('tencentcloud-sdk-nodejs-common/tencentcloud/common/credential.js') as {
  STSCredential: new (clientConfig: unknown, params: unknown) => SdkCredential;
  OIDCRoleArnCredential: new (clientConfig?: unknown, params?: unknown) => SdkCredential & { clientConfig: Record<string, unknown> };
  CvmRoleCredential: new () => SdkCredential;
};

const DEMO = DEMO_CREDENTIALS.tencent;
const CLOUD_HOSTS = /^(https:\/\/sts\.tencentcloudapi\.com|http:\/\/metadata\.tencentyun\.com)/;
const originalFetch = fetchModule.default;
const recorded: Array<{ url: string; headers: Record<string, string>; body: string | undefined }> = [];
let emulator: RunningEmulator;
let directory: string;

beforeAll(async () => {
  ({ emulator } = await emulatorWithClock());
  directory = await mkdtemp(join(tmpdir(), 'fcinvoke-tencent-oracle-'));
  fetchModule.default = (url, config) => {
    recorded.push({ url, headers: { ...(config.headers ?? {}) }, body: config.body });
    return originalFetch(url.replace(CLOUD_HOSTS, emulator.url), config);
  };
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

afterAll(async () => {
  fetchModule.default = originalFetch;
  await rm(directory, { recursive: true, force: true });
});

async function tokenFile(): Promise<string> {
  const path = join(directory, 'token');
  await writeFile(path, emulator.issuer.mintOidcToken());
  return path;
}

/** The SDK's credentials invoke a function on the emulator. */
async function expectInvokes(credential: { secretId: string; secretKey: string; token: string }): Promise<void> {
  expect(credential.secretId).toMatch(/^AKIDtmp/);
  const keys = { kind: 'keys', accessKeyId: credential.secretId, accessKeySecret: credential.secretKey, securityToken: credential.token } as const;
  const invocation = await invoke(
    tencentProvider,
    { provider: 'tencent', functionName: 'hello', event: new TextEncoder().encode('{"name":"SDK"}'), invocationType: 'sync', logs: false, endpoint: emulator.url, region: 'ap-guangzhou' },
    keys,
  );
  expect(invocation.result).toMatchObject({ status: 'ok', result: { message: 'Hello, SDK!' } });
}

describe('the official credential classes get credentials from the emulator', () => {
  const cases: Array<[string, () => Promise<SdkCredential>, string, number]> = [
    [
      'STSCredential (AssumeRole)',
      async () => new sdk.STSCredential({ credential: { secretId: DEMO.accessKeyId, secretKey: DEMO.accessKeySecret } }, { RoleArn: ROLE_ARN, RoleSessionName: 'sdk-oracle', DurationSeconds: 900 }),
      'tencent-sts',
      1,
    ],
    [
      'OIDCRoleArnCredential with explicit parameters',
      async () => new sdk.OIDCRoleArnCredential({ region: 'ap-guangzhou' }, { RoleArn: ROLE_ARN, RoleSessionName: 'sdk-oidc', ProviderId: PROVIDER_ID, WebIdentityToken: emulator.issuer.mintOidcToken() }),
      'tencent-sts',
      1,
    ],
    [
      'OIDCRoleArnCredential from TKE_REGION, TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE, TKE_ROLE_ARN',
      async () => {
        vi.stubEnv('TKE_REGION', 'ap-guangzhou');
        vi.stubEnv('TKE_PROVIDER_ID', PROVIDER_ID);
        vi.stubEnv('TKE_WEB_IDENTITY_TOKEN_FILE', await tokenFile());
        vi.stubEnv('TKE_ROLE_ARN', ROLE_ARN);
        return new sdk.OIDCRoleArnCredential();
      },
      'tencent-sts',
      1,
    ],
    ['CvmRoleCredential (the CVM instance role)', async () => new sdk.CvmRoleCredential(), 'tencent-metadata', 2],
  ];
  it.each(cases)('%s', async (_name, make, service, requests) => {
    const before = emulator.exchanges()[service] ?? 0;
    await expectInvokes(await (await make()).getCredential());
    expect(emulator.exchanges()[service]).toBe(before + requests);
  });
});

describe('our requests are the SDK requests, byte for byte, at the same instant', () => {
  async function sdkRequest(make: () => Promise<SdkCredential>): Promise<(typeof recorded)[number]> {
    recorded.length = 0;
    await (await make()).getCredential();
    expect(recorded).toHaveLength(1);
    return recorded[0]!;
  }

  async function ours(source: ExchangeSource): Promise<HttpRequest> {
    const sent: HttpRequest[] = [];
    const context = realContext({ now: () => new Date() });
    const send = context.send;
    await exchange(source, DEMO, { ...context, send: (request, options) => (sent.push(request), send({ ...request, url: request.url.replace(CLOUD_HOSTS, emulator.url), headers: { ...request.headers, Host: new URL(request.url).host } }, options)) });
    return sent[0]!;
  }

  function expectSame(sdkSent: (typeof recorded)[number], our: HttpRequest): void {
    expect(our.url).toBe(sdkSent.url);
    expect(new TextDecoder().decode(our.body)).toBe(sdkSent.body);
    for (const name of ['Content-Type', 'X-TC-Action', 'X-TC-Version', 'X-TC-Region', 'X-TC-Timestamp', 'Authorization']) {
      expect(our.headers[name], name).toBe(String(sdkSent.headers[name]));
    }
  }

  it('AssumeRole: the SDK STSCredential and our signer give the same Authorization', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Math.floor(Date.now() / 1000) * 1000 });
    const params = { RoleArn: ROLE_ARN, RoleSessionName: 'same-bytes', DurationSeconds: 1800, Policy: encodeURIComponent('{"version":"2.0"}'), ExternalId: 'ext' };
    const sdkSent = await sdkRequest(async () => new sdk.STSCredential({ credential: { secretId: DEMO.accessKeyId, secretKey: DEMO.accessKeySecret } }, params));
    const our = await ours({
      kind: 'assume-role', cloud: 'tencent', origin: 'oracle', roleArn: ROLE_ARN, sessionName: 'same-bytes', durationSeconds: 1800, policy: '{"version":"2.0"}', externalId: 'ext',
      via: { kind: 'static', cloud: 'tencent', origin: 'demo', credentials: DEMO },
    });
    expect(our.headers['Authorization']).toMatch(/^TC3-HMAC-SHA256 Credential=AKIDfcinvokeDEMO0+\/\d{4}-\d{2}-\d{2}\/sts\/tc3_request/);
    expectSame(sdkSent, our);
  });

  it('AssumeRoleWithWebIdentity: the same body and Authorization: SKIP', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Math.floor(Date.now() / 1000) * 1000 });
    const path = await tokenFile();
    const token = await readFile(path, 'utf8');
    const sdkSent = await sdkRequest(async () => new sdk.OIDCRoleArnCredential({ region: 'ap-guangzhou' }, { ProviderId: PROVIDER_ID, WebIdentityToken: token, RoleArn: ROLE_ARN, RoleSessionName: 'same-bytes' }));
    const our = await ours({ kind: 'web-identity', cloud: 'tencent', origin: 'oracle', roleArn: ROLE_ARN, providerId: PROVIDER_ID, tokenFile: path, sessionName: 'same-bytes' });
    expect(our.headers['Authorization']).toBe('SKIP');
    expectSame(sdkSent, our);
  });
});
