/**
 * The emulated FunctionGraph API: official-SDK requests pass; tampered ones are refused with API Gateway's and
 * FunctionGraph's own codes; our own client's signed requests pass.
 */
import { createRequire } from 'node:module';
import { request } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/engine/invoke.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_IAM_TOKEN } from '../../src/providers/huawei/emulator/verify.js';
import { huaweiProvider } from '../../src/providers/huawei/index.js';
import { buildHuaweiRequest } from '../../src/providers/huawei/request.js';
import { signHuaweiRequest } from '../../src/providers/huawei/signer.js';
import type { Credentials, HttpRequest, InvokeInput, KeyCredentials } from '../../src/providers/types.js';
import { useEmulator } from '../helpers/emulator.js';
import { FAKE } from '../helpers/secrets.js';

const require = createRequire(import.meta.url);

interface SdkRequest {
  withFunctionUrn(urn: string): SdkRequest;
  withBody(body: unknown): SdkRequest;
  withXCffLogType(value: string): SdkRequest;
  withXCFFRequestVersion(value: string): SdkRequest;
}
interface SdkCredentials {
  withAk(ak: string): SdkCredentials;
  withSk(sk: string): SdkCredentials;
  withProjectId(id: string): SdkCredentials;
  withSecurityToken(token: string): SdkCredentials;
}
type SdkResult = Record<string, unknown>;
interface SdkClient {
  invokeFunction(request: SdkRequest): Promise<SdkResult>;
  asyncInvokeFunction(request: SdkRequest): Promise<SdkResult>;
}
interface SdkBuilder {
  withCredential(credential: SdkCredentials): SdkBuilder;
  withEndpoint(endpoint: string): SdkBuilder;
  build(): SdkClient;
}
const fg = require('@huaweicloud/huaweicloud-sdk-functiongraph') as {
  FunctionGraphClient: { newBuilder(): SdkBuilder };
  InvokeFunctionRequest: new () => SdkRequest;
  AsyncInvokeFunctionRequest: new () => SdkRequest;
};
const core = require('@huaweicloud/huaweicloud-sdk-core') as { BasicCredentials: new () => SdkCredentials };

const PROJECT = FAKE.huawei.project;
const STS_AK = 'FAKEHUAWEISTS000FCINV';
const keys: KeyCredentials = { kind: 'keys', accessKeyId: FAKE.huawei.id, accessKeySecret: FAKE.huawei.secret };
const stsKeys: KeyCredentials = { kind: 'keys', accessKeyId: STS_AK, accessKeySecret: FAKE.huawei.secret, securityToken: FAKE.huawei.token };
let emulator: RunningEmulator;
let stsEmulator: RunningEmulator;
/** A separate emulator for the throttling test, so its sleeping executions do not throttle other tests. */
let busyEmulator: RunningEmulator;

beforeAll(async () => {
  emulator = await useEmulator({ env: { HUAWEICLOUD_SDK_AK: FAKE.huawei.id, HUAWEICLOUD_SDK_SK: FAKE.huawei.secret } });
  stsEmulator = await useEmulator({
    env: { HUAWEICLOUD_SDK_AK: STS_AK, HUAWEICLOUD_SDK_SK: FAKE.huawei.secret, HUAWEICLOUD_SDK_SECURITY_TOKEN: FAKE.huawei.token },
  });
  busyEmulator = await useEmulator({ env: { HUAWEICLOUD_SDK_AK: FAKE.huawei.id, HUAWEICLOUD_SDK_SK: FAKE.huawei.secret } });
});

function urn(name: string, qualifier = 'latest', project = PROJECT): string {
  return `urn:fss:cn-north-4:${project}:function:default:${name}:${qualifier}`;
}

function input(overrides: Partial<InvokeInput> = {}): InvokeInput {
  return {
    provider: 'huawei',
    functionName: 'hello',
    event: new TextEncoder().encode('{"name":"Ada"}'),
    invocationType: 'sync',
    logs: true,
    endpoint: emulator.url,
    region: 'cn-north-4',
    projectId: PROJECT,
    ...overrides,
  };
}

function sign(unsigned: HttpRequest, credentials: Credentials = keys, at = new Date()): HttpRequest {
  return signHuaweiRequest(unsigned, credentials, { now: at, nonce: 1 });
}

async function sendRaw(signed: HttpRequest): Promise<{ status: number; headers: Record<string, string>; body: any }> {
  const response = await request(signed.url, { method: 'POST', headers: signed.headers, body: signed.body });
  const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k, String(v)]));
  const text = await response.body.text();
  return { status: response.statusCode, headers, body: text === '' ? undefined : JSON.parse(text) };
}

