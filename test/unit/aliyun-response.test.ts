/** The FC 3.0 response parser over recorded response shapes (test/fixtures/aliyun) → exact normalized results. */
import { describe, expect, it } from 'vitest';
import { parseAliyunResponse } from '../../src/providers/aliyun/response.js';
import { fixture as recorded, inputMaker } from '../conformance/cases.js';

const fixture = (name: string) => recorded('aliyun', name);
const input = inputMaker('aliyun');

describe('parseAliyunResponse', () => {
  it('uses the body text as the message when a function error body is not JSON', () => {
    const invocation = parseAliyunResponse(fixture('function-error-text'), input());
    expect(invocation.result.status).toBe('function_error');
    expect(invocation.result.error).toEqual({ code: 'HandledInvocationError', message: 'process exited unexpectedly' });
    expect(invocation.result.logs).toBeNull();
  });

  it('reads the older lower-camel error body and takes the request id from the header', () => {
    const invocation = parseAliyunResponse(fixture('api-error-legacy'), input());
    expect(invocation.result.status).toBe('api_error');
    expect(invocation.result.requestId).toBe('4b3a2c1d-0000-1111-2222-333344445555');
    expect(invocation.result.error?.code).toBe('SignatureNotMatch');
    expect(invocation.result.error?.message).toMatch(/^The request signature we calculated/);
    expect(invocation.details.hint).toMatch(/ALIBABA_CLOUD_ACCESS_KEY_SECRET/);
  });

  it('leaves functionRequestId null for an async call without a task id', () => {
    const response = { ...fixture('async'), headers: { 'x-fc-request-id': 'r' } };
    expect(parseAliyunResponse(response, input({ invocationType: 'async' })).result.functionRequestId).toBeNull();
  });

  it('makes an empty 5xx body outcome_unknown, keeping the request id', () => {
    const invocation = parseAliyunResponse(fixture('empty-500'), input());
    expect(invocation.result.status).toBe('outcome_unknown');
    expect(invocation.result.requestId).toBe('1-6553f3f4-cccccccccccccccccccccccc');
    expect(invocation.result.error?.code).toBe('UnreadableResponse');
    expect(invocation.result.error?.message).toMatch(/HTTP 500, empty body/);
  });

  it('makes a garbage 4xx body an api_error named after the status', () => {
    const invocation = parseAliyunResponse(fixture('garbage-400'), input());
    expect(invocation.result.status).toBe('api_error');
    expect(invocation.result.error?.code).toBe('HTTP400');
    expect(invocation.result.error?.message).toContain('Bad Request');
  });

  it('reads a payload but no log when the log header is not base64, and no metrics when absent', () => {
    const invocation = parseAliyunResponse(fixture('invalid-log'), input());
    expect(invocation.result.status).toBe('ok');
    expect(invocation.result.result).toBe('plain text out');
    expect(invocation.result.logs).toBeNull();
    expect(invocation.result.metrics).toEqual({ durationMs: null, billedDurationMs: null, memoryUsedBytes: null });
    expect(invocation.details.logTruncated).toBeUndefined();
  });

  it('reads no log when the header is absent', () => {
    const response = fixture('ok');
    const { ['x-fc-log-result']: _dropped, ...headers } = response.headers;
    expect(parseAliyunResponse({ ...response, headers }, input()).result.logs).toBeNull();
  });

  it('reads an empty 200 body as an empty result', () => {
    const invocation = parseAliyunResponse({ status: 200, headers: {}, body: new Uint8Array(0) }, input());
    expect(invocation.result.status).toBe('ok');
    expect(invocation.result.result).toBe('');
    expect(invocation.payload?.byteLength).toBe(0);
  });

  it('marks a full 4 KB log tail as truncated', () => {
    const log = Buffer.alloc(4096, 'a').toString('base64');
    const invocation = parseAliyunResponse({ status: 200, headers: { 'x-fc-log-result': log }, body: new Uint8Array(0) }, input());
    expect(invocation.details.logTruncated).toBe(true);
    expect(invocation.result.logs).toHaveLength(4096);
  });

  it('keeps the payload byte-exact, invalid UTF-8 included', () => {
    const body = new Uint8Array([0xff, 0x00, 0x41]);
    expect(parseAliyunResponse({ status: 200, headers: {}, body }, input()).payload).toEqual(body);
  });

  it('treats an unexpected 3xx as outcome_unknown', () => {
    const invocation = parseAliyunResponse({ status: 302, headers: { location: '/x' }, body: new Uint8Array(0) }, input());
    expect(invocation.result.status).toBe('outcome_unknown');
  });

  it('never throws, whatever the bytes', () => {
    for (const status of [200, 202, 400, 404, 429, 500, 503]) {
      for (const body of ['', 'null', '[]', '{"Code":5}', '{"Code":"X"}', '\u0000\u00ff']) {
        expect(() =>
          parseAliyunResponse({ status, headers: { 'x-fc-error-type': '', 'x-fc-log-result': '=' }, body: new TextEncoder().encode(body) }, input()),
        ).not.toThrow();
      }
    }
  });
});
