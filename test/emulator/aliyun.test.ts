/**
 * The emulated FC 3.0 API: official-SDK requests pass, and its API behaviour. Tampered requests, for every
 * provider: test/conformance/emulator.test.ts.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { invoke } from '../../src/engine/invoke.js';
import { aliyunProvider } from '../../src/providers/aliyun/index.js';
import type { KeyCredentials } from '../../src/providers/types.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { FAKE } from '../helpers/secrets.js';
import { send, useCaseEmulators } from '../conformance/emulator-cases.js';

const require = createRequire(import.meta.url);
interface SdkResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Readable;
}
const fc = require('@alicloud/fc20230330') as {
  default: new (config: unknown) => {
    invokeFunctionWithOptions(name: string, request: unknown, headers: unknown, runtime: unknown): Promise<SdkResponse>;
  };
  InvokeFunctionRequest: new (map: Record<string, unknown>) => unknown;
  InvokeFunctionHeaders: new (map: Record<string, unknown>) => unknown;
};
const { Config } = (require('@alicloud/openapi-core') as { $OpenApiUtil: { Config: new (map: Record<string, unknown>) => unknown } })
  .$OpenApiUtil;

const { keys, temporary, emulator, sts, input, build, sign, signed } = useCaseEmulators('aliyun');

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

describe('the official SDK against the emulator', () => {
  function client(target: RunningEmulator = emulator(), credentials: Record<string, string> = {}) {
    return new fc.default(
      new Config({
        accessKeyId: FAKE.aliyun.id,
        accessKeySecret: FAKE.aliyun.secret,
        ...credentials,
        endpoint: new URL(target.url).host,
        protocol: 'http',
        regionId: 'cn-hangzhou',
      }),
    );
  }
  const body = (text: string) => new fc.InvokeFunctionRequest({ body: Readable.from([Buffer.from(text)]) });
  /** Invokes `name` through the SDK `sdk` (by default with the fake keys) with these FC headers. */
  const invokeSdk = (name: string, request: unknown, headers: Record<string, string> = {}, sdk = client()) =>
    sdk.invokeFunctionWithOptions(name, request, new fc.InvokeFunctionHeaders(headers), {});

  it('invokes hello and gets its output, log and request id', async () => {
    const response = await invokeSdk('hello', body('{"name":"SDK"}'), { xFcInvocationType: 'Sync', xFcLogType: 'Tail' });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(await readAll(response.body))).toEqual({ message: 'Hello, SDK!' });
    expect(Buffer.from(response.headers['x-fc-log-result']!, 'base64').toString('utf8')).toContain('saying hello to SDK');
    expect(response.headers['x-fc-request-id']).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(response.headers['x-fc-error-type']).toBeUndefined();
  });

  it('invokes with a qualifier and is told which version ran', async () => {
    const response = await invokeSdk('echo', new fc.InvokeFunctionRequest({ qualifier: 'prod', body: Readable.from([Buffer.from('"x"')]) }));
    expect(response.headers['x-fc-invocation-service-version']).toBe('prod');
    expect(await readAll(response.body)).toBe('x');
  });

  it('invokes asynchronously and gets 202 with the task id', async () => {
    const response = await invokeSdk('echo', body('{}'), { xFcInvocationType: 'Async', xFcAsyncTaskId: 'sdk_task-1' });
    expect(response.statusCode).toBe(202);
    expect(await readAll(response.body)).toBe('');
    expect(response.headers['x-fc-async-task-id']).toBe('sdk_task-1');
  });

  it('signs STS requests the emulator accepts', async () => {
    const response = await invokeSdk('hello', body('{}'), {}, client(sts(), { accessKeyId: FAKE.aliyun.stsId, securityToken: FAKE.aliyun.token }));
    expect(response.statusCode).toBe(200);
  });

  it('surfaces FunctionNotFound to the SDK as a client error', async () => {
    await expect(invokeSdk('no-such-fn', body('{}'))).rejects.toMatchObject({ code: 'FunctionNotFound', statusCode: 404 });
  });

  it('surfaces a wrong secret to the SDK as SignatureNotMatch', async () => {
    await expect(invokeSdk('hello', body('{}'), {}, client(emulator(), { accessKeySecret: 'not-the-secret' }))).rejects.toMatchObject({ code: 'SignatureNotMatch', statusCode: 403 });
  });
});

