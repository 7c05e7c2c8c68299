/** The legacy v2 response parser over recorded-shape fixtures → exact normalized results (providers.md §2.4, §7). */
import { describe, expect, it } from 'vitest';
import { parseTencentV2Response } from '../../src/providers/tencent-v2/response.js';
import type { InvokeInput, RawResponse } from '../../src/providers/types.js';
import { fixture as recorded, inputFor, expectedResult } from '../conformance/cases.js';

const fixture = (name: string) => recorded('tencent-v2', name);
const input = (overrides: Partial<InvokeInput> = {}) => inputFor('tencent-v2', { region: 'gz', ...overrides });
const outcome = (fields: Record<string, unknown>) => expectedResult('tencent-v2', fields);
const text = (payload: Uint8Array | null) => (payload === null ? null : new TextDecoder().decode(payload));

describe('parseTencentV2Response', () => {
  it('keeps retMsg as the payload and errMsg text as the message for a plain-text function error', () => {
    const invocation = parseTencentV2Response(fixture('function-error-text'), input());
    expect(invocation.result.status).toBe('function_error');
    expect(invocation.result.error).toEqual({ code: 'FunctionError', message: 'Task timed out after 3.00 seconds' });
    expect(text(invocation.payload)).toBe('partial');
    expect(invocation.result.logs).toBe('');
    expect(invocation.result.metrics).toEqual({ durationMs: 3000, billedDurationMs: 3000, memoryUsedBytes: 0 });
  });

  it('prefixes codeDesc to the message of a 5000 and gives a region hint', () => {
    const invocation = parseTencentV2Response(fixture('api-error-not-found'), input());
    expect(invocation.result.status).toBe('api_error');
    expect(invocation.result.error).toEqual({
      code: '5000',
      message: 'ResourceNotFound.Function: The function no-such does not exist in region gz.',
    });
    expect(invocation.details.hint).toContain('--region');
  });

  it('reads a code sent as a numeric string and uses codeDesc when the message is empty', () => {
    const invocation = parseTencentV2Response(fixture('api-error-string-code'), input());
    expect(invocation.result.error).toEqual({ code: '4104', message: 'SecretIdNotFound' });
    expect(invocation.details.hint).toContain('TENCENTCLOUD_SECRET_ID');
  });

  it('leaves logs null when the log field is absent, and reads numbers sent as strings', () => {
    const invocation = parseTencentV2Response(fixture('sync-no-log'), input());
    expect(invocation.result.logs).toBeNull();
    expect(invocation.result.result).toBe(42);
    expect(invocation.result.metrics).toEqual({ durationMs: 0.75, billedDurationMs: null, memoryUsedBytes: 4096 });
    expect(invocation.details.logTruncated).toBe(false);
  });

  it('treats a log of the wrong type as no log, and a retMsg object as its JSON text', () => {
    const invocation = parseTencentV2Response(fixture('sync-invalid-log'), input());
    expect(invocation.result.logs).toBeNull();
    expect(invocation.result.status).toBe('ok');
    expect(text(invocation.payload)).toBe('{"inline":true}');
    expect(invocation.result.result).toEqual({ inline: true });
  });

  it('drops an empty log when no log was asked for', () => {
    const response = fixture('function-error-text');
    expect(parseTencentV2Response(response, input({ logs: false })).result.logs).toBeNull();
    expect(parseTencentV2Response(response, input({ logs: true })).result.logs).toBe('');
  });

  it('marks a 4 KB log as truncated', () => {
    const invocation = parseTencentV2Response(fixture('sync-log-tail'), input());
    expect(Buffer.byteLength(invocation.result.logs!)).toBe(4096);
    expect(invocation.details.logTruncated).toBe(true);
    expect(invocation.result.result).toBeNull();
  });

  it.each([
    ['code 0 without data on a sync call', 'outcome_unknown', 'sync-ok-no-data', 'UnreadableResponse'],
    ['an HTML 403 (the front end refused it)', 'api_error', 'garbage-403', 'HTTP403'],
    ['JSON without a numeric code', 'outcome_unknown', 'json-without-code', undefined],
  ])('reads %s as %s', (_what, status, name, code) => {
    const invocation = parseTencentV2Response(fixture(name), input());
    expect(invocation.result.status).toBe(status);
    if (code !== undefined) expect(invocation.result.error?.code).toBe(code);
  });

  it('reads an empty body as outcome unknown without throwing', () => {
    const invocation = parseTencentV2Response(fixture('empty'), input());
    expect(invocation.result).toMatchObject({ status: 'outcome_unknown', error: { code: 'UnreadableResponse' } });
    expect(invocation.result.error?.message).toContain('empty body');
    expect(invocation.payload).toBeNull();
  });

  it('reads an HTML 502 as outcome unknown, quoting the body', () => {
    const invocation = parseTencentV2Response(fixture('garbage-502'), input());
    expect(invocation.result.status).toBe('outcome_unknown');
    expect(invocation.result.error?.message).toContain('502 Bad Gateway');
    expect(invocation.details.httpStatus).toBe(502);
  });

  it('never throws on random bytes', () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const bytes = new Uint8Array(seed % 50).map((_, i) => (seed * 31 + i * 17) % 256);
      const invocation = parseTencentV2Response({ status: 200, headers: {}, body: bytes }, input());
      expect(invocation.result.status).toBe('outcome_unknown');
    }
  });
});

