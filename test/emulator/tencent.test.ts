/**
 * The emulated SCF API 3.0: official-SDK requests pass, and its API behaviour. Tampered requests, for every
 * provider: test/conformance/emulator.test.ts.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { invoke } from '../../src/engine/invoke.js';
import { tencentProvider } from '../../src/providers/tencent/index.js';
import type { HttpRequest } from '../../src/providers/types.js';
import { FAKE } from '../helpers/secrets.js';
import { send, useCaseEmulators } from '../conformance/emulator-cases.js';

const require = createRequire(import.meta.url);
const scf = require('tencentcloud-sdk-nodejs-scf') as {
  scf: { v20180416: { Client: new (config: unknown) => Record<string, (request: unknown) => Promise<any>> } };
};

const { keys, emulator, input, signed } = useCaseEmulators('tencent');

/** The `Response` of SCF's answer, which is HTTP 200 for errors too. */
async function sendRaw(request: HttpRequest): Promise<any> {
  const answer = await send(request);
  expect(answer.status).toBe(200);
  return answer.json.Response;
}

describe('the official SDK against the emulator', () => {
  function client() {
    return new scf.scf.v20180416.Client({
      credential: { secretId: FAKE.tencent.id, secretKey: FAKE.tencent.secret },
      region: 'ap-guangzhou',
      profile: { httpProfile: { endpoint: new URL(emulator().url).host, protocol: 'http://' } },
    });
  }

  it('invokes hello and gets its result, log and metrics', async () => {
    const response = await client()['InvokeFunction']!({
      FunctionName: 'hello',
      Event: '{"name":"SDK"}',
      LogType: 'Tail',
    });
    expect(JSON.parse(response.Result.RetMsg)).toEqual({ message: 'Hello, SDK!' });
    expect(response.Result.InvokeResult).toBe(0);
    expect(response.Result.Log).toContain('saying hello to SDK');
    expect(response.Result.BillDuration).toBeGreaterThanOrEqual(1);
    expect(typeof response.RequestId).toBe('string');
  });

  it('invokes asynchronously with Invoke and gets a FunctionRequestId', async () => {
    const response = await client()['Invoke']!({ FunctionName: 'echo', InvocationType: 'Event', ClientContext: '{}' });
    expect(response.Result.FunctionRequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('surfaces ResourceNotFound.Function to the SDK as an error', async () => {
    await expect(client()['InvokeFunction']!({ FunctionName: 'no-such-fn', Event: '{}' })).rejects.toMatchObject({
      code: 'ResourceNotFound.Function',
    });
  });
});

describe('API behaviour', () => {
  it('answers ResourceNotFound.Function for an unknown function', async () => {
    const response = await sendRaw(signed({ functionName: 'missing-fn' }));
    expect(response.Error.Code).toBe('ResourceNotFound.Function');
    expect(response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers InvalidParameterValue.Param for an Event that is not JSON', async () => {
    const response = await sendRaw(signed({ event: new TextEncoder().encode('{nope') }));
    expect(response.Error.Code).toBe('InvalidParameterValue.Param');
  });

  it('reports a throwing function with InvokeResult ≠ 0 and its error JSON', async () => {
    const response = await sendRaw(signed({ functionName: 'fail' }));
    expect(response.Result.InvokeResult).not.toBe(0);
    expect(JSON.parse(response.Result.ErrMsg)).toMatchObject({ errorMessage: 'this function always fails', statusCode: 430 });
  });

  it('runs through the whole client pipeline to a normalized result', async () => {
    const invocation = await invoke(tencentProvider, input({ functionName: 'echo' }), keys);
    expect(invocation.result).toMatchObject({ status: 'ok', result: { name: 'Ada' }, provider: 'tencent' });
    expect(invocation.result.metrics.memoryUsedBytes).toBeGreaterThan(0);
  });
});

describe('without a region (seed 000: Region "is not required for this API")', () => {
  it('the official SDK with no region and our client with none both invoke', async () => {
    const sdk = new scf.scf.v20180416.Client({
      credential: { secretId: FAKE.tencent.id, secretKey: FAKE.tencent.secret },
      region: '',
      profile: { httpProfile: { endpoint: new URL(emulator().url).host, protocol: 'http://' } },
    });
    const response = await sdk['InvokeFunction']!({ FunctionName: 'hello', Event: '{"name":"SDK"}' });
    expect(JSON.parse(response.Result.RetMsg)).toEqual({ message: 'Hello, SDK!' });
    const invocation = await invoke(tencentProvider, input({ region: undefined }), keys);
    expect(invocation.request.headers).not.toHaveProperty('X-TC-Region');
    expect(invocation.result).toMatchObject({ status: 'ok', result: { message: 'Hello, Ada!' } });
  });
});
