/**
 * The emulated legacy SCF API v2: the official qcloudapi-sdk 0.2.1 and our own client are accepted (tampered,
 * stale, replayed, unknown-key and token-less requests, refused with the legacy codes of providers.md §2.4, are in
 * test/conformance/emulator.test.ts).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/engine/invoke.js';
import { DEMO_CREDENTIALS } from '../../src/emulator/demo-credentials.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { tencentV2Provider } from '../../src/providers/tencent-v2/index.js';
import type { HttpRequest } from '../../src/providers/types.js';
import { useEmulator } from '../helpers/emulator.js';
import { FAKE } from '../helpers/secrets.js';
import { emulatorCase, EMULATOR_KEYS, kitFor, send as sendRequest, type EmulatorCase } from '../conformance/emulator-cases.js';

const require = createRequire(import.meta.url);
type SdkCallback = (error: unknown, body: unknown) => void;
const QcloudApi = require('qcloudapi-sdk') as new (defaults: Record<string, unknown>) => {
  request(data: Record<string, unknown>, opts: undefined, callback: SdkCallback, extra: Record<string, unknown>): void;
};

interface V2Body {
  code: number;
  message: string;
  codeDesc: string;
  data?: Record<string, unknown>;
}

const row = emulatorCase('tencent-v2');
const KEYS = row.keys;
const temporaryCase = row.temporary as Extract<EmulatorCase['temporary'], { keys: unknown }>;
const TEMPORARY_ID = temporaryCase.keys.accessKeyId;

let emulator: RunningEmulator;
let functionsDir: string;

beforeAll(async () => {
  functionsDir = await mkdtemp(join(tmpdir(), 'fcinvoke-v2-'));
  await writeFile(
    join(functionsDir, 'greet.mjs'),
    'export const main_handler = (event) => { console.log("greeting"); return { greeted: event.who }; };\n',
  );
  emulator = await useEmulator({ functionsDir, env: EMULATOR_KEYS });
});

const { input, signed } = kitFor(row, () => emulator.url);

/** Sends a request and reads the legacy JSON answer (HTTP 200 for errors too). */
async function send(request: HttpRequest): Promise<V2Body> {
  const answer = await sendRequest(request);
  expect(answer.status).toBe(200);
  return answer.json as V2Body;
}

/** The form body as text, so a test can change it. */
const text = (request: HttpRequest) => new TextDecoder().decode(request.body);

/** Calls the official SDK's own `request` (its `request` library, over HTTP to 127.0.0.1). */
/** `data` are the call's parameters; `options` the SDK's (by default POST signed with HmacSHA256). */
function sdkInvoke(data: Record<string, unknown>, options: Record<string, unknown> = {}, target: RunningEmulator = emulator) {
  const api = new QcloudApi({
    SecretId: FAKE.tencent.id,
    SecretKey: FAKE.tencent.secret,
    serviceType: 'scf',
    host: new URL(target.url).host,
    protocol: 'http',
    method: 'POST',
    signatureMethod: 'sha256',
    ...options,
  });
  return new Promise<V2Body>((resolve, reject) => {
    api.request(
      { Region: 'gz', Action: 'InvokeFunction', ...data },
      undefined,
      (error, body) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(body as V2Body)),
      { proxy: false },
    );
  });
}

describe('the official qcloudapi-sdk against the emulator', () => {
  it('invokes hello over POST with HmacSHA256 and gets the payload and log tail', async () => {
    const body = await sdkInvoke({ functionName: 'hello', invokeType: 'RequestResponse', logType: 'Tail', param: '{"name":"Ada"}', Nonce: 101 });
    expect(body.code).toBe(0);
    expect(body.codeDesc).toBe('Success');
    expect(body.data?.['retMsg']).toBe('{"message":"Hello, Ada!"}');
    expect(body.data?.['errMsg']).toBe('');
    expect(body.data?.['log']).toContain('saying hello to Ada');
    expect(typeof body.data?.['requestId']).toBe('string');
    expect(typeof body.data?.['memUsage']).toBe('number');
  });

  it('invokes hello over GET with HmacSHA1 (no SignatureMethod parameter) and a non-ASCII event', async () => {
    const body = await sdkInvoke(
      { functionName: 'hello', invokeType: 'RequestResponse', logType: 'None', param: '{"name":"世界 & co"}', Nonce: 102 },
      { method: 'GET', signatureMethod: 'sha1' },
    );
    expect(body.code).toBe(0);
    expect(body.data?.['retMsg']).toBe('{"message":"Hello, 世界 & co!"}');
    expect(body.data?.['log']).toBe('');
  });

  it('queues an async invocation and answers with only a request id', async () => {
    const body = await sdkInvoke({ functionName: 'hello', invokeType: 'Event', param: '{}', Nonce: 103 });
    expect(body.code).toBe(0);
    expect(Object.keys(body.data ?? {})).toEqual(['requestId']);
  });

  it('is refused with 4100 when the SDK signs with another secret', async () => {
    const body = await sdkInvoke({ functionName: 'hello', param: '{}', Nonce: 104 }, { SecretKey: 'not-the-secret' });
    expect(body).toMatchObject({ code: 4100, codeDesc: 'AuthFailure' });
    expect(body.data).toBeUndefined();
  });

  it('runs a user handler from the functions directory', async () => {
    const body = await sdkInvoke({ functionName: 'greet', invokeType: 'RequestResponse', logType: 'Tail', param: '{"who":"Grace"}', Nonce: 105 });
    expect(body.code).toBe(0);
    expect(body.data?.['retMsg']).toBe('{"greeted":"Grace"}');
    expect(body.data?.['log']).toBe('greeting\n');
  });
});

