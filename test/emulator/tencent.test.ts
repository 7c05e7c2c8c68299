/** The emulated SCF API 3.0: official-SDK requests pass; tampered ones get Tencent's own error codes. */
import { createRequire } from 'node:module';
import { request } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/engine/invoke.js';
import { buildTencentRequest } from '../../src/providers/tencent/request.js';
import { signTc3HmacSha256 } from '../../src/providers/tencent/signer.js';
import { tencentProvider } from '../../src/providers/tencent/index.js';
import type { HttpRequest, InvokeInput, KeyCredentials } from '../../src/providers/types.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { useEmulator } from '../helpers/emulator.js';
import { FAKE } from '../helpers/secrets.js';

const require = createRequire(import.meta.url);
const scf = require('tencentcloud-sdk-nodejs-scf') as {
  scf: { v20180416: { Client: new (config: unknown) => Record<string, (request: unknown) => Promise<any>> } };
};

const STS_ID = 'AKIDfcinvokeSTS0000000000000000000001';
const keys: KeyCredentials = { kind: 'keys', accessKeyId: FAKE.tencent.id, accessKeySecret: FAKE.tencent.secret };
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await useEmulator({
    env: { TENCENTCLOUD_SECRET_ID: FAKE.tencent.id, TENCENTCLOUD_SECRET_KEY: FAKE.tencent.secret },
  });
});

function input(overrides: Partial<InvokeInput> = {}): InvokeInput {
  return {
    provider: 'tencent',
    functionName: 'hello',
    event: new TextEncoder().encode('{"name":"Ada"}'),
    invocationType: 'sync',
    logs: true,
    endpoint: emulator.url,
    region: 'ap-guangzhou',
    ...overrides,
  };
}

async function sendRaw(signed: HttpRequest): Promise<any> {
  const response = await request(signed.url, { method: 'POST', headers: signed.headers, body: signed.body });
  expect(response.statusCode).toBe(200);
  return (await response.body.json() as { Response: unknown }).Response;
}

function sign(request: HttpRequest, credentials: KeyCredentials = keys, at = new Date()): HttpRequest {
  return signTc3HmacSha256(request, credentials, { now: at, nonce: 1 });
}

