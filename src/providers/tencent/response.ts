/**
 * Parses SCF API 3.0 responses into the normalized result (providers.md §1.4, §7). Never throws.
 *
 * Every API outcome arrives as HTTP 200 with `{"Response": …}`; a function failure is either a `Result` with
 * `InvokeResult` ≠ 0 / a non-empty `ErrMsg`, or `FailedOperation.InvokeFunction` whose message is the function's
 * error JSON with a `statusCode` ≥ 400 — the docs do not pin down which, so both are read as function errors; the
 * API's code then stays in `details.apiErrorCode`. `InternalError[.*]` says the API failed after it had the call,
 * not that the function did not run, so it is `outcome_unknown` (exit 5), sync or async: a sync InvokeFunction
 * waits for the run, and an async Invoke may have queued the event before failing.
 */
import type { Invocation, InvocationDetails } from '../../core/result.js';
import { decodePayload } from '../../core/result.js';
import { asNumber, asString, isRecord, tryParseJson, utf8 } from '../shared/json.js';
import { baseResult, unreadableResponse, type ProviderDetails } from '../shared/result.js';
import type { InvokeInput, RawResponse } from '../types.js';
import { isTencentInternalError, tencentHintFor } from './error-codes.js';
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
      const functionDetails: ProviderDetails = { httpStatus: response.status, apiErrorCode: code };
      return {
        result: {
          ...base,
          status: 'function_error',
          result: decodePayload(encodeUtf8(message)),
          error: functionError,
        },
        payload: encodeUtf8(message),
        details: functionDetails,
      };
    }
    const hint = hintFor(code, input);
    return {
      result: { ...base, status: isTencentInternalError(code) ? 'outcome_unknown' : 'api_error', error: { code, message } },
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

/**
 * The code's hint; for a not-found code when no region was given, first that: seed 000 makes Region optional but
 * does not say which region the API then looks in, so the function may live in another one.
 */
function hintFor(code: string, input: InvokeInput): string | undefined {
  const hint = tencentHintFor(code);
  if ((input.region !== undefined && input.region !== '') || !code.startsWith('ResourceNotFound')) return hint;
  const noRegion = 'no region was given, so SCF may have looked in another region than the function\'s; give --region (e.g. ap-guangzhou)';
  return hint === undefined ? noRegion : `${noRegion}; else ${hint}`;
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