/** A v2 answer whose `data` is what the seed's parameter table says it is: a String holding JSON. */
function withDataString(envelope: Record<string, unknown>, data: Record<string, unknown>): RawResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: new TextEncoder().encode(JSON.stringify({ ...envelope, data: JSON.stringify(data) })),
  };
}

// Seed 001's examples, with their two typos mended so they are JSON (a comma after "retMsg", none after
// "requestId"): the sync data and the async data.
const SEED_SYNC_DATA = {
  duration: 0.422,
  memUsage: 126976,
  log: 'log in func\n',
  requestId: 'c471ac84-2f15-11e7-8501-5254007d2563',
  retMsg: 'Hello from Lambda',
  billDuration: 100,
};
const SEED_ASYNC_DATA = { requestId: '141c9b47-2b19-11e7-9a9b-5254007d2563' };
const SUCCESS = { code: 0, message: '', codeDesc: 'Success' };

describe("parseTencentV2Response and seed 001's data field (String, JSON format)", () => {
  it('reads a sync data that arrives as a JSON string, field by field', () => {
    const parsed = parseTencentV2Response(withDataString(SUCCESS, SEED_SYNC_DATA), input());
    expect(parsed.result).toEqual(outcome({
      status: 'ok',
      requestId: 'c471ac84-2f15-11e7-8501-5254007d2563',
      result: 'Hello from Lambda',
      logs: 'log in func\n',
      metrics: { durationMs: 0.422, billedDurationMs: 100, memoryUsedBytes: 126976 },
    }));
  });

  it('reads the request id of an async data that arrives as a JSON string', () => {
    const parsed = parseTencentV2Response(withDataString(SUCCESS, SEED_ASYNC_DATA), input({ invocationType: 'async' }));
    expect(parsed.result).toMatchObject({ status: 'ok', requestId: '141c9b47-2b19-11e7-9a9b-5254007d2563' });
  });

  it('reads the same object data as before', () => {
    const body = new TextEncoder().encode(JSON.stringify({ ...SUCCESS, data: SEED_SYNC_DATA }));
    const parsed = parseTencentV2Response({ status: 200, headers: {}, body }, input());
    expect(parsed.result).toMatchObject({ status: 'ok', requestId: SEED_SYNC_DATA.requestId, result: 'Hello from Lambda' });
  });

  it('keeps the request id of an API error, from data (object or string) or the envelope', () => {
    const refusal = { code: 4100, message: 'signature mismatch', codeDesc: 'AuthFailure' };
    const fromString = parseTencentV2Response(withDataString(refusal, { requestId: 'req-in-data' }), input());
    expect(fromString.result).toMatchObject({ status: 'api_error', requestId: 'req-in-data', error: { code: '4100' } });
    const fromEnvelope = parseTencentV2Response(
      { status: 200, headers: {}, body: new TextEncoder().encode(JSON.stringify({ ...refusal, requestId: 'req-top' })) },
      input(),
    );
    expect(fromEnvelope.result.requestId).toBe('req-top');
  });

  it('treats a data string that is not JSON as no data: an unknown outcome for a sync call', () => {
    const body = new TextEncoder().encode(JSON.stringify({ ...SUCCESS, data: 'not json' }));
    expect(parseTencentV2Response({ status: 200, headers: {}, body }, input()).result.status).toBe('outcome_unknown');
  });
});
