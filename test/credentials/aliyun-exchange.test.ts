/**
 * The Alibaba Cloud exchanges end to end against a real emulator with an injected clock: STS AssumeRole from static
 * keys, AssumeRoleWithOIDC from a token file, the ECS instance role, the credentials URI and an External process;
 * the issued keys invoke a function through the engine, and are refused once the clock passes their expiry.
 */
import { request as undiciRequest } from 'undici';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AssumeRoleSource, ExchangeSource, WebIdentitySource } from '../../src/core/credential-source.js';
import type { Credentials } from '../../src/core/credentials.js';
import { ConfigError, CredentialError, type FcinvokeError } from '../../src/core/errors.js';
import type { HttpRequest } from '../../src/core/http.js';
import { exchange } from '../../src/engine/credentials/aliyun/index.js';
import type { ExchangeContext, TemporaryCredentials } from '../../src/engine/credentials/types.js';
import { invoke } from '../../src/engine/invoke.js';
import { ALIYUN_INSTANCE_ROLE } from '../../src/emulator/credentials/aliyun.js';
import { REFUSED_ROLE_NAME } from '../../src/emulator/credentials/index.js';
import { DEMO_CREDENTIALS } from '../../src/emulator/demo-credentials.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { aliyunProvider } from '../../src/providers/aliyun/index.js';
import type { InvokeInput } from '../../src/providers/types.js';
import { send, TransportError } from '../../src/transport/http.js';
import { useEmulator } from '../helpers/emulator.js';
import { FAKE, expectNoSecrets } from '../helpers/secrets.js';

// The emulator reads the injected clock for everything (request dates, issuing, expiry); the client signs with the
// same clock, as a client whose clock agrees with the cloud's would.
const START = Math.floor(Date.now() / 1000) * 1000;
const clock = { ms: START };
const now = () => new Date(clock.ms);
const ROLE = 'acs:ram::1234567890123456:role/ci';
const PROVIDER = 'acs:ram::1234567890123456:oidc-provider/github';
const TOKEN_FILE = '/run/secrets/oidc-token';
const demo = DEMO_CREDENTIALS.aliyun;
let emulator: RunningEmulator;
let files: Record<string, string>;

beforeAll(async () => {
  emulator = await useEmulator({ now });
});
afterEach(() => {
  clock.ms = START;
});

function context(overrides: Partial<ExchangeContext> = {}): ExchangeContext {
  return {
    now,
    send: (request, options) => send(request, options),
    readText: async (path) => files[path],
    runProcess: async () => {
      throw new Error('no process in this test');
    },
    env: {},
    stsEndpoint: emulator.url,
    metadataEndpoint: emulator.url,
    timeoutMs: 5_000,
    ...overrides,
  };
}

const assumeRole = (change: Partial<AssumeRoleSource> = {}): AssumeRoleSource => ({
  kind: 'assume-role',
  cloud: 'aliyun',
  origin: 'profile ci',
  roleArn: ROLE,
  durationSeconds: 900,
  via: { kind: 'static', cloud: 'aliyun', origin: 'the demo keys', credentials: demo },
  ...change,
});
const webIdentity = (change: Partial<WebIdentitySource> = {}): WebIdentitySource => ({
  kind: 'web-identity',
  cloud: 'aliyun',
  origin: 'ALIBABA_CLOUD_ROLE_ARN',
  roleArn: ROLE,
  providerId: PROVIDER,
  tokenFile: TOKEN_FILE,
  ...change,
});

function input(): InvokeInput {
  return {
    provider: 'aliyun',
    functionName: 'hello',
    event: new TextEncoder().encode('{"name":"Ada"}'),
    invocationType: 'sync',
    logs: false,
    endpoint: emulator.url,
    region: 'cn-hangzhou',
    accountId: FAKE.aliyun.account,
  };
}

/** The error a promise rejects with (a resolved one fails the test). */
async function failure(promise: Promise<unknown>): Promise<FcinvokeError> {
  const outcome: unknown = await promise.catch((caught: unknown) => caught);
  expect(outcome).toBeInstanceOf(Error);
  return outcome as FcinvokeError;
}

