/** The FunctionGraph response parser over recorded-shape fixtures: exact normalized results, never a throw. */
import { describe, expect, it } from 'vitest';
import { parseHuaweiResponse } from '../../src/providers/huawei/response.js';
import type { RawResponse } from '../../src/providers/types.js';
import { fixture as recorded, inputFor, NO_METRICS, expectedResult } from '../conformance/cases.js';

const fixture = (name: string) => recorded('huawei', name);
const input = inputFor('huawei');
const outcome = (fields: Record<string, unknown>) => expectedResult('huawei', fields);

describe('parseHuaweiResponse', () => {
  it('reads an async 202 as ok with no payload, in snake or camel case', () => {
    const asyncInput = { ...input, invocationType: 'async' as const };
    const snake = parseHuaweiResponse(fixture('async-accepted'), asyncInput);
    expect(snake).toEqual({
      result: outcome({ invocationType: 'async', status: 'ok', requestId: 'a1b2c3d4-0000-4000-8000-000000000005' }),
      payload: null,
      details: { httpStatus: 202 },
    });
    const camel = parseHuaweiResponse(fixture('async-accepted-camel'), asyncInput);
    expect(camel.result.requestId).toBe('a1b2c3d4-0000-4000-8000-000000000006');
  });

  it('makes an empty 200 body an unknown outcome that keeps the request id', () => {
    const invocation = parseHuaweiResponse(fixture('sync-empty-body'), input);
    expect(invocation.result).toMatchObject({
      status: 'outcome_unknown',
      requestId: 'a1b2c3d4-0000-4000-8000-000000000007',
      error: { code: 'UnreadableResponse' },
    });
    expect(invocation.result.error?.message).toContain('empty body');
  });

  it('makes a non-JSON 502 an unknown outcome and a non-JSON 403 an API error', () => {
    const gateway = parseHuaweiResponse(fixture('gateway-garbage'), input);
    expect(gateway.result).toMatchObject({ status: 'outcome_unknown', requestId: null, error: { code: 'UnreadableResponse' } });
    expect(gateway.result.error?.message).toContain('502 Bad Gateway');
    const refused = parseHuaweiResponse(fixture('auth-garbage'), input);
    expect(refused.result).toMatchObject({ status: 'api_error', error: { code: 'HTTP403' } });
  });

  it('gives null logs when the log header is absent and the body log empty', () => {
    const invocation = parseHuaweiResponse(fixture('sync-no-log-header'), input);
    expect(invocation.result).toMatchObject({ status: 'ok', result: 42, logs: null, metrics: NO_METRICS });
    expect(invocation.details).toEqual({ httpStatus: 200, logTruncated: false, functionStatus: 200, responseVersion: 'v1' });
  });

  it('survives an invalid log header and summary, using X-CFF-Billing-Duration when numeric', () => {
    const invocation = parseHuaweiResponse(fixture('sync-invalid-log-header'), input);
    expect(invocation.result).toMatchObject({
      status: 'ok',
      result: 'plain text result',
      logs: null,
      metrics: { durationMs: null, billedDurationMs: 7, memoryUsedBytes: null },
    });
  });

  it('returns a v0 body byte for byte', () => {
    const invocation = parseHuaweiResponse(fixture('sync-v0'), input);
    expect(new TextDecoder().decode(invocation.payload!)).toBe('{"a": [1, 2]}');
    expect(invocation.result).toMatchObject({ status: 'ok', result: { a: [1, 2] } });
  });

  it('marks a 2,000-byte header log as truncated', () => {
    const invocation = parseHuaweiResponse(fixture('sync-log-tail'), input);
    expect(Buffer.byteLength(invocation.result.logs!)).toBe(2000);
    expect(invocation.result.logs).toMatch(/log line 0200: the quick brown fox jumps over the lazy dog\n$/);
    expect(invocation.details.logTruncated).toBe(true);
  });

  it('reports the alias qualifier of a URN, and never throws on a bad function name', () => {
    const alias = parseHuaweiResponse(fixture('sync-no-log-header'), { ...input, qualifier: 'alias:prod' });
    expect(alias.result.qualifier).toBe('!prod');
    const bad = parseHuaweiResponse(fixture('sync-no-log-header'), { ...input, functionName: 'urn:fss:broken', qualifier: undefined });
    expect(bad.result.qualifier).toBeNull();
    expect(bad.result.status).toBe('ok');
  });
});

