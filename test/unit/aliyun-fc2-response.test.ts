/** The FC 2.0 response parser over response fixtures (providers.md §4.4, §7): exact normalized results. */
import { describe, expect, it } from 'vitest';
import { parseFc2Response } from '../../src/providers/aliyun-fc2/response.js';
import type { RawResponse } from '../../src/providers/types.js';
import { fixture as recorded, inputFor } from '../conformance/cases.js';

const input = inputFor('aliyun-fc2');
const fixture = (name: string) => recorded('aliyun-fc2', name);

describe('parseFc2Response', () => {
  it('reads the lower-camel errorCode/errorMessage casing too', () => {
    const parsed = parseFc2Response(fixture('api-error-lower-camel'), input);
    expect(parsed.result.status).toBe('api_error');
    expect(parsed.result.error).toEqual({
      code: 'SignatureNotMatch',
      message:
        'The request signature we calculated does not match the signature you provided. Check your access key and signing method',
    });
    expect(parsed.details.hint).toMatch(/ALIBABA_CLOUD_ACCESS_KEY_SECRET/);
  });

  it('has no execution id for an async call made without a task id', () => {
    const response = fixture('async-accepted');
    delete response.headers['x-fc-stateful-async-invocation-id'];
    const parsed = parseFc2Response(response, { ...input, invocationType: 'async' });
    expect(parsed.result.functionRequestId).toBeNull();
    expect(parsed.result.status).toBe('ok');
  });

  it('calls an empty 500 outcome_unknown, keeping the request id', () => {
    const parsed = parseFc2Response(fixture('empty-body-500'), input);
    expect(parsed.result).toMatchObject({ status: 'outcome_unknown', requestId: 'req-500', error: { code: 'UnreadableResponse' } });
    expect(parsed.result.error!.message).toContain('HTTP 500, empty body');
  });

  it('calls an unreadable 403 an api_error quoting the body', () => {
    const parsed = parseFc2Response(fixture('garbage-403'), input);
    expect(parsed.result.status).toBe('api_error');
    expect(parsed.result.error!.code).toBe('HTTP403');
    expect(parsed.result.error!.message).toContain('<html><body>Forbidden</body></html>');
  });

  it('calls an unexpected 302 outcome_unknown', () => {
    const parsed = parseFc2Response(fixture('redirect-302'), input);
    expect(parsed.result.status).toBe('outcome_unknown');
  });

  it('gives null logs for a log header that is not base64, and still returns the payload', () => {
    const parsed = parseFc2Response(fixture('invalid-log-header'), input);
    expect(parsed.result).toMatchObject({ status: 'ok', logs: null, result: 'ok' });
    expect(parsed.details.logTruncated).toBe(false);
  });

  it('flags a log tail that fills the 4 KB cap as truncated', () => {
    const log = 'x'.repeat(4096);
    const parsed = parseFc2Response(
      { status: 200, headers: { 'x-fc-log-result': Buffer.from(log).toString('base64') }, body: new Uint8Array(0) },
      input,
    );
    expect(parsed.result.logs).toBe(log);
    expect(parsed.details.logTruncated).toBe(true);
    expect(parsed.result.result).toBe('');
  });

  it('decodes a tail cut inside a multi-byte character with a replacement character', () => {
    const bytes = Buffer.from('日本', 'utf8').subarray(1);
    const parsed = parseFc2Response(
      { status: 200, headers: { 'x-fc-log-result': bytes.toString('base64') }, body: new Uint8Array(0) },
      input,
    );
    expect(parsed.result.logs).toBe('\ufffd\ufffd本');
  });

  it('never throws, whatever the bytes', () => {
    for (const status of [0, 100, 200, 202, 204, 301, 400, 404, 429, 500, 503, 999]) {
      for (const body of ['', '{', 'null', '[]', '{"ErrorCode":5}', '\u0000\uffff']) {
        expect(() =>
          parseFc2Response(
            { status, headers: { 'x-fc-max-memory-usage': 'NaN', 'x-fc-invocation-duration': 'x' }, body: new TextEncoder().encode(body) },
            input,
          ),
        ).not.toThrow();
      }
    }
  });
});

/** The seed's own response parameters and examples (seeds/004, FC 2.0 InvokeFunction): headers as Node reads them. */
const SEED_HEADERS: Record<string, string> = {
  'x-fc-log-result': 'demo log result',
  'x-fc-code-checksum': '5697641582914695457',
  'x-fc-instance-id': '7c43576b-48b1-4c3a-86e5-dcb01872****',
  'x-fc-request-id': 'dab25e58-9356-4e3f-97d6-f044c4****',
  'x-fc-max-memory-usage': '9.2',
  'x-fc-invocation-duration': '10',
  'x-fc-invocation-service-version': 'LATEST',
  'content-type': 'application/json',
};
const seedResponse = (): RawResponse => ({
  status: 200,
  headers: { ...SEED_HEADERS },
  body: new TextEncoder().encode('{\n  "result" : "hello world"\n}'),
});

describe("parseFc2Response and the seed's response parameters", () => {
  it('reports the qualifier asked for and puts X-Fc-Invocation-Service-Version in details.executedVersion', () => {
    const asked = parseFc2Response(seedResponse(), { ...input, qualifier: 'prod' });
    expect(asked.result.qualifier).toBe('prod');
    expect(asked.details).toMatchObject({ executedVersion: 'LATEST' });
    const none = parseFc2Response(seedResponse(), input);
    expect(none.result.qualifier).toBeNull();
    expect(none.details).toMatchObject({ executedVersion: 'LATEST' });
  });

  it('keeps X-Fc-Code-Checksum and X-Fc-Instance-Id in details, and reads every other documented field', () => {
    const parsed = parseFc2Response(seedResponse(), input);
    expect(parsed.details).toEqual({
      httpStatus: 200,
      instanceId: '7c43576b-48b1-4c3a-86e5-dcb01872****',
      executedVersion: 'LATEST',
      codeChecksum: '5697641582914695457',
      logTruncated: false,
    });
    expect(parsed.result).toMatchObject({
      status: 'ok',
      requestId: 'dab25e58-9356-4e3f-97d6-f044c4****',
      result: { result: 'hello world' },
      // "demo log result" is the seed's placeholder, not base64: unreadable, so no log rather than garbage.
      logs: null,
      metrics: { durationMs: 10, billedDurationMs: null, memoryUsedBytes: Math.round(9.2 * 1048576) },
    });
  });

  it('reads X-Fc-Stateful-Async-Invocation-Id of an async answer as the execution id', () => {
    const response: RawResponse = {
      status: 202,
      headers: { 'x-fc-request-id': 'dab25e58-9356-4e3f-97d6-f044c4****', 'x-fc-stateful-async-invocation-id': 'g6u*****iyvhd3jk8s6bhj0hh' },
      body: new Uint8Array(0),
    };
    const parsed = parseFc2Response(response, { ...input, invocationType: 'async' });
    expect(parsed.result).toMatchObject({ status: 'ok', qualifier: null, functionRequestId: 'g6u*****iyvhd3jk8s6bhj0hh' });
  });
});
