/**
 * Conformance concern "responses": for every provider, a recorded answer of each outcome every API has (a sync
 * success, a function error, an API refusal, an accepted async call) and the exact normalized result its parser
 * must give. The driver is responses.test.ts; answers only one API has stay in test/unit/<id>-response.test.ts.
 */
import type { ProviderId } from '../../src/providers/registry.js';
import { expect } from 'vitest';
import type { InvokeInput, RawResponse } from '../../src/providers/types.js';
import { fixture } from './cases.js';

export interface ResponseRow {
  /** What the case shows. */
  name: string;
  response: RawResponse;
  input?: Partial<InvokeInput>;
  /** The result's fields beyond `expectedResult`'s defaults (sync, no result, logs, metrics or error). */
  result: Record<string, unknown>;
  /** The payload as text, `null` for none, or `'present'` when only its presence is asserted. */
  payload?: string | null | 'present';
  /** The details, exactly (`details`) or in part (`detailsLike`). */
  details?: Record<string, unknown>;
  detailsLike?: Record<string, unknown>;
  hint?: RegExp;
  /** A pattern the logs must match, besides the result's own `logs`. */
  logs?: RegExp;
}

/** The outcomes every provider's table must show (coverage.test.ts checks it). */
export const OUTCOMES = ['sync ok', 'function_error', 'api_error', 'async accepted'] as const;

/** Which of OUTCOMES a row shows. */
export function outcomeOf(row: ResponseRow): string {
  const status = String(row.result['status']);
  if (status !== 'ok') return status;
  return row.input?.invocationType === 'async' ? 'async accepted' : 'sync ok';
}

const MIB = 1024 * 1024;
const ASYNC = { invocationType: 'async' } as const;
const HELLO = { message: 'Hello, Ada!' };
const HELLO_TEXT = '{"message":"Hello, Ada!"}';
const metrics = (durationMs: number, billedDurationMs: number | null, memoryUsedBytes: number) => ({ durationMs, billedDurationMs, memoryUsedBytes });
const error = (code: string, message: string) => ({ code, message });
/** The log tail Function Compute returns (both APIs) for the hello function. */
const fcLog = (requestId: string) => `FC Invoke Start RequestId: ${requestId}\nsaying hello to Ada\nFC Invoke End RequestId: ${requestId}\n`;
/** The details of a Function Compute sync answer (both APIs). */
const fcDetails = (instanceId: string, codeChecksum: string) => ({ httpStatus: 200, instanceId, executedVersion: 'LATEST', codeChecksum, logTruncated: false });

/** An SCF API 3.0 answer: the JSON envelope, as the API sends it. */
function scf(body: unknown): RawResponse {
  return { status: 200, headers: { 'content-type': 'application/json' }, body: new TextEncoder().encode(JSON.stringify(body)) };
}

