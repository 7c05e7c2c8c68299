/**
 * The emulated FC 2.0 API: official-SDK requests pass, and its API behaviour. Tampered requests, for every
 * provider: test/conformance/emulator.test.ts.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { invoke } from '../../src/engine/invoke.js';
import { aliyunFc2Provider } from '../../src/providers/aliyun-fc2/index.js';
import type { KeyCredentials } from '../../src/providers/types.js';
import { useEmulator } from '../helpers/emulator.js';
import { FAKE } from '../helpers/secrets.js';
import { send, useCaseEmulators, withHeaders } from '../conformance/emulator-cases.js';

const require = createRequire(import.meta.url);
interface SdkResponse {
  headers: Record<string, string>;
  data: unknown;
}
type FcClient = {
  invokeFunction(service: string, fn: string, event: unknown, headers?: Record<string, string>, qualifier?: string): Promise<SdkResponse>;
};
const FC = require('@alicloud/fc2') as new (accountId: string, config: Record<string, unknown>) => FcClient;

const { keys, emulator, sts, input, build, sign, signed } = useCaseEmulators('aliyun-fc2');

describe('the official @alicloud/fc2 SDK against the emulator', () => {
  function client(config: Record<string, unknown> = {}, url = emulator().url): FcClient {
    return new FC(FAKE.aliyun.account, {
      accessKeyID: FAKE.aliyun.id,
      accessKeySecret: FAKE.aliyun.secret,
      region: 'cn-hangzhou',
      endpoint: url,
      ...config,
    });
  }

  it('invokes hello and gets its result, the base64 log tail and the metrics headers', async () => {
    const response = await client().invokeFunction('any-service', 'hello', '{"name":"SDK"}', { 'x-fc-log-type': 'Tail' });
    expect(JSON.parse(String(response.data))).toEqual({ message: 'Hello, SDK!' });
    const log = Buffer.from(response.headers['x-fc-log-result']!, 'base64').toString('utf8');
    expect(log).toContain('saying hello to SDK');
    expect(log).toMatch(/^FC Invoke Start RequestId: [0-9a-f-]{36}\n/);
    expect(response.headers['x-fc-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(response.headers['x-fc-invocation-duration'])).toBeGreaterThanOrEqual(1);
    expect(Number(response.headers['x-fc-max-memory-usage'])).toBeGreaterThan(0);
    expect(response.headers['x-fc-error-type']).toBeUndefined();
  });

  it('reaches the built-ins under any service name, qualifier and account id', async () => {
    const other = new FC('9999', { accessKeyID: FAKE.aliyun.id, accessKeySecret: FAKE.aliyun.secret, region: 'cn-beijing', endpoint: emulator().url });
    const response = await other.invokeFunction('svc_42', 'echo', Buffer.from('[1,"二"]'), {}, 'prod');
    expect(JSON.parse(String(response.data))).toEqual([1, '二']);
    expect(response.headers['x-fc-invocation-service-version']).toBe('prod');
  });

  it('signs with STS keys and the security token', async () => {
    const temporary = client({ accessKeyID: FAKE.aliyun.stsId, securityToken: FAKE.aliyun.token }, sts().url);
    const response = await temporary.invokeFunction('demo', 'hello', '{}');
    expect(JSON.parse(String(response.data))).toEqual({ message: 'Hello, world!' });
  });

  it('invokes asynchronously and gets 202 with the stateful id back', async () => {
    const response = await client().invokeFunction('demo', 'echo', '{}', {
      'x-fc-invocation-type': 'Async',
      'x-fc-stateful-async-invocation-id': 'task-1',
    });
    expect(response.data).toBe('');
    expect(response.headers['x-fc-stateful-async-invocation-id']).toBe('task-1');
  });

  it('reports a throwing function with X-Fc-Error-Type and the runtime error JSON', async () => {
    const response = await client().invokeFunction('demo', 'fail', '{}');
    expect(response.headers['x-fc-error-type']).toBe('UnhandledInvocationError');
    expect(JSON.parse(String(response.data))).toMatchObject({ errorMessage: 'this function always fails', errorType: 'Error' });
  });

  it('surfaces FunctionNotFound to the SDK as an error with that code', async () => {
    await expect(client().invokeFunction('demo', 'no-such-fn', '{}')).rejects.toMatchObject({ code: 'FunctionNotFound' });
  });

  it('surfaces a wrong secret to the SDK as SignatureNotMatch', async () => {
    await expect(client({ accessKeySecret: 'not-the-secret' }).invokeFunction('demo', 'hello', '{}')).rejects.toMatchObject({
      code: 'SignatureNotMatch',
    });
  });
});

describe('signature checks only this API has (the rest: test/conformance/emulator().test.ts)', () => {
  it('accepts the built-in demo credentials', async () => {
    const demo: KeyCredentials = { kind: 'keys', accessKeyId: 'LTAIfcinvokeDEMO00000000', accessKeySecret: 'fcinvokeDEMOaccessKEYsecret000000' };
    const answer = await send(signed({}, demo));
    expect(answer.status).toBe(200);
  });

  it('names a refused request with its x-fc-request-id', async () => {
    const answer = await send(signed({}, { ...keys, accessKeySecret: 'not-the-secret' }));
    expect(answer.json).toMatchObject({ ErrorCode: 'SignatureNotMatch' });
    expect(answer.headers['x-fc-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('API behaviour', () => {
  it('answers 400 PathNotSupported for another API path', async () => {
    const request = signed();
    const answer = await send({ ...request, url: request.url.replace('/invocations', '/triggers') });
    expect(answer.status).toBe(400);
    expect(answer.json.ErrorCode).toBe('PathNotSupported');
  });

  it('throttles the call beyond 100 concurrent sync invocations with 429 ResourceExhausted', async () => {
    const busy = await useEmulator({
      env: { ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE.aliyun.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: FAKE.aliyun.secret },
    });
    const slow = () =>
      send(signed({ endpoint: busy.url, functionName: 'demo/sleep', event: new TextEncoder().encode('{"ms":2000}') }));
    const answers = await Promise.all(Array.from({ length: 101 }, slow));
    const throttled = answers.filter((answer) => answer.status === 429);
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    expect(throttled[0]!.json.ErrorCode).toBe('ResourceExhausted');
    expect(answers.filter((answer) => answer.status === 200).length).toBe(101 - throttled.length);
    // Once the burst is over, calls go through again.
    const after = await send(signed({ endpoint: busy.url }));
    expect(after.status).toBe(200);
  });

  it('runs through the whole client pipeline to a normalized result', async () => {
    const invocation = await invoke(aliyunFc2Provider, input({ functionName: 'echo', service: 'svc', qualifier: '7' }), keys);
    expect(invocation.result).toMatchObject({
      provider: 'aliyun-fc2',
      status: 'ok',
      result: { name: 'Ada' },
      qualifier: '7',
      error: null,
    });
    expect(invocation.result.logs).toContain('echoing the event');
    expect(invocation.result.metrics.memoryUsedBytes).toBeGreaterThan(0);
    expect(invocation.details.instanceId).toMatch(/^c-[0-9a-f]{24}$/);
    // The seed's X-Fc-Invocation-Service-Version and X-Fc-Code-Checksum, kept in details.
    expect(invocation.details).toMatchObject({ executedVersion: '7', codeChecksum: expect.stringMatching(/^\d+$/) });
  });

  it('normalizes an async invocation through the pipeline to ok with the task id', async () => {
    const invocation = await invoke(aliyunFc2Provider, input({ invocationType: 'async', taskId: 'job_1' }), keys);
    expect(invocation.result).toMatchObject({ status: 'ok', result: null, functionRequestId: 'job_1' });
    expect(invocation.payload).toBeNull();
    expect(invocation.details.httpStatus).toBe(202);
  });

  it('gives an async call without a task id the id it generated (seed: "Function Compute generates an ID")', async () => {
    const invocation = await invoke(aliyunFc2Provider, input({ invocationType: 'async' }), keys);
    expect(invocation.result.functionRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(invocation.result.functionRequestId).toBe(invocation.result.requestId);
  });

  it('normalizes a function error through the pipeline', async () => {
    const invocation = await invoke(aliyunFc2Provider, input({ functionName: 'demo/fail', event: new TextEncoder().encode('{"message":"boom"}') }), keys);
    expect(invocation.result.status).toBe('function_error');
    expect(invocation.result.error).toEqual({ code: 'UnhandledInvocationError', message: 'boom' });
  });
});

describe('the account in the Host', () => {
  const account = FAKE.aliyun.account;
  const fcHost = (id: string) => `${id}.cn-hangzhou.fc.aliyuncs.com`;

  it('accepts a Host naming the signed x-fc-account-id', async () => {
    const request = signed();
    expect(request.headers['x-fc-account-id']).toBe(account);
    const answer = await send(withHeaders(request, { host: fcHost(account) }));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ message: 'Hello, Ada!' });
  });

  it('accepts the internal and port-carrying host forms of the same account', async () => {
    const request = signed();
    for (const host of [`${account}.cn-shanghai-internal.fc.aliyuncs.com`, `${fcHost(account)}:443`]) {
      expect((await send(withHeaders(request, { host }))).status).toBe(200);
    }
  });

  it('refuses a Host naming another account with 403 AccessDenied, before the function runs', async () => {
    const before = emulator().ledger().runs;
    const answer = await send(withHeaders(signed(), { host: fcHost('9876543210987654') }));
    expect(answer.status).toBe(403);
    expect(answer.json).toEqual({
      ErrorCode: 'AccessDenied',
      ErrorMessage: `The service or function doesn't belong to you: the Host names account 9876543210987654 but x-fc-account-id is ${account}.`,
    });
    expect(emulator().ledger().runs).toBe(before);
  });

  it('refuses a Host naming an account when the signed request carries no x-fc-account-id', async () => {
    const unsigned = build();
    const withoutAccount = withHeaders(unsigned, { 'x-fc-account-id': undefined });
    const answer = await send(withHeaders(sign(withoutAccount), { host: fcHost(account) }));
    expect(answer.status).toBe(403);
    expect(answer.json.ErrorCode).toBe('AccessDenied');
    expect(answer.json.ErrorMessage).toContain('x-fc-account-id is missing');
  });

  it('accepts any account header when the Host is the emulator address or another name without an account', async () => {
    const request = signed({ accountId: '1111' });
    for (const host of [new URL(emulator().url).host, 'localhost:9000', '[::1]:9000', 'fc.example.test']) {
      expect((await send(withHeaders(request, { host }))).status).toBe(200);
    }
  });
});