describe('each exchange invokes a function with the keys it got, until they expire', () => {
  beforeAll(() => {
    files = { [TOKEN_FILE]: `${emulator.issuer.mintOidcToken({ ttlSeconds: 7200 })}\n` };
  });

  const uri = () => `${emulator.url}/latest/meta-data/ram/security-credentials/${ALIYUN_INSTANCE_ROLE}`;
  const cases: Array<[string, () => ExchangeSource, Credentials | undefined, number, Partial<ExchangeContext>]> = [
    ['AssumeRole from static keys', () => assumeRole(), demo, 900, {}],
    ['AssumeRoleWithOIDC from a token file', () => webIdentity({ durationSeconds: 1800 }), undefined, 1800, {}],
    ['the ECS instance role', () => ({ kind: 'instance', cloud: 'aliyun', origin: 'ALIBABA_CLOUD_ECS_METADATA' }), undefined, 21_600, {}],
    ['the credentials URI', () => ({ kind: 'uri', cloud: 'aliyun', origin: 'ALIBABA_CLOUD_CREDENTIALS_URI', url: uri() }), undefined, 21_600, {}],
  ];

  it.each(cases)('%s', async (_name, source, signer, seconds, overrides) => {
    const before = emulator.exchanges();
    const credentials = await exchange(source(), signer, context(overrides));
    expect(credentials).toMatchObject({ kind: 'keys', accessKeyId: expect.stringMatching(/^STS\./), securityToken: expect.any(String) });
    expect(credentials.expiresAt).toEqual(new Date(START + seconds * 1000));
    const counted = Object.entries(emulator.exchanges()).filter(([id, count]) => count !== (before[id] ?? 0));
    expect(counted.map(([id]) => id)).toEqual([source().kind === 'assume-role' || source().kind === 'web-identity' ? 'aliyun-sts' : 'aliyun-metadata']);

    const fresh = await invoke(aliyunProvider, input(), credentials as Credentials, { now });
    expect(fresh.result).toMatchObject({ status: 'ok', result: { message: 'Hello, Ada!' } });

    clock.ms = START + seconds * 1000 + 1000;
    const expired = await invoke(aliyunProvider, input(), credentials as Credentials, { now });
    expect(expired.result.status).toBe('api_error');
    expect(expired.result.error?.code).toBe('InvalidAccessKeyID');
  });

  it('an External process: its printed keys are used as they are', async () => {
    const printed = JSON.stringify({ mode: 'AK', access_key_id: demo.accessKeyId, access_key_secret: demo.accessKeySecret });
    const credentials = await exchange(
      { kind: 'process', cloud: 'aliyun', origin: 'profile ext', command: 'print-keys' },
      undefined,
      context({ runProcess: async (command) => (command === 'print-keys' ? printed : '') }),
    );
    expect(credentials).toEqual({ ...demo, expiresAt: undefined });
    expect((await invoke(aliyunProvider, input(), credentials as Credentials, { now })).result.status).toBe('ok');
  });

  it('chains: keys from one AssumeRole sign the next', async () => {
    const first = await exchange(assumeRole(), demo, context());
    const second = await exchange(assumeRole({ roleArn: `${ROLE}-deploy` }), first as Credentials, context());
    expect(second).not.toMatchObject({ accessKeyId: (first as { accessKeyId: string }).accessKeyId });
    expect((await invoke(aliyunProvider, input(), second as Credentials, { now })).result.status).toBe('ok');
  });
});