describe('signature checks only this API has (the rest: test/conformance/emulator().test.ts)', () => {
  it('refuses a security token added after signing', async () => {
    const { securityToken: _token, ...withoutToken } = temporary.keys;
    const request = sign(build({ endpoint: sts().url }), withoutToken);
    const response = await send({ ...request, headers: { ...request.headers, 'x-acs-security-token': FAKE.aliyun.token } });
    expect(response.json.Code).toBe('SignatureNotMatch');
  });

  it('does not cover x-fc-* headers, as FC does not (providers.md §0.4)', async () => {
    const request = signed();
    const response = await send({ ...request, headers: { ...request.headers, 'x-fc-log-type': 'None' } });
    expect(response.status).toBe(200);
    expect(response.headers['x-fc-log-result']).toBeUndefined();
  });
});

describe('API behaviour', () => {
  it('answers 404 FunctionNotFound with FC error shape for an unknown function', async () => {
    const response = await send(signed({ functionName: 'missing-fn' }));
    expect(response.status).toBe(404);
    expect(response.json).toEqual({
      Code: 'FunctionNotFound',
      Message: "function 'missing-fn' does not exist.",
      RequestId: response.headers['x-fc-request-id'],
    });
  });

  it('answers 400 EntityTooLarge for a sync event over 32 MB', async () => {
    const big = new Uint8Array(32 * 1024 * 1024 + 1).fill(0x61);
    const response = await send(signed({ event: big }));
    expect(response.json).toMatchObject({ Code: 'EntityTooLarge', Message: 'payload size exceeds maximum allowed size (33554432 bytes)' });
  });

  it('reports a throwing function with HTTP 200, x-fc-error-type and its error JSON', async () => {
    const response = await send(signed({ functionName: 'fail', event: new TextEncoder().encode('{"message":"boom"}') }));
    expect(response.status).toBe(200);
    expect(response.headers['x-fc-error-type']).toBe('UnhandledInvocationError');
    expect(response.json).toMatchObject({ errorMessage: 'boom', errorType: 'Error' });
    expect(Array.isArray(response.json.stackTrace)).toBe(true);
  });

  it('reports the memory used even when no log was asked for', async () => {
    const response = await send(signed({ logs: false }));
    expect(Number(response.headers['x-fc-max-memory-usage'])).toBeGreaterThan(0);
  });

  it('accepts an async invocation with 202 and an empty body', async () => {
    const response = await send(signed({ invocationType: 'async', taskId: 'job_1' }));
    expect(response.status).toBe(202);
    expect(response.body.byteLength).toBe(0);
    expect(response.headers['x-fc-async-task-id']).toBe('job_1');
  });

  it('generates the task id of an async call that names none, and the client reports it (seed: "the system automatically generates an ID")', async () => {
    const response = await send(signed({ invocationType: 'async' }));
    expect(response.status).toBe(202);
    expect(response.headers['x-fc-async-task-id']).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    const invocation = await invoke(aliyunProvider, input({ invocationType: 'async' }), keys);
    expect(invocation.result.functionRequestId).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });

  it('runs a user handler from the functions directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fcinvoke-aliyun-'));
    await writeFile(join(dir, 'greet.mjs'), 'export const handler = (event, context) => ({ hi: event.who, fn: context.function.name });\n');
    const withUser = await startEmulator({ port: 0, functionsDir: dir });
    try {
      const demo: KeyCredentials = { kind: 'keys', accessKeyId: 'LTAIfcinvokeDEMO00000000', accessKeySecret: 'fcinvokeDEMOaccessKEYsecret000000' };
      const response = await send(
        signed({ endpoint: withUser.url, functionName: 'greet', event: new TextEncoder().encode('{"who":"you"}') }, demo),
      );
      expect(response.json).toEqual({ hi: 'you', fn: 'greet' });
    } finally {
      await withUser.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('throttles with 429 ResourceExhausted beyond 100 concurrent invocations', async () => {
    const slow = () => send(signed({ functionName: 'sleep', event: new TextEncoder().encode('{"ms":2500}') }));
    const responses = await Promise.all(Array.from({ length: 110 }, slow));
    const throttled = responses.filter((response) => response.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(responses.filter((response) => response.status === 200).length).toBeLessThanOrEqual(100);
    expect(throttled[0]!.json.Code).toBe('ResourceExhausted');
  });

  it('runs through the whole client pipeline to a normalized result', async () => {
    const invocation = await invoke(aliyunProvider, input({ functionName: 'echo', qualifier: '3' }), keys);
    expect(invocation.result).toMatchObject({ status: 'ok', result: { name: 'Ada' }, provider: 'aliyun', qualifier: '3' });
    expect(invocation.result.requestId).toMatch(/^1-/);
    expect(invocation.result.logs).toContain('echoing the event');
    expect(invocation.result.metrics.memoryUsedBytes).toBeGreaterThan(0);
    expect(invocation.result.metrics.durationMs).toBeGreaterThan(0);
    expect(invocation.details.instanceId).toMatch(/^c-/);
    // What ran and its code checksum (providers.md §3.4) go to details; `qualifier` stays what was asked.
    expect(invocation.details).toMatchObject({ executedVersion: '3', codeChecksum: expect.stringMatching(/^\d+$/) });
  });

  it('gives the pipeline an api_error with a hint for an unknown function', async () => {
    const invocation = await invoke(aliyunProvider, input({ functionName: 'nope' }), keys);
    expect(invocation.result.status).toBe('api_error');
    expect(invocation.result.error).toEqual({ code: 'FunctionNotFound', message: "function 'nope' does not exist." });
    expect(invocation.details.httpStatus).toBe(404);
    expect(invocation.details.hint).toContain('--account-id');
  });
});

describe('the account in the Host', () => {
  const fcHost = (id: string) => `${id}.cn-hangzhou.fc.aliyuncs.com`;
  /** Signed with `host` (signed in ACS3) and any extra headers in place before signing. */
  const signedWith = (headers: Record<string, string>) => {
    const unsigned = build();
    return sign({ ...unsigned, headers: { ...unsigned.headers, ...headers } });
  };

  it('accepts an FC host with no account header: there is nothing to compare', async () => {
    const response = await send(signedWith({ host: fcHost(FAKE.aliyun.account) }));
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ message: 'Hello, Ada!' });
  });

  it('accepts an x-fc-account-id that names the Host account', async () => {
    const response = await send(signedWith({ host: fcHost(FAKE.aliyun.account), 'x-fc-account-id': FAKE.aliyun.account }));
    expect(response.status).toBe(200);
  });

  it('refuses an x-fc-account-id naming another account than the Host with 403 AccessDenied', async () => {
    const response = await send(signedWith({ host: fcHost(FAKE.aliyun.account), 'x-fc-account-id': '42' }));
    expect(response.status).toBe(403);
    expect(response.json).toMatchObject({
      Code: 'AccessDenied',
      Message: `The service or function doesn't belong to you: the Host names account ${FAKE.aliyun.account} but x-fc-account-id is 42.`,
    });
  });

  it('accepts any x-fc-account-id when the Host is the emulator address', async () => {
    const response = await send(signedWith({ 'x-fc-account-id': '42' }));
    expect(response.status).toBe(200);
  });
});