/** FunctionGraph's answers, shared by huawei and otc (recorded on Huawei Cloud; the OTC API is the same). */
function functionGraphRows(provider: 'huawei' | 'otc'): ResponseRow[] {
  const fixtureOf = (name: string) => fixture('huawei', name);
  const request = (n: number) => `a1b2c3d4-0000-4000-8000-00000000000${n}`;
  const failure = 'this function always fails';
  return [
    {
      name: 'a v1 success: payload, decoded log, metrics in ms and bytes, memory size',
      response: fixtureOf('sync-ok'),
      result: { status: 'ok', requestId: request(1), result: HELLO, logs: expect.stringContaining('saying hello to Ada\n'), metrics: metrics(1.913, 100, 43528192) },
      logs: /^2024\/05\/01 08:00:00 GMT\+08:00 Start invoke request/,
      payload: HELLO_TEXT,
      details: { httpStatus: 200, logTruncated: false, memorySizeMb: 128, functionStatus: 200, responseVersion: 'v1' },
    },
    {
      name: 'a function error from X-Is-Func-Err, X-Func-Err-Code verbatim and the error object',
      response: fixtureOf('function-error'),
      result: {
        ...{ status: 'function_error', requestId: request(2), error: error('1', failure), logs: `about to fail\nError: ${failure}\n` },
        ...{ result: { errorMessage: failure, errorType: 'Error', stackTrace: ['at handler (/opt/function/code/index.js:3:9)'] }, metrics: metrics(3.2, 4, 50 * MIB) },
      },
      details: { httpStatus: 200, logTruncated: false, memorySizeMb: 256, functionStatus: 500, responseVersion: 'v1' },
    },
    {
      name: 'a non-zero X-Func-Err-Code alone, the text result as message',
      response: fixtureOf('function-error-code-only'),
      input: { logs: false },
      result: { status: 'function_error', requestId: request(3), result: 'task timed out after 3.00 seconds', error: error('FSS.0408', 'task timed out after 3.00 seconds') },
    },
    {
      name: 'an API Gateway refusal with its code, message, request id and hint',
      response: fixtureOf('api-error-signature'),
      result: { status: 'api_error', requestId: '0f1e2d3c4b5a69788796a5b4c3d2e1f0', error: error('APIGW.0301', 'Incorrect IAM authentication information: verify aksk signature fail') },
      ...{ payload: null, detailsLike: { httpStatus: 401 }, hint: /15 minutes/ },
    },
    {
      name: 'the nested {error: {code, message}} shape, the id from X-Cff-Request-Id',
      response: fixtureOf('api-error-not-found'),
      result: { status: 'api_error', requestId: request(4), error: error('FSS.1051', 'Not found the function') },
      details: { httpStatus: 404, hint: expect.stringContaining('--project-id') },
    },
    {
      name: `an accepted async call (${provider})`,
      response: fixtureOf('async-accepted'),
      input: ASYNC,
      ...{ result: { invocationType: 'async', status: 'ok', requestId: request(5) }, payload: null },
    },
  ];
}

