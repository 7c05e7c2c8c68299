/** The SCF API 3.0 response parser over real response shapes (providers.md §1.4). */
import { describe, expect, it } from 'vitest';
import { parseTencentResponse } from '../../src/providers/tencent/response.js';
import type { RawResponse } from '../../src/providers/types.js';
import { inputFor } from '../conformance/cases.js';

const input = inputFor('tencent', { qualifier: '$LATEST' });

function response(body: unknown, status = 200): RawResponse {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)),
  };
}

/** FailedOperation.InvokeFunction carrying the function's own error (status code 430). */
function invokeFunctionFailure() {
  const message = '{"errorCode":1,"errorMessage":"user code exception caught","stackTrace":"","statusCode":430}';
  return parseTencentResponse(response({ Response: { Error: { Code: 'FailedOperation.InvokeFunction', Message: message }, RequestId: 'r' } }), input);
}

describe('parseTencentResponse', () => {
  it('keeps a non-JSON return value as text', () => {
    const parsed = parseTencentResponse(
      response({ Response: { Result: { RetMsg: 'plain text', InvokeResult: 0 }, RequestId: 'r' } }),
      input,
    );
    expect(parsed.result.result).toBe('plain text');
    expect(parsed.result.status).toBe('ok');
  });

  it('reads InvokeResult ≠ 0 with an error JSON as a function error', () => {
    const error = '{"errorCode":-1,"errorMessage":"boom","stackTrace":"at x","statusCode":430}';
    const parsed = parseTencentResponse(
      response({ Response: { Result: { RetMsg: error, ErrMsg: error, InvokeResult: -1, Duration: 3 }, RequestId: 'r' } }),
      input,
    );
    expect(parsed.result.status).toBe('function_error');
    expect(parsed.result.error).toEqual({ code: 'FunctionError.430', message: 'boom' });
    expect(parsed.result.result).toMatchObject({ errorMessage: 'boom' });
  });

  it('reads a non-empty ErrMsg alone as a function error', () => {
    const parsed = parseTencentResponse(
      response({ Response: { Result: { RetMsg: '', ErrMsg: 'Task timed out after 3.00 seconds' }, RequestId: 'r' } }),
      input,
    );
    expect(parsed.result.status).toBe('function_error');
    expect(parsed.result.error).toEqual({ code: 'FunctionError', message: 'Task timed out after 3.00 seconds' });
  });

  it('reads FailedOperation.InvokeFunction with a function status code as a function error', () => {
    const parsed = invokeFunctionFailure();
    expect(parsed.result.status).toBe('function_error');
    expect(parsed.result.error).toEqual({ code: 'FunctionError.430', message: 'user code exception caught' });
  });

  it('reads any other Error as an API error with a hint where one is known', () => {
    const parsed = parseTencentResponse(
      response({
        Response: { Error: { Code: 'AuthFailure.SignatureExpire', Message: 'Signature expired' }, RequestId: 'r9' },
      }),
      input,
    );
    expect(parsed.result.status).toBe('api_error');
    expect(parsed.result.requestId).toBe('r9');
    expect(parsed.result.error).toEqual({ code: 'AuthFailure.SignatureExpire', message: 'Signature expired' });
    expect(parsed.details.hint).toMatch(/clock/);
    expect(parsed.payload).toBeNull();
  });

  it('reads FailedOperation.InvokeFunction without a status code as an API error', () => {
    const parsed = parseTencentResponse(
      response({ Response: { Error: { Code: 'FailedOperation.InvokeFunction', Message: 'busy' }, RequestId: 'r' } }),
      input,
    );
    expect(parsed.result.status).toBe('api_error');
  });

  it('returns only the execution id for an accepted async invocation', () => {
    const parsed = parseTencentResponse(
      response({ Response: { Result: { FunctionRequestId: 'exec-9' }, RequestId: 'r' } }),
      { ...input, invocationType: 'async' },
    );
    expect(parsed.result).toMatchObject({ status: 'ok', functionRequestId: 'exec-9', result: null, invocationType: 'async' });
    expect(parsed.payload).toBeNull();
  });

  it('calls an unparsable 200 body outcome_unknown, since the function may have run', () => {
    const parsed = parseTencentResponse(response('<html>gateway</html>'), input);
    expect(parsed.result.status).toBe('outcome_unknown');
    expect(parsed.result.error?.code).toBe('UnreadableResponse');
    expect(parsed.result.error?.message).toContain('gateway');
  });

  it('calls an unparsable 4xx body an API error', () => {
    const parsed = parseTencentResponse(response('Request Entity Too Large', 413), input);
    expect(parsed.result.status).toBe('api_error');
    expect(parsed.result.error?.code).toBe('HTTP413');
  });

  it('calls an empty body outcome_unknown', () => {
    const parsed = parseTencentResponse({ status: 200, headers: {}, body: new Uint8Array() }, input);
    expect(parsed.result.status).toBe('outcome_unknown');
  });

  it('handles a Response with neither Result nor Error', () => {
    const parsed = parseTencentResponse(response({ Response: { RequestId: 'r' } }), input);
    expect(parsed.result.status).toBe('outcome_unknown');
    expect(parsed.result.requestId).toBe('r');
  });
});