function sdkClient(endpoint: string, token?: string): SdkClient {
  let credentials = new core.BasicCredentials()
    .withAk(token === undefined ? FAKE.huawei.id : STS_AK)
    .withSk(FAKE.huawei.secret)
    .withProjectId(PROJECT);
  if (token !== undefined) credentials = credentials.withSecurityToken(token);
  return fg.FunctionGraphClient.newBuilder().withCredential(credentials).withEndpoint(endpoint).build();
}

describe('the official SDK against the emulator', () => {
  it('invokes hello synchronously and gets the v1 envelope', async () => {
    const response = await sdkClient(emulator.url).invokeFunction(
      new fg.InvokeFunctionRequest().withFunctionUrn(urn('hello')).withBody({ name: 'Ada' }).withXCffLogType('tail').withXCFFRequestVersion('v1'),
    );
    expect(response['httpStatusCode']).toBe(200);
    expect(JSON.parse(response['result'] as string)).toEqual({ message: 'Hello, Ada!' });
    expect(response['log']).toContain('saying hello to Ada');
    expect(response['request_id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response['X-Cff-Request-Id']).toBe(response['request_id']);
  });

  it('invokes with temporary keys and their security token', async () => {
    const response = await sdkClient(stsEmulator.url, FAKE.huawei.token).invokeFunction(
      new fg.InvokeFunctionRequest().withFunctionUrn(urn('echo', '!prod')).withBody({ 你好: '世界' }).withXCFFRequestVersion('v1'),
    );
    expect(JSON.parse(response['result'] as string)).toEqual({ 你好: '世界' });
  });

  it('queues an async invocation and answers 202 with a request id', async () => {
    const response = await sdkClient(emulator.url).asyncInvokeFunction(
      new fg.AsyncInvokeFunctionRequest().withFunctionUrn(urn('hello')).withBody({}),
    );
    expect(response['httpStatusCode']).toBe(202);
    expect(response['request_id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gets FSS.1051 for an unknown function, as the SDK reports it', async () => {
    const error = await sdkClient(emulator.url)
      .invokeFunction(new fg.InvokeFunctionRequest().withFunctionUrn(urn('no-such-function')).withBody({}))
      .then(() => undefined, (thrown: unknown) => thrown as Record<string, unknown>);
    expect(error).toMatchObject({ httpStatusCode: 404, errorCode: 'FSS.1051' });
  });

  it('gets APIGW.0301 when the temporary key comes without its token', async () => {
    const error = await sdkClient(stsEmulator.url, 'not-the-token')
      .invokeFunction(new fg.InvokeFunctionRequest().withFunctionUrn(urn('hello')).withBody({}))
      .then(() => undefined, (thrown: unknown) => thrown as Record<string, unknown>);
    expect(error).toMatchObject({ httpStatusCode: 401, errorCode: 'APIGW.0301' });
  });
});

describe('tampered requests', () => {
  const good = () => sign(buildHuaweiRequest(input()));

  it('accepts the untampered request (the baseline for the cases below)', async () => {
    const response = await sendRaw(good());
    expect(response.status).toBe(200);
  });

  it('refuses a request whose body changed by one byte', async () => {
    const signed = good();
    const body = Buffer.from(signed.body);
    body[body.length - 3] = 'b'.charCodeAt(0);
    const response = await sendRaw({ ...signed, body });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error_code: 'APIGW.0301', error_msg: expect.stringContaining('verify aksk signature fail') });
  });

  it('refuses a request sent to another path than the one signed', async () => {
    const signed = good();
    const response = await sendRaw({ ...signed, url: signed.url.replace(':hello:latest', ':echo:latest') });
    expect(response.status).toBe(401);
    expect(response.body.error_code).toBe('APIGW.0301');
  });

  it('refuses a request whose X-Sdk-Date was changed after signing', async () => {
    const signed = good();
    const date = new Date(Date.now() - 60_000).toISOString().slice(0, 19).replace(/[-:]/g, '') + 'Z';
    const response = await sendRaw({ ...signed, headers: { ...signed.headers, 'X-Sdk-Date': date } });
    expect(response.status).toBe(401);
    expect(response.body.error_code).toBe('APIGW.0301');
  });

  it('refuses a request signed more than 15 minutes ago, and accepts one signed 14 minutes ago', async () => {
    const stale = await sendRaw(sign(buildHuaweiRequest(input()), keys, new Date(Date.now() - 16 * 60_000)));
    expect(stale.status).toBe(401);
    expect(stale.body.error_msg).toContain('15 minutes');
    const recent = await sendRaw(sign(buildHuaweiRequest(input()), keys, new Date(Date.now() - 14 * 60_000)));
    expect(recent.status).toBe(200);
  });

  it('refuses an unknown access key and a wrong secret', async () => {
    const unknown = await sendRaw(sign(buildHuaweiRequest(input()), { ...keys, accessKeyId: 'FAKEUNKNOWNAK00000000' }));
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({ error_code: 'APIGW.0301', error_msg: expect.stringContaining('ak not found') });
    const wrong = await sendRaw(sign(buildHuaweiRequest(input()), { ...keys, accessKeySecret: 'wrong-secret' }));
    expect(wrong.status).toBe(401);
    expect(wrong.body.error_code).toBe('APIGW.0301');
  });

  it('refuses a temporary key without X-Security-Token, and accepts it with the token', async () => {
    const unsigned = buildHuaweiRequest(input({ endpoint: stsEmulator.url }));
    const withoutToken = await sendRaw(sign(unsigned, { ...stsKeys, securityToken: undefined }));
    expect(withoutToken.status).toBe(401);
    expect(withoutToken.body.error_code).toBe('APIGW.0301');
    const signed = sign(unsigned, stsKeys);
    const stripped = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== 'X-Security-Token'));
    expect((await sendRaw({ ...signed, headers: stripped })).status).toBe(401);
    expect((await sendRaw(signed)).status).toBe(200);
  });

  it('refuses a request with no credentials and a wrong IAM token, and accepts the demo token', async () => {
    const unsigned = buildHuaweiRequest(input());
    const none = await sendRaw(unsigned);
    expect(none).toMatchObject({ status: 401, body: { error_code: 'APIGW.0301' } });
    const wrong = await sendRaw(sign(unsigned, { kind: 'token', token: 'MIIwrongTOKEN' }));
    expect(wrong).toMatchObject({ status: 401, body: { error_code: 'APIGW.0301', error_msg: expect.stringContaining('token') } });
    const demo = await sendRaw(sign(unsigned, { kind: 'token', token: DEMO_IAM_TOKEN }));
    expect(demo.status).toBe(200);
  });
});

describe('FunctionGraph error shapes', () => {
  it('answers FSS.1051 for a function outside package default or another project in the URN', async () => {
    const otherPackage = await sendRaw(sign(buildHuaweiRequest(input({ functionName: 'tools/hello' }))));
    expect(otherPackage).toMatchObject({ status: 404, body: { error_code: 'FSS.1051' } });
    const otherProject = `urn:fss:cn-north-4:ffffffffffffffffffffffffffffffff:function:default:hello:latest`;
    const unsigned = buildHuaweiRequest(input({ functionName: otherProject, projectId: undefined }));
    const response = await sendRaw(sign({ ...unsigned, url: unsigned.url.replace('/v2/ffffffffffffffffffffffffffffffff/', `/v2/${PROJECT}/`) }));
    expect(response).toMatchObject({ status: 404, body: { error_code: 'FSS.1051' } });
  });

  it('answers FSS.0413 for a body over 6 MB (sync) or 256 KB (async)', async () => {
    const sync = buildHuaweiRequest(input({ event: new TextEncoder().encode(JSON.stringify({ x: 'a'.repeat(6 * 1024 * 1024) })) }));
    expect(await sendRaw(sign(sync))).toMatchObject({ status: 413, body: { error_code: 'FSS.0413' } });
    const async = buildHuaweiRequest(
      input({ invocationType: 'async', event: new TextEncoder().encode(JSON.stringify({ x: 'a'.repeat(256 * 1024) })) }),
    );
    expect(await sendRaw(sign(async))).toMatchObject({ status: 413, body: { error_code: 'FSS.0413' } });
  });

  it('answers FSS.0400 for a malformed URN and a body that is not JSON', async () => {
    const unsigned = buildHuaweiRequest(input());
    const badUrn = await sendRaw(sign({ ...unsigned, url: unsigned.url.replace(':function:', ':fn:') }));
    expect(badUrn).toMatchObject({ status: 400, body: { error_code: 'FSS.0400' } });
    const notJson = await sendRaw(sign({ ...unsigned, body: new TextEncoder().encode('{"a":') }));
    expect(notJson).toMatchObject({ status: 400, body: { error_code: 'FSS.0400' } });
  });

  it('answers APIGW.0101 for an API it does not serve', async () => {
    const unsigned = buildHuaweiRequest(input());
    const response = await sendRaw(sign({ ...unsigned, url: unsigned.url.replace('/invocations', '/code') }));
    expect(response).toMatchObject({ status: 404, body: { error_code: 'APIGW.0101' } });
  });

  it('answers FSS.0429 beyond 100 concurrent executions', async () => {
    const sleeper = () =>
      sendRaw(
        sign(
          buildHuaweiRequest(
            input({ endpoint: busyEmulator.url, functionName: 'sleep', invocationType: 'async', event: new TextEncoder().encode('{"ms":1500}') }),
          ),
        ),
      );
    const queued = await Promise.all(Array.from({ length: 100 }, sleeper));
    expect(queued.every((response) => response.status === 202)).toBe(true);
    const throttled = await sendRaw(sign(buildHuaweiRequest(input({ endpoint: busyEmulator.url }))));
    expect(throttled).toMatchObject({ status: 429, body: { error_code: 'FSS.0429' } });
  });
});

describe('our own client against the emulator', () => {
  it('invokes hello and reads result, log, metrics and request id', async () => {
    const invocation = await invoke(huaweiProvider, input(), keys);
    expect(invocation.result).toMatchObject({
      provider: 'huawei',
      status: 'ok',
      qualifier: null,
      result: { message: 'Hello, Ada!' },
      error: null,
    });
    expect(invocation.result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(invocation.result.logs).toContain('saying hello to Ada');
    expect(invocation.result.logs).toMatch(/Start invoke request '[0-9a-f-]{36}', version: latest/);
    expect(invocation.result.metrics.billedDurationMs).toBeGreaterThanOrEqual(1);
    expect(invocation.result.metrics.memoryUsedBytes).toBeGreaterThan(0);
    expect(invocation.details.memorySizeMb).toBe(128);
  });

  it("writes the seed's Finish line, billing memory included, and the parser reads it", async () => {
    const invocation = await invoke(huaweiProvider, input(), keys);
    expect(invocation.result.logs).toMatch(
      /Finish invoke request '[0-9a-f-]{36}'\(invoke Succeed\), duration: \d+\.\d{3}ms, billing duration: \d+ms, memory used: \d+\.\d{3}MB, billing memory: 128MB\n$/,
    );
    expect(invocation.details).toMatchObject({ billedMemoryMb: 128, functionStatus: 200 });
  });

  it('answers X-CFF-Request-Version v0 with the result as the body, and the client reads it', async () => {
    const unsigned = buildHuaweiRequest(input({ requestVersion: 'v0' }));
    const raw = await sendRaw(sign(unsigned));
    expect(raw.headers['x-cff-response-version']).toBe('v0');
    expect(raw.body).toEqual({ message: 'Hello, Ada!' });
    const invocation = await invoke(huaweiProvider, input({ requestVersion: 'v0' }), keys);
    expect(invocation.result).toMatchObject({ status: 'ok', result: { message: 'Hello, Ada!' } });
    expect(invocation.result.logs).toContain('saying hello to Ada');
  });

  it('reports a failing function as a function error with the runtime error object', async () => {
    const invocation = await invoke(huaweiProvider, input({ functionName: 'fail' }), keys);
    expect(invocation.result.status).toBe('function_error');
    expect(invocation.result.error).toEqual({ code: '1', message: 'this function always fails' });
    expect(invocation.result.result).toMatchObject({ errorMessage: 'this function always fails', errorType: 'Error' });
  });

  it('keeps only the last 2,000 bytes of a long log and says so', async () => {
    const invocation = await invoke(huaweiProvider, input({ functionName: 'log-flood' }), keys);
    expect(Buffer.byteLength(invocation.result.logs ?? '')).toBeLessThanOrEqual(2000);
    expect(invocation.result.logs).toContain('log line 0200');
    expect(invocation.result.logs).not.toContain('log line 0001');
    expect(invocation.details.logTruncated).toBe(true);
  });

  it('sends no log with logs off, and queues async calls', async () => {
    const quiet = await invoke(huaweiProvider, input({ logs: false }), keys);
    expect(quiet.result.logs).toBeNull();
    const queued = await invoke(huaweiProvider, input({ invocationType: 'async' }), keys);
    expect(queued.result).toMatchObject({ status: 'ok', result: null, invocationType: 'async' });
    expect(queued.result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(queued.payload).toBeNull();
  });

  it('passes with temporary keys, the demo token and a full alias URN', async () => {
    const sts = await invoke(huaweiProvider, input({ endpoint: stsEmulator.url, functionName: urn('echo', '!blue'), projectId: undefined }), stsKeys);
    expect(sts.result).toMatchObject({ status: 'ok', qualifier: '!blue', result: { name: 'Ada' } });
    const token = await invoke(huaweiProvider, input(), { kind: 'token', token: DEMO_IAM_TOKEN });
    expect(token.result.status).toBe('ok');
  });

  it('reports an unknown function as an API error with a hint', async () => {
    const invocation = await invoke(huaweiProvider, input({ functionName: 'no-such-function' }), keys);
    expect(invocation.result).toMatchObject({ status: 'api_error', error: { code: 'FSS.1051' } });
    expect(invocation.details.httpStatus).toBe(404);
    expect(invocation.details.hint).toContain('--project-id');
  });
});