/**
 * The seed's own example response (seeds/003, "Example Responses", status code 200): the v1 body of Table 5 with
 * none of Table 4's headers, so everything must come from the body and its log.
 */
const SEED_EXAMPLE_BODY = `{
"result" : "{\\"statusCode\\": 200, \\"isBase64Encoded\\": false, \\"body\\": \\"{\\\\\\"key\\\\\\": \\\\\\"value\\\\\\"}\\", \\"headers\\": {\\"Content-Type\\": \\"application/json\\"}}",
"log" : "2022-09-20T11:43:57Z Start invoke request '1cbe80f3-3c65-475e-ad88-76ac518d386a', version: v1\\nHello, World!\\n\\n2022-09-20T11:43:58Z Finish invoke request '1cbe80f3-3c65-475e-ad88-76ac518d386a', duration: 65.828ms, billing duration: 66ms, memory used: 21.473MB, billing memory: 128MB",
"status" : 200,
"request_id" : "1cbe80f3-3c65-475e-ad88-76ac518d386x"
}`;

function seedResponse(body: string = SEED_EXAMPLE_BODY, headers: Record<string, string> = {}): RawResponse {
  return { status: 200, headers, body: new TextEncoder().encode(body) };
}

describe("parseHuaweiResponse and the seed's fields", () => {
  it("reads the seed's example: result, log, request_id, status, and the metrics of the log's Finish line", () => {
    const invocation = parseHuaweiResponse(seedResponse(), input);
    expect(invocation.result).toEqual(outcome({
      status: 'ok',
      requestId: '1cbe80f3-3c65-475e-ad88-76ac518d386x',
      result: { statusCode: 200, isBase64Encoded: false, body: '{"key": "value"}', headers: { 'Content-Type': 'application/json' } },
      logs: expect.stringContaining('Hello, World!\n'),
      metrics: { durationMs: 65.828, billedDurationMs: 66, memoryUsedBytes: 22516072 },
    }));
    expect(invocation.details).toEqual({ httpStatus: 200, logTruncated: false, functionStatus: 200, billedMemoryMb: 128 });
  });

  it('makes a v1 status other than 2xx a function error even without X-Is-Func-Err (Table 5)', () => {
    const failed = SEED_EXAMPLE_BODY.replace('"status" : 200', '"status" : 500');
    const invocation = parseHuaweiResponse(seedResponse(failed), input);
    expect(invocation.result.status).toBe('function_error');
    expect(invocation.result.error).toEqual({ code: 'FunctionError.500', message: 'the function failed (execution status 500)' });
    expect(invocation.details).toMatchObject({ functionStatus: 500 });
    // The headers still win for the code when they name one.
    const withCode = parseHuaweiResponse(seedResponse(failed, { 'x-func-err-code': 'FSS.0408' }), input);
    expect(withCode.result.error?.code).toBe('FSS.0408');
    // And X-Func-Err-Code 0 with status 200 stays ok.
    expect(parseHuaweiResponse(seedResponse(SEED_EXAMPLE_BODY, { 'x-func-err-code': '0' }), input).result.status).toBe('ok');
  });

  it('ignores a v1 status that is not a whole number (found by the parser fuzz: 1e+308 broke the --json schema)', () => {
    for (const status of ['1e+308', '2.5', '"200"']) {
      const invocation = parseHuaweiResponse(seedResponse(SEED_EXAMPLE_BODY.replace('"status" : 200', `"status" : ${status}`)), input);
      expect(invocation.details).not.toHaveProperty('functionStatus', 1e308);
      expect(Number.isSafeInteger(invocation.details.functionStatus ?? 0)).toBe(true);
    }
    const huge = parseHuaweiResponse(seedResponse(SEED_EXAMPLE_BODY.replace('"status" : 200', '"status" : 1e+308')), input);
    expect(huge.result.status).toBe('ok');
    expect(huge.details).not.toHaveProperty('functionStatus');
  });

  it('reads the body as the result when v0 was asked for and no X-Cff-Response-Version came back (Table 2)', () => {
    const invocation = parseHuaweiResponse(seedResponse('Hello, World!'), { ...input, requestVersion: 'v0' });
    expect(invocation.result).toMatchObject({ status: 'ok', result: 'Hello, World!', requestId: null });
    expect(new TextDecoder().decode(invocation.payload!)).toBe('Hello, World!');
    // v1 asked for, v0 answered: the header decides.
    const answeredV0 = parseHuaweiResponse(seedResponse('{"a":1}', { 'x-cff-response-version': 'v0' }), input);
    expect(answeredV0.result).toMatchObject({ status: 'ok', result: { a: 1 } });
    // The shape the answer says it has is in details; an answer that says nothing has none.
    expect(answeredV0.details.responseVersion).toBe('v0');
    expect(invocation.details).not.toHaveProperty('responseVersion');
  });

  it('keeps a non-numeric X-CFF-Billing-Duration: the milliseconds it names, and the text in details', () => {
    const noLog = SEED_EXAMPLE_BODY.replace(/"log" : "[^\n]*",\n/, '');
    const withUnit = parseHuaweiResponse(seedResponse(noLog, { 'x-cff-billing-duration': '66ms' }), input);
    expect(withUnit.result.metrics.billedDurationMs).toBe(66);
    expect(withUnit.details).toMatchObject({ billingInfo: '66ms' });
    const opaque = parseHuaweiResponse(seedResponse(noLog, { 'x-cff-billing-duration': 'billed by the GB-second' }), input);
    expect(opaque.result.metrics.billedDurationMs).toBeNull();
    expect(opaque.details).toMatchObject({ billingInfo: 'billed by the GB-second' });
    // A plain number is the metric and is not repeated in details.
    const plain = parseHuaweiResponse(seedResponse(noLog, { 'x-cff-billing-duration': '66' }), input);
    expect(plain.result.metrics.billedDurationMs).toBe(66);
    expect(plain.details).not.toHaveProperty('billingInfo');
  });

  it('prefers X-Cff-Invoke-Summary to the log, field by field', () => {
    const summary = JSON.stringify({ duration: 1.5, memorySize: 256 });
    const invocation = parseHuaweiResponse(seedResponse(SEED_EXAMPLE_BODY, { 'x-cff-invoke-summary': summary }), input);
    expect(invocation.result.metrics).toEqual({ durationMs: 1.5, billedDurationMs: 66, memoryUsedBytes: 22516072 });
    expect(invocation.details).toMatchObject({ memorySizeMb: 256 });
  });

  it('reports the qualifier asked for: null when none, the version or !alias given, a full URN’s own', () => {
    expect(parseHuaweiResponse(seedResponse(), input).result.qualifier).toBeNull();
    expect(parseHuaweiResponse(seedResponse(), { ...input, qualifier: 'latest' }).result.qualifier).toBe('latest');
    expect(parseHuaweiResponse(seedResponse(), { ...input, qualifier: 'alias:prod' }).result.qualifier).toBe('!prod');
    const urn = 'urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:hello';
    expect(parseHuaweiResponse(seedResponse(), { ...input, functionName: urn }).result.qualifier).toBeNull();
    expect(parseHuaweiResponse(seedResponse(), { ...input, functionName: `${urn}:3` }).result.qualifier).toBe('3');
  });
});