describe('refusals map to the contract, naming the role, never a secret or token', () => {
  beforeAll(() => {
    files = { [TOKEN_FILE]: emulator.issuer.mintOidcToken({ ttlSeconds: 60 }), '/bad': 'not.a.token' };
  });

  const refused: Array<[string, () => ExchangeSource, Credentials | undefined, string, string]> = [
    ['the documented refused role', () => assumeRole({ roleArn: `acs:ram::1:role/${REFUSED_ROLE_NAME}` }), demo, 'NoPermission', 'trust policy'],
    ['a malformed role ARN', () => assumeRole({ roleArn: 'acs:ram::x:role/ci' }), demo, 'InvalidParameter.RoleArn', 'role ARN like'],
    ['an unknown key', () => assumeRole(), { kind: 'keys', accessKeyId: FAKE.aliyun.id, accessKeySecret: FAKE.aliyun.secret }, 'InvalidAccessKeyId.NotFound', 'signing keys'],
    ['a wrong secret', () => assumeRole(), { ...demo, accessKeySecret: FAKE.aliyun.secret }, 'SignatureDoesNotMatch', 'signing keys'],
    ['a token that is not the demo issuer\'s', () => webIdentity({ tokenFile: '/bad' }), undefined, 'AuthenticationFail.OIDCToken.Invalid', 'OIDC token'],
    ['a malformed OIDC provider ARN', () => webIdentity({ providerId: 'github' }), undefined, 'InvalidParameter.OIDCProviderArn', 'role settings'],
    ['the refused role by OIDC', () => webIdentity({ roleArn: `acs:ram::1:role/${REFUSED_ROLE_NAME}` }), undefined, 'NoPermission', PROVIDER],
  ];

  it.each(refused)('%s: exit 3, %s', async (_name, source, signer, code, hint) => {
    const error = await failure(exchange(source(), signer, context()));
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(new RegExp(`^Alibaba STS refused AssumeRole(WithOIDC)? for \\S+: ${code.replace(/\./g, '\\.')} \\(HTTP \\d+, request id [0-9A-F-]+\\)$`));
    expect(error.hint).toContain(hint);
    expectNoSecrets(error.message, String(error.hint));
    expect(`${error.message}${error.hint}`).not.toContain(files[TOKEN_FILE]);
  });

  it('SignatureDoesNotMatch quotes the server string to sign, with the session token: it is never echoed', async () => {
    const temporary = await exchange(assumeRole(), demo, context());
    const error = await failure(exchange(assumeRole(), { ...temporary, accessKeySecret: 'wrong' } as Credentials, context()));
    expect(error.message).toContain('SignatureDoesNotMatch');
    expect(`${error.message}\n${error.hint}`).not.toContain(temporary.kind === 'keys' ? temporary.securityToken : 'x');
  });

  it('an expired OIDC token is refused with the cloud code', async () => {
    clock.ms = START + 120_000;
    const error = await failure(exchange(webIdentity(), undefined, context()));
    expect(error.message).toContain('AuthenticationFail.OIDCToken.Expired');
  });

  it('settings that cannot work are exit 2 and send nothing', async () => {
    const before = JSON.stringify(emulator.exchanges());
    for (const [source, signer] of [
      [assumeRole({ durationSeconds: 100 }), demo],
      [assumeRole({ sessionName: 'x' }), demo],
      [assumeRole(), { kind: 'token', token: 'bearer' }],
      [webIdentity({ tokenFile: '/missing' }), undefined],
    ] as Array<[ExchangeSource, Credentials | undefined]>) {
      const error = await failure(exchange(source, signer, context()));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.exitCode).toBe(2);
    }
    expect(JSON.stringify(emulator.exchanges())).toBe(before);
  });

  it.each([
    ['STS', () => assumeRole(), demo, { stsEndpoint: 'http://127.0.0.1:1' }, 'cannot reach Alibaba STS at http://127.0.0.1:1'],
    ['the metadata service', () => ({ kind: 'instance', cloud: 'aliyun', origin: 'x' }) as ExchangeSource, undefined, { metadataEndpoint: 'http://127.0.0.1:1' }, 'cannot reach the ECS metadata service'],
  ])('%s unreachable: exit 4', async (_name, source, signer, overrides, message) => {
    const error = await failure(exchange(source(), signer as Credentials | undefined, context(overrides)));
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.exitCode).toBe(4);
    expect(error.message).toContain(message);
  });

  it('an instance role the instance does not have: exit 3 with the hint to attach it', async () => {
    const error = await failure(exchange({ kind: 'instance', cloud: 'aliyun', origin: 'x', roleName: 'other' }, undefined, context()));
    expect(error.exitCode).toBe(3);
    expect(error.hint).toContain('attach a RAM role');
  });
});