describe("parseTencentResponse and seed 000's fields", () => {
  it("reads the seed's example output field by field", () => {
    const seedExample = `{
"Response": {
"Result": {
"MemUsage": 3207168,
"Log": "",
"RetMsg": "hello from scf",
"BillDuration": 100,
"FunctionRequestId": "6add56fa-58f1-11e8-89a9-5254005d5fdb",
"Duration": 0.826,
"ErrMsg": "",
"InvokeResult": 0
},
"RequestId": "c2af8a64-c922-4d55-aee0-bd86a5c2cd12"
}
}`;
    const parsed = parseTencentResponse(response(seedExample), { ...input, qualifier: undefined });
    expect(parsed.result).toEqual({
      provider: 'tencent',
      function: 'hello',
      qualifier: null,
      invocationType: 'sync',
      status: 'ok',
      requestId: 'c2af8a64-c922-4d55-aee0-bd86a5c2cd12',
      functionRequestId: '6add56fa-58f1-11e8-89a9-5254005d5fdb',
      result: 'hello from scf',
      logs: '',
      metrics: { durationMs: 0.826, billedDurationMs: 100, memoryUsedBytes: 3207168 },
      error: null,
    });
  });

  it('keeps the API code FailedOperation.InvokeFunction in details when it carries the function error', () => {
    const parsed = invokeFunctionFailure();
    expect(parsed.result.status).toBe('function_error');
    expect(parsed.result.error?.code).toBe('FunctionError.430');
    expect(parsed.details).toMatchObject({ apiErrorCode: 'FailedOperation.InvokeFunction' });
  });

  it.each(['InternalError', 'InternalError.System'])(
    'calls %s on a sync call outcome_unknown: the function may have run (exit 5)',
    (code) => {
      const parsed = parseTencentResponse(response({ Response: { Error: { Code: code, Message: 'internal error' }, RequestId: 'r5' } }), input);
      expect(parsed.result).toMatchObject({ status: 'outcome_unknown', requestId: 'r5', error: { code, message: 'internal error' } });
      expect(parsed.details.hint).toContain('may have run');
    },
  );

  it('calls InternalError on an async call outcome_unknown too: the event may have been queued', () => {
    const parsed = parseTencentResponse(
      response({ Response: { Error: { Code: 'InternalError.System', Message: 'x' }, RequestId: 'r' } }),
      { ...input, invocationType: 'async' },
    );
    expect(parsed.result.status).toBe('outcome_unknown');
  });

  it('keeps every other seed code an API error (the function did not run)', () => {
    for (const code of ['FailedOperation.FunctionStatusError', 'LimitExceeded.Quota', 'ResourceNotFound.Qualifier', 'InvalidParameterValue']) {
      const parsed = parseTencentResponse(response({ Response: { Error: { Code: code, Message: 'm' }, RequestId: 'r' } }), input);
      expect(parsed.result.status, code).toBe('api_error');
      expect(parsed.details.hint, code).toBeDefined();
    }
  });

  it('adds to a not-found hint that no region was given, when none was', () => {
    const notFound = response({ Response: { Error: { Code: 'ResourceNotFound.Function', Message: 'm' }, RequestId: 'r' } });
    expect(parseTencentResponse(notFound, { ...input, region: undefined }).details.hint).toMatch(/no region was given.*--region/);
    expect(parseTencentResponse(notFound, input).details.hint).not.toMatch(/no region was given/);
  });
});