describe('the official SDK against the emulator', () => {
  function client() {
    return new scf.scf.v20180416.Client({
      credential: { secretId: FAKE.tencent.id, secretKey: FAKE.tencent.secret },
      region: 'ap-guangzhou',
      profile: { httpProfile: { endpoint: new URL(emulator.url).host, protocol: 'http://' } },
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

describe('signature checks', () => {
  it('accepts a request our client signed', async () => {
    const response = await sendRaw(sign(buildTencentRequest(input())));
    expect(response.Error).toBeUndefined();
    expect(JSON.parse(response.Result.RetMsg)).toEqual({ message: 'Hello, Ada!' });
  });

  it('refuses a request whose body changed by one byte after signing', async () => {
    const signed = sign(buildTencentRequest(input()));
    const body = Buffer.from(signed.body);
    body[body.indexOf('Ada')] = 'B'.charCodeAt(0);
    const response = await sendRaw({ ...signed, body });
    expect(response.Error.Code).toBe('AuthFailure.SignatureFailure');
  });

  it('refuses a request signed with the wrong secret key', async () => {
    const response = await sendRaw(sign(buildTencentRequest(input()), { ...keys, accessKeySecret: 'not-the-key' }));
    expect(response.Error.Code).toBe('AuthFailure.SignatureFailure');
  });

  it('refuses an unknown SecretId', async () => {
    const response = await sendRaw(sign(buildTencentRequest(input()), { ...keys, accessKeyId: 'AKIDunknown' }));
    expect(response.Error.Code).toBe('AuthFailure.SecretIdNotFound');
  });

  it('refuses a timestamp more than five minutes old', async () => {
    const response = await sendRaw(sign(buildTencentRequest(input()), keys, new Date(Date.now() - 6 * 60 * 1000)));
    expect(response.Error.Code).toBe('AuthFailure.SignatureExpire');
  });

  it('refuses a changed X-TC-Timestamp even within the skew window', async () => {
    const signed = sign(buildTencentRequest(input()), keys, new Date(Date.now() - 60_000));
    const response = await sendRaw({
      ...signed,
      headers: { ...signed.headers, 'X-TC-Timestamp': String(Number(signed.headers['X-TC-Timestamp']) + 1) },
    });
    expect(response.Error.Code).toBe('AuthFailure.SignatureFailure');
  });

  it('refuses an unsigned request', async () => {
    const unsigned = buildTencentRequest(input());
    const response = await sendRaw({
      ...unsigned,
      headers: { ...unsigned.headers, 'X-TC-Timestamp': String(Math.floor(Date.now() / 1000)) },
    });
    expect(response.Error.Code).toBe('AuthFailure.SignatureFailure');
  });

  it('needs the session token for temporary keys', async () => {
    const sts = await startEmulator({
      port: 0,
      env: {
        TENCENTCLOUD_SECRET_ID: STS_ID,
        TENCENTCLOUD_SECRET_KEY: FAKE.tencent.secret,
        TENCENTCLOUD_SESSION_TOKEN: FAKE.tencent.token,
      },
    });
    const stsKeys: KeyCredentials = { ...keys, accessKeyId: STS_ID };
    const without = await sendRaw(sign(buildTencentRequest(input({ endpoint: sts.url })), stsKeys));
    expect(without.Error.Code).toBe('AuthFailure.TokenFailure');
    const withToken = await sendRaw(
      sign(buildTencentRequest(input({ endpoint: sts.url })), { ...stsKeys, securityToken: FAKE.tencent.token }),
    );
    expect(withToken.Error).toBeUndefined();
    await sts.close();
  });
});

describe('API behaviour', () => {
  it('answers ResourceNotFound.Function for an unknown function', async () => {
    const response = await sendRaw(sign(buildTencentRequest(input({ functionName: 'missing-fn' }))));
    expect(response.Error.Code).toBe('ResourceNotFound.Function');
    expect(response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers InvalidParameterValue.Param for an Event that is not JSON', async () => {
    const response = await sendRaw(sign(buildTencentRequest(input({ event: new TextEncoder().encode('{nope') }))));
    expect(response.Error.Code).toBe('InvalidParameterValue.Param');
  });

  it('answers InvalidParameter.RequestTooLarge for an event over 6 MB', async () => {
    const big = new TextEncoder().encode(JSON.stringify({ x: 'a'.repeat(6 * 1024 * 1024) }));
    const response = await sendRaw(sign(buildTencentRequest(input({ event: big }))));
    expect(response.Error.Code).toBe('InvalidParameter.RequestTooLarge');
  });

  it('reports a throwing function with InvokeResult ≠ 0 and its error JSON', async () => {
    const response = await sendRaw(sign(buildTencentRequest(input({ functionName: 'fail' }))));
    expect(response.Result.InvokeResult).not.toBe(0);
    expect(JSON.parse(response.Result.ErrMsg)).toMatchObject({ errorMessage: 'this function always fails', statusCode: 430 });
  });

  it('keeps only the last 4 KB of a long log', async () => {
    const response = await sendRaw(sign(buildTencentRequest(input({ functionName: 'log-flood' }))));
    expect(Buffer.byteLength(response.Result.Log)).toBeLessThanOrEqual(4096);
    expect(response.Result.Log).toContain('log line 0200');
    expect(response.Result.Log).not.toContain('log line 0001');
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
      profile: { httpProfile: { endpoint: new URL(emulator.url).host, protocol: 'http://' } },
    });
    const response = await sdk['InvokeFunction']!({ FunctionName: 'hello', Event: '{"name":"SDK"}' });
    expect(JSON.parse(response.Result.RetMsg)).toEqual({ message: 'Hello, SDK!' });
    const invocation = await invoke(tencentProvider, input({ region: undefined }), keys);
    expect(invocation.request.headers).not.toHaveProperty('X-TC-Region');
    expect(invocation.result).toMatchObject({ status: 'ok', result: { message: 'Hello, Ada!' } });
  });
});