describe('the ECS metadata exchange, hardened mode', () => {
  function recording(failPut: boolean) {
    const seen: HttpRequest[] = [];
    return {
      seen,
      send: (request: HttpRequest, options: { timeoutMs: number }) => {
        seen.push(request);
        if (failPut && request.method === 'PUT') return Promise.reject(new TransportError('ECONNREFUSED', 'refused', 'connect'));
        return send(request, options);
      },
    };
  }
  const instance: ExchangeSource = { kind: 'instance', cloud: 'aliyun', origin: 'x' };

  it('gets a session token first and sends it with both GETs', async () => {
    const { seen, send: recorded } = recording(false);
    await exchange(instance, undefined, context({ send: recorded }));
    expect(seen.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toEqual([
      'PUT /latest/api/token',
      'GET /latest/meta-data/ram/security-credentials/',
      `GET /latest/meta-data/ram/security-credentials/${ALIYUN_INSTANCE_ROLE}`,
    ]);
    expect(seen.slice(1).every((request) => request.headers['X-aliyun-ecs-metadata-token']?.startsWith('fcinvoke-iam.'))).toBe(true);
  });

  it('falls back to token-less GETs when the token call fails, unless ALIBABA_CLOUD_IMDSV1_DISABLED=true', async () => {
    const { seen, send: recorded } = recording(true);
    const env = { ALIBABA_CLOUD_ECS_METADATA: ALIYUN_INSTANCE_ROLE };
    const credentials: TemporaryCredentials = await exchange(instance, undefined, context({ send: recorded, env }));
    expect(credentials.kind).toBe('keys');
    expect(seen.map((request) => request.method)).toEqual(['PUT', 'GET']);
    expect(seen[1]!.headers).toEqual({});
    const error = await failure(exchange(instance, undefined, context({ send: recording(true).send, env: { ...env, ALIBABA_CLOUD_IMDSV1_DISABLED: 'true' } })));
    expect(error.exitCode).toBe(4);
  });
});

describe('the emulated services themselves', () => {
  async function raw(method: 'GET' | 'PUT' | 'POST', path: string, headers: Record<string, string> = {}, body?: string) {
    const response = await undiciRequest(new URL(path, emulator.url), { method, headers, body: body ?? null });
    return { status: response.statusCode, text: await response.body.text() };
  }

  it('the metadata token expires, a wrong one is 401, and token-less GETs are served (normal mode)', async () => {
    const token = (await raw('PUT', '/latest/api/token', { 'x-aliyun-ecs-metadata-token-ttl-seconds': '60' })).text;
    const list = '/latest/meta-data/ram/security-credentials/';
    expect(await raw('GET', list, { 'x-aliyun-ecs-metadata-token': token })).toEqual({ status: 200, text: ALIYUN_INSTANCE_ROLE });
    expect((await raw('GET', list, { 'x-aliyun-ecs-metadata-token': 'forged' })).status).toBe(401);
    expect((await raw('GET', list)).status).toBe(200);
    expect((await raw('PUT', '/latest/api/token', { 'x-aliyun-ecs-metadata-token-ttl-seconds': '0' })).status).toBe(400);
    clock.ms = START + 61_000;
    expect((await raw('GET', list, { 'x-aliyun-ecs-metadata-token': token })).status).toBe(401);
  });

  it('claims only STS 2015-04-01 actions: other RPC calls fall through to the invoke APIs', async () => {
    const before = emulator.exchanges()['aliyun-sts'] ?? 0;
    const other = await raw('POST', '/?Version=2015-04-01&Action=GetCallerIdentity');
    expect(other.status).not.toBe(200);
    expect(emulator.exchanges()['aliyun-sts'] ?? 0).toBe(before);
  });

  it('refuses a replayed request (SignatureNonceUsed) and a stale timestamp (InvalidTimeStamp.Expired)', async () => {
    const requests: HttpRequest[] = [];
    const capture = context({ send: (request, options) => (requests.push(request), send(request, options)) });
    await exchange(assumeRole(), demo, capture);
    const replay = await raw('POST', new URL(requests[0]!.url).pathname + new URL(requests[0]!.url).search, requests[0]!.headers, Buffer.from(requests[0]!.body).toString());
    expect(JSON.parse(replay.text)).toMatchObject({ Code: 'SignatureNonceUsed', HostId: 'sts.aliyuncs.com' });
    const stale = await failure(exchange(assumeRole(), demo, context({ now: () => new Date(START - 16 * 60_000) })));
    expect(stale.message).toContain('InvalidTimeStamp.Expired');
  });
});