export const RESPONSE_ROWS: Record<ProviderId, ResponseRow[]> = {
  tencent: [
    {
      name: 'a sync success with log, metrics and the execution id',
      response: scf({
        Response: {
          Result: {
            ...{ MemUsage: 7954432, Log: 'START\nhello\nEND\n', RetMsg: HELLO_TEXT, ErrMsg: '' },
            ...{ Duration: 1.234, BillDuration: 2, FunctionRequestId: 'exec-1', InvokeResult: 0 },
          },
          RequestId: 'req-1',
        },
      }),
      input: { qualifier: '$LATEST' },
      result: {
        ...{ qualifier: '$LATEST', status: 'ok', requestId: 'req-1', functionRequestId: 'exec-1' },
        ...{ result: HELLO, logs: 'START\nhello\nEND\n', metrics: metrics(1.234, 2, 7954432) },
      },
      payload: HELLO_TEXT,
    },
    {
      name: 'InvokeResult ≠ 0 with an error JSON as a function error',
      response: scf({ Response: { Result: { RetMsg: '{"errorMessage":"boom","statusCode":430}', InvokeResult: -1 }, RequestId: 'r' } }),
      result: { status: 'function_error', requestId: 'r', result: { errorMessage: 'boom', statusCode: 430 }, error: error('FunctionError.430', 'boom') },
      payload: 'present',
    },
    {
      name: 'any other Error as an API error with a hint where one is known',
      response: scf({ Response: { Error: { Code: 'AuthFailure.SignatureExpire', Message: 'Signature expired' }, RequestId: 'r9' } }),
      result: { status: 'api_error', requestId: 'r9', error: error('AuthFailure.SignatureExpire', 'Signature expired') },
      ...{ payload: null, hint: /clock/ },
    },
    {
      name: 'only the execution id for an accepted async invocation',
      response: scf({ Response: { Result: { FunctionRequestId: 'exec-9' }, RequestId: 'r' } }),
      input: ASYNC,
      ...{ result: { invocationType: 'async', status: 'ok', requestId: 'r', functionRequestId: 'exec-9' }, payload: null },
    },
  ],
  'tencent-v2': [
    {
      name: 'a success in the documented example spelling (retMsg, log, memUsage, billDuration)',
      response: fixture('tencent-v2', 'sync-ok'),
      result: {
        ...{ status: 'ok', requestId: '3f1c2b8e-8f7a-4c5e-9d1a-0c9b7e6a5d4f', result: HELLO },
        ...{ logs: 'START RequestId: 3f1c\nsaying hello to Ada\nEND RequestId: 3f1c\n', metrics: metrics(1.234, 2, 12345678) },
      },
      ...{ payload: HELLO_TEXT, details: { httpStatus: 200, logTruncated: false } },
    },
    {
      name: 'a success in the English table spelling (payLoad, logMsg, memSize)',
      response: fixture('tencent-v2', 'sync-ok-english'),
      result: { status: 'ok', requestId: '9a8b7c6d-0000-4000-8000-000000000001', result: 'plain text result', logs: 'one line\n', metrics: metrics(35.5, null, 2097152) },
      payload: '"plain text result"',
    },
    {
      name: 'a non-empty errMsg as a function error, the function error JSON as payload',
      response: fixture('tencent-v2', 'function-error'),
      result: {
        ...{ status: 'function_error', requestId: '5e5e5e5e-1111-4222-8333-444444444444', error: error('FunctionError.430', 'boom') },
        ...{ result: { errorCode: -1, errorMessage: 'boom', stackTrace: 'Error: boom', statusCode: 430 }, logs: 'about to fail\nError: boom\n', metrics: metrics(3, 3, MIB) },
      },
      payload: '{"errorCode":-1,"errorMessage":"boom","stackTrace":"Error: boom","statusCode":430}',
    },
    {
      name: 'code 4100 as an API error, the number verbatim, codeDesc in the message and a hint',
      response: fixture('tencent-v2', 'api-error-auth'),
      result: { status: 'api_error', requestId: null, error: error('4100', 'AuthFailure: 身份认证失败，用户身份验证失败') },
      ...{ payload: null, detailsLike: { httpStatus: 200 }, hint: /TENCENTCLOUD_SECRET_KEY/ },
    },
    {
      name: 'an accepted async call as ok with no payload and the request id',
      response: fixture('tencent-v2', 'async-ok'),
      input: ASYNC,
      ...{ result: { invocationType: 'async', status: 'ok', requestId: 'a5a5a5a5-2222-4333-8444-555555555555' }, payload: null },
    },
  ],
  aliyun: [
    {
      name: 'a sync success: payload, decoded log, metrics in bytes, ids',
      response: fixture('aliyun', 'ok'),
      ...fcSyncOk('1-6553f3f0-1a2b3c4d5e6f708192a3b4c5', 85.2, fcDetails('c-6553f3f0-9d2a7c1e4b5f', '8841612387624567890')),
    },
    {
      name: 'a function error from x-fc-error-type and the runtime error JSON',
      response: fixture('aliyun', 'function-error'),
      input: { functionName: 'fail' },
      result: {
        ...{ function: 'fail', status: 'function_error', requestId: '1-6553f3f1-0f0e0d0c0b0a090807060504', error: error('UnhandledInvocationError', 'Error: boom') },
        ...{ result: { errorMessage: 'boom', errorType: 'Error', stackTrace: ['Error: boom', '    at handler (/code/index.js:3:9)'] } },
        ...{ logs: 'about to fail\nError: boom\n', metrics: metrics(3, null, Math.round(40.5 * MIB)) },
      },
      payload: 'present',
    },
    {
      name: 'an API error from the 2023-03-30 Error struct, with a hint',
      response: fixture('aliyun', 'api-error'),
      input: { functionName: 'nope' },
      result: { function: 'nope', status: 'api_error', requestId: '1-64e70cf1-5cbef92ea8fc8c42899cf5d1', error: error('FunctionNotFound', "function 'nope' does not exist.") },
      ...{ payload: null, detailsLike: { httpStatus: 404 }, hint: /--region and --account-id/ },
    },
    {
      name: 'an accepted async invocation as ok with no payload and the task id',
      response: fixture('aliyun', 'async'),
      input: { ...ASYNC, taskId: 'job_42' },
      result: { invocationType: 'async', status: 'ok', requestId: '1-6553f3f3-bbbbbbbbbbbbbbbbbbbbbbbb', functionRequestId: 'job_42' },
      ...{ payload: null, detailsLike: { httpStatus: 202 } },
    },
  ],
  'aliyun-fc2': [
    {
      name: 'a sync success: payload, decoded log, request id, qualifier and metrics in bytes',
      response: fixture('aliyun-fc2', 'sync-ok'),
      ...fcSyncOk('2f9c3c8e-5b0e-4d5a-9f3a-1c2d3e4f5a6b', 9.2, fcDetails('c-64e70cf1-5cbef92ea8fc8c42899c', '1234567890123456789')),
    },
    {
      name: 'the body text as the message of a handled error that is not JSON',
      response: fixture('aliyun-fc2', 'function-error-handled'),
      result: { status: 'function_error', requestId: 'req-handled', result: 'plain failure text', error: error('HandledInvocationError', 'plain failure text') },
    },
    {
      name: 'X-Fc-Error-Type as a function error with the runtime errorMessage',
      response: fixture('aliyun-fc2', 'function-error-unhandled'),
      input: { qualifier: 'prod' },
      result: {
        ...{ qualifier: 'prod', status: 'function_error', requestId: 'req-unhandled', error: error('UnhandledInvocationError', 'boom') },
        ...{ result: { errorMessage: 'boom', errorType: 'Exception', stackTrace: [['/code/index.py', 3, 'handler', 'raise Exception("boom")']] } },
        ...{ logs: 'Traceback (most recent call last):\nException: boom\n', metrics: metrics(3, null, 89338675) },
      },
      ...{ payload: 'present', detailsLike: { executedVersion: '2' } },
    },
    {
      name: 'an {ErrorCode, ErrorMessage} body as an api_error with a hint',
      response: fixture('aliyun-fc2', 'api-error-function-not-found'),
      result: { status: 'api_error', requestId: 'req-404', error: error('FunctionNotFound', "function 'nope' does not exist in service 'demo'") },
      ...{ payload: null, detailsLike: { httpStatus: 404 }, hint: /no such function/ },
    },
    {
      name: 'Code/Message, the request id from the body when no header carries it',
      response: fixture('aliyun-fc2', 'api-error-code-message'),
      result: { status: 'api_error', requestId: '1-64e70cf1-5cbef92ea8fc8c42899cf5d1', error: error('ResourceExhausted', 'too many concurrent requests') },
      details: { httpStatus: 429, hint: expect.stringMatching(/throttled/) },
    },
    {
      name: 'an accepted async invocation as ok with no payload and the stateful id',
      response: fixture('aliyun-fc2', 'async-accepted'),
      input: { ...ASYNC, taskId: 'job_42' },
      ...{ result: { invocationType: 'async', status: 'ok', requestId: 'req-async', functionRequestId: 'job_42' }, payload: null, details: { httpStatus: 202 } },
    },
    {
      name: 'null logs and metrics when the headers are absent, a text payload kept as text',
      response: fixture('aliyun-fc2', 'no-log-header'),
      input: { logs: false },
      result: { status: 'ok', requestId: 'req-nolog', result: 'plain text result' },
    },
  ],
  huawei: functionGraphRows('huawei'),
  otc: functionGraphRows('otc'),
};

/** The checks of a Function Compute sync success (both APIs): the hello payload, its log, metrics in bytes, details. */
function fcSyncOk(requestId: string, memoryMib: number, details: Record<string, unknown>): Pick<ResponseRow, 'result' | 'payload' | 'details'> {
  const result = { status: 'ok', requestId, result: HELLO, logs: fcLog(requestId), metrics: metrics(12, null, Math.round(memoryMib * MIB)) };
  return { result, payload: HELLO_TEXT, details };
}