describe('the legacy API only (tampered requests: test/conformance/emulator.test.ts)', () => {
  it('does not echo an unknown SecretId (its 4104 refusal: test/conformance/emulator.test.ts)', async () => {
    const request = signed({}, { ...KEYS, accessKeyId: 'AKIDunknownKEY000000000000000000' });
    const body = await send(request);
    expect(body).toMatchObject({ code: 4104 });
    expect(JSON.stringify(body)).not.toContain('AKIDunknownKEY');
  });

  it('refuses a param over 1 MB with 4000, and accepts one of exactly 1 MB', async () => {
    const make = (bytes: number) => new TextEncoder().encode(`"${'a'.repeat(bytes - 2)}"`);
    const over = await send(signed({ functionName: 'echo', event: make(1024 * 1024 + 1), logs: false }));
    expect(over).toMatchObject({ code: 4000 });
    expect(over.message).toContain('param');
    const exact = await send(signed({ functionName: 'echo', event: make(1024 * 1024), logs: false }));
    expect(exact.code).toBe(0);
  });

  it('answers a non-JSON param with 4000', async () => {
    expect(await send(signed({ event: new TextEncoder().encode('{not json') }))).toMatchObject({ code: 4000 });
  });
});

describe('temporary credentials', () => {
  let tokenEmulator: RunningEmulator;
  const temporary = temporaryCase.keys;

  beforeAll(async () => {
    tokenEmulator = await useEmulator({ env: temporaryCase.env });
  });

  it('refuses a request with another Token with 4105, without echoing either', async () => {
    const body = await send(signed({ endpoint: tokenEmulator.url }, { ...temporary, securityToken: 'otherTOKEN' }));
    expect(body).toMatchObject({ code: 4105 });
    expect(JSON.stringify(body)).not.toContain(FAKE.tencent.token);
    expect(JSON.stringify(body)).not.toContain('otherTOKEN');
  });

  it('accepts the official SDK with the Token passed as a parameter', async () => {
    const api = { SecretId: TEMPORARY_ID, method: 'POST', signatureMethod: 'sha256' };
    const ok = await sdkInvoke({ functionName: 'hello', param: '{}', Token: FAKE.tencent.token, Nonce: 9 }, api, tokenEmulator);
    expect(ok.code).toBe(0);
    const refused = await sdkInvoke({ functionName: 'hello', param: '{}', Nonce: 10 }, api, tokenEmulator);
    expect(refused.code).toBe(4105);
  });
});

describe('our client through core/invoke against the emulator', () => {
  it('invokes hello and normalizes the result', async () => {
    const invocation = await invoke(tencentV2Provider, input(), KEYS);
    expect(invocation.result.status).toBe('ok');
    expect(invocation.result.result).toEqual({ message: 'Hello, Ada!' });
    expect(new TextDecoder().decode(invocation.payload!)).toBe('{"message":"Hello, Ada!"}');
    expect(invocation.result.logs).toContain('saying hello to Ada');
    expect(invocation.result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(invocation.result.metrics.memoryUsedBytes).toBeGreaterThan(0);
    expect(invocation.result.metrics.billedDurationMs).toBeGreaterThanOrEqual(1);
  });

  it('signs with HmacSHA1 when asked and is still accepted', async () => {
    const invocation = await invoke(tencentV2Provider, input({ signatureMethod: 'HmacSHA1' }), KEYS);
    expect(invocation.result.status).toBe('ok');
    expect(text(invocation.request)).not.toContain('SignatureMethod');
  });

  it('reports a throwing function as a function error', async () => {
    const invocation = await invoke(tencentV2Provider, input({ functionName: 'fail', event: new TextEncoder().encode('{"message":"boom"}') }), KEYS);
    expect(invocation.result.status).toBe('function_error');
    expect(invocation.result.error).toEqual({ code: 'FunctionError.430', message: 'boom' });
    expect(invocation.result.logs).toContain('about to fail');
  });

  it('queues an async invocation: ok, no payload, a request id', async () => {
    const invocation = await invoke(tencentV2Provider, input({ invocationType: 'async' }), KEYS);
    expect(invocation.result.status).toBe('ok');
    expect(invocation.payload).toBeNull();
    expect(invocation.result.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps only the 4 KB log tail of log-flood and says it was cut', async () => {
    const invocation = await invoke(tencentV2Provider, input({ functionName: 'log-flood' }), KEYS);
    expect(Buffer.byteLength(invocation.result.logs!)).toBeLessThanOrEqual(4096);
    expect(invocation.result.logs).toContain('log line 0200');
    expect(invocation.result.logs).not.toContain('log line 0001');
    expect(invocation.details.logTruncated).toBe(true);
  });

  it('reports an unknown function as API error 5000 with a hint', async () => {
    const invocation = await invoke(tencentV2Provider, input({ functionName: 'missing-fn' }), KEYS);
    expect(invocation.result.status).toBe('api_error');
    expect(invocation.result.error?.code).toBe('5000');
    expect(invocation.details.hint).toContain('--region');
  });

  it('accepts the demo credentials and any region spelling for built-ins', async () => {
    for (const region of ['gz', 'ap-beijing']) {
      const invocation = await invoke(tencentV2Provider, input({ region, functionName: 'echo' }), DEMO_CREDENTIALS.tencent);
      expect(invocation.result.status).toBe('ok');
      expect(invocation.result.result).toEqual({ name: 'Ada' });
    }
  });
});
