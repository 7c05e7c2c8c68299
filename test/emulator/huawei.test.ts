/**
 * The emulated FunctionGraph API: official-SDK requests pass, FunctionGraph's own error shapes, and our own
 * client's signed requests pass. Tampered requests, for every provider: test/conformance/emulator.test.ts.
 */
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/engine/invoke.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_IAM_TOKEN } from '../../src/providers/huawei/emulator/verify.js';
import { huaweiProvider } from '../../src/providers/huawei/index.js';
import { useEmulator } from '../helpers/emulator.js';
import { FAKE } from '../helpers/secrets.js';
import { emulatorCase, EMULATOR_KEYS, kitFor, send, type EmulatorCase } from '../conformance/emulator-cases.js';

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
const row = emulatorCase('huawei');
const temporary = row.temporary as Extract<EmulatorCase['temporary'], { keys: unknown }>;
const STS_AK = temporary.keys.accessKeyId;
const keys = row.keys;
const stsKeys = temporary.keys;
let emulator: RunningEmulator;
let stsEmulator: RunningEmulator;
/** A separate emulator for the throttling test, so its sleeping executions do not throttle other tests. */
let busyEmulator: RunningEmulator;

beforeAll(async () => {
  emulator = await useEmulator({ env: EMULATOR_KEYS });
  stsEmulator = await useEmulator({ env: temporary.env });
  busyEmulator = await useEmulator({ env: EMULATOR_KEYS });
});

const { input, build, sign, signed } = kitFor(row, () => emulator.url);

function urn(name: string, qualifier = 'latest', project = PROJECT): string {
  return `urn:fss:cn-north-4:${project}:function:default:${name}:${qualifier}`;
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

describe('authentication only this API has (tampered requests: test/conformance/emulator.test.ts)', () => {
  it('refuses a request with no credentials at all, and accepts the demo IAM token', async () => {
    const none = await send(build());
    expect(none).toMatchObject({ status: 401, json: { error_code: 'APIGW.0301' } });
    const demo = await send(sign(build(), { kind: 'token', token: DEMO_IAM_TOKEN }));
    expect(demo.status).toBe(200);
  });
});

describe('FunctionGraph error shapes', () => {
  it('answers FSS.1051 for a function outside package default or another project in the URN', async () => {
    const otherPackage = await send(signed({ functionName: 'tools/hello' }));
    expect(otherPackage).toMatchObject({ status: 404, json: { error_code: 'FSS.1051' } });
    const otherProject = `urn:fss:cn-north-4:ffffffffffffffffffffffffffffffff:function:default:hello:latest`;
    const unsigned = build({ functionName: otherProject, projectId: undefined });
    const response = await send(sign({ ...unsigned, url: unsigned.url.replace('/v2/ffffffffffffffffffffffffffffffff/', `/v2/${PROJECT}/`) }));
    expect(response).toMatchObject({ status: 404, json: { error_code: 'FSS.1051' } });
  });

  it('answers FSS.0413 for a body over 6 MB (sync) or 256 KB (async)', async () => {
    const sync = build({ event: new TextEncoder().encode(JSON.stringify({ x: 'a'.repeat(6 * 1024 * 1024) })) });
    expect(await send(sign(sync))).toMatchObject({ status: 413, json: { error_code: 'FSS.0413' } });
    const async = build({ invocationType: 'async', event: new TextEncoder().encode(JSON.stringify({ x: 'a'.repeat(256 * 1024) })) });
    expect(await send(sign(async))).toMatchObject({ status: 413, json: { error_code: 'FSS.0413' } });
  });

  it('answers FSS.0400 for a malformed URN and a body that is not JSON', async () => {
    const unsigned = build();
    const badUrn = await send(sign({ ...unsigned, url: unsigned.url.replace(':function:', ':fn:') }));
    expect(badUrn).toMatchObject({ status: 400, json: { error_code: 'FSS.0400' } });
    const notJson = await send(sign({ ...unsigned, body: new TextEncoder().encode('{"a":') }));
    expect(notJson).toMatchObject({ status: 400, json: { error_code: 'FSS.0400' } });
  });

  it('answers APIGW.0101 for an API it does not serve', async () => {
    const unsigned = build();
    const response = await send(sign({ ...unsigned, url: unsigned.url.replace('/invocations', '/code') }));
    expect(response).toMatchObject({ status: 404, json: { error_code: 'APIGW.0101' } });
  });

  it('answers FSS.0429 beyond 100 concurrent executions', async () => {
    const sleeper = () =>
      send(signed({ endpoint: busyEmulator.url, functionName: 'sleep', invocationType: 'async', event: new TextEncoder().encode('{"ms":1500}') }));
    const queued = await Promise.all(Array.from({ length: 100 }, sleeper));
    expect(queued.every((response) => response.status === 202)).toBe(true);
    const throttled = await send(signed({ endpoint: busyEmulator.url }));
    expect(throttled).toMatchObject({ status: 429, json: { error_code: 'FSS.0429' } });
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
    const unsigned = build({ requestVersion: 'v0' });
    const raw = await send(sign(unsigned));
    expect(raw.headers['x-cff-response-version']).toBe('v0');
    expect(raw.json).toEqual({ message: 'Hello, Ada!' });
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
