/**
 * Parses SCF API 3.0 responses into the normalized result (providers.md §1.4, §7). Never throws.
 *
 * Every API outcome arrives as HTTP 200 with `{"Response": …}`; a function failure is either a `Result` with
 * `InvokeResult` ≠ 0 / a non-empty `ErrMsg`, or `FailedOperation.InvokeFunction` whose message is the function's
 * error JSON with a `statusCode` ≥ 400 — the docs do not pin down which, so both are read as function errors.
 */
import type { Invocation, InvocationDetails } from '../../core/result.js';
import { decodePayload } from '../../core/result.js';
import { asNumber, asString, isRecord, tryParseJson, utf8 } from '../shared/json.js';
import { baseResult, unreadableResponse } from '../shared/result.js';
import type { InvokeInput, RawResponse } from '../types.js';
import { tencentHintFor } from './error-codes.js';
import { LOG_TAIL_BYTES } from './limits.js';
import { encodeUtf8 } from '../shared/text.js';

/** Parses one SCF API 3.0 response. */
export function parseTencentResponse(response: RawResponse, input: InvokeInput): Invocation {
  const parsed = tryParseJson(utf8(response.body));
  const envelope = isRecord(parsed) && isRecord(parsed['Response']) ? parsed['Response'] : undefined;
  if (envelope === undefined) {
    return unreadableResponse(input, response, 'the SCF API answered without a {"Response": …} JSON body');
  }
  const requestId = asString(envelope['RequestId']) ?? null;
  const base = { ...baseResult(input), requestId };
  const details: InvocationDetails = { httpStatus: response.status };

  if (isRecord(envelope['Error'])) {
    // An empty Code is as good as none: the error line needs something to name.
    const code = asString(envelope['Error']['Code']) || 'UnknownError';
    const message = asString(envelope['Error']['Message']) ?? '';
    const functionError = code === 'FailedOperation.InvokeFunction' ? readFunctionErrorJson(message) : undefined;
    if (functionError !== undefined) {
      return {
        result: {
          ...base,
          status: 'function_error',
          result: decodePayload(encodeUtf8(message)),
          error: functionError,
        },
        payload: encodeUtf8(message),
        details,
      };
    }
    const hint = tencentHintFor(code);
    return {
      result: { ...base, status: 'api_error', error: { code, message } },
      payload: null,
      details: hint === undefined ? details : { httpStatus: response.status, hint },
    };
  }

  const result = envelope['Result'];
  if (!isRecord(result)) {
    return unreadableResponse(input, response, 'the SCF API answered with neither Result nor Error', requestId);
  }
  const functionRequestId = asString(result['FunctionRequestId']) ?? null;
  if (input.invocationType === 'async') {
    return { result: { ...base, functionRequestId }, payload: null, details };
  }

  const retMsg = asString(result['RetMsg']) ?? '';
  const errMsg = asString(result['ErrMsg']) ?? '';
  const invokeResult = asNumber(result['InvokeResult']);
  const failed = (invokeResult !== null && invokeResult !== 0) || errMsg !== '';
  const payloadText = failed && retMsg === '' ? errMsg : retMsg;
  const payload = encodeUtf8(payloadText);
  const log = asString(result['Log']);
  const logs = log === undefined || (log === '' && !input.logs) ? null : log;

  return {
    result: {
      ...base,
      status: failed ? 'function_error' : 'ok',
      functionRequestId,
      result: decodePayload(payload),
      logs,
      metrics: {
        durationMs: asNumber(result['Duration']),
        billedDurationMs: asNumber(result['BillDuration']),
        memoryUsedBytes: asNumber(result['MemUsage']),
      },
      error: failed ? describeFunctionError(errMsg || retMsg, invokeResult) : null,
    },
    payload,
    // Spelled out rather than `{ ...details, logTruncated }`: adding to a spread copy is slow in V8.
    details: { httpStatus: response.status, logTruncated: logs !== null && Buffer.byteLength(logs) >= LOG_TAIL_BYTES },
  };
}

/** The function's error JSON `{errorCode, errorMessage, statusCode}` as `{code, message}`, if it is one. */
function readFunctionErrorJson(text: string): { code: string; message: string } | undefined {
  const parsed = tryParseJson(text);
  if (!isRecord(parsed)) return undefined;
  const statusCode = asNumber(parsed['statusCode']);
  if (statusCode === null || statusCode < 400) return undefined;
  return {
    code: `FunctionError.${statusCode}`,
    message: asString(parsed['errorMessage']) ?? text,
  };
}

function describeFunctionError(text: string, invokeResult: number | null): { code: string; message: string } {
  const fromJson = readFunctionErrorJson(text);
  if (fromJson !== undefined) return fromJson;
  const parsed = tryParseJson(text);
  if (isRecord(parsed)) {
    const message = asString(parsed['errorMessage']);
    if (message !== undefined) return { code: 'FunctionError', message };
  }
  return {
    code: 'FunctionError',
    message: text !== '' ? text : `the function failed (InvokeResult ${invokeResult ?? 'unknown'})`,
  };
}
