/**
 * Parses FC 3.0 `InvokeFunction` responses into the normalized result (providers.md §3.4, §7). Never throws.
 *
 * HTTP ≥ 400 is an API error with a JSON body; HTTP 200 plus `x-fc-error-type` is a function error (the body is
 * the runtime's error JSON); HTTP 202 (or any 2xx to an async call) is an accepted async invocation; any other
 * 2xx is the function's output bytes, verbatim. Metrics, log and ids come from `x-fc-*` headers; the version that
 * ran and the code checksum go to details, as `qualifier` is what was asked for. An async answer's execution id is
 * the `x-fc-async-task-id` it carries: the caller's `--task-id`, or the id FC generates when none was given
 * (seed 002: "the system automatically generates an ID").
 */
import type { Invocation, InvocationDetails, InvocationError, InvocationMetrics } from '../../core/result.js';
import { decodePayload } from '../../core/result.js';
import { decodeBase64Log } from '../shared/base64-log.js';
import { asNumber, asString, isRecord, scaleToInteger, tryParseJson, utf8 } from '../shared/json.js';
import { baseResult, unreadableResponse, type ProviderDetails } from '../shared/result.js';
import type { InvokeInput, RawResponse } from '../types.js';
import {
  HEADER_ASYNC_TASK_ID,
  RESPONSE_DURATION,
  RESPONSE_CODE_CHECKSUM,
  RESPONSE_ERROR_TYPE,
  RESPONSE_INSTANCE_ID,
  RESPONSE_LOG_RESULT,
  RESPONSE_MAX_MEMORY,
  RESPONSE_REQUEST_ID,
  RESPONSE_SERVICE_VERSION,
} from './constants.js';
import { aliyunHintFor } from './error-codes.js';
import { LOG_TAIL_BYTES } from './limits.js';

const MIB = 1024 * 1024;

/** Parses one FC 3.0 invocation response. */
export function parseAliyunResponse(response: RawResponse, input: InvokeInput): Invocation {
  const headers = response.headers;
  const headerRequestId = nonEmpty(headers[RESPONSE_REQUEST_ID]);

  if (response.status >= 400) return parseApiError(response, input, headerRequestId);
  if (response.status < 200 || response.status >= 300) {
    return unreadableResponse(input, response, `FC answered with unexpected HTTP ${response.status}`, headerRequestId ?? null);
  }

  const base = { ...baseResult(input), requestId: headerRequestId ?? null };
  const details: ProviderDetails = { httpStatus: response.status };
  const instanceId = nonEmpty(headers[RESPONSE_INSTANCE_ID]);
  if (instanceId !== undefined) details.instanceId = instanceId;
  const executedVersion = nonEmpty(headers[RESPONSE_SERVICE_VERSION]);
  if (executedVersion !== undefined) details.executedVersion = executedVersion;
  const codeChecksum = nonEmpty(headers[RESPONSE_CODE_CHECKSUM]);
  if (codeChecksum !== undefined) details.codeChecksum = codeChecksum;

  if (input.invocationType === 'async') {
    // 202 with an empty body; the execution id is the async task id: echoed, generated, or as sent (§7).
    const taskId = nonEmpty(headers[HEADER_ASYNC_TASK_ID]) ?? input.taskId ?? null;
    return { result: { ...base, functionRequestId: taskId }, payload: null, details };
  }

  const logHeader = headers[RESPONSE_LOG_RESULT];
  const logs = decodeBase64Log(logHeader);
  if (logs !== null && logHeader !== undefined) {
    // FC keeps the last 4 KB, cut at a character boundary, so a full tail may be up to 3 bytes short.
    details.logTruncated = Buffer.from(logHeader.trim(), 'base64').byteLength >= LOG_TAIL_BYTES - 3;
  }
  const payload = response.body;
  const errorType = nonEmpty(headers[RESPONSE_ERROR_TYPE]);
  return {
    result: {
      ...base,
      status: errorType === undefined ? 'ok' : 'function_error',
      result: decodePayload(payload),
      logs,
      metrics: readMetrics(headers),
      error: errorType === undefined ? null : describeFunctionError(errorType, payload),
    },
    payload,
    details,
  };
}

/** Duration (ms) and peak memory (MB, decimal → bytes) from the optional data-plane headers (providers.md §8.4). */
function readMetrics(headers: Record<string, string>): InvocationMetrics {
  const memoryMb = asNumber(headers[RESPONSE_MAX_MEMORY]);
  return {
    durationMs: asNumber(headers[RESPONSE_DURATION]),
    // FC 3.0 does not report a billed duration.
    billedDurationMs: null,
    memoryUsedBytes: scaleToInteger(memoryMb, MIB),
  };
}

/** `{code: x-fc-error-type, message: "errorType: errorMessage"}` from the runtime's error JSON, or the body text. */
function describeFunctionError(errorType: string, payload: Uint8Array): InvocationError {
  const text = utf8(payload);
  const parsed = tryParseJson(text);
  if (isRecord(parsed)) {
    const message = asString(parsed['errorMessage']);
    const type = asString(parsed['errorType']);
    if (message !== undefined) return { code: errorType, message: type ? `${type}: ${message}` : message };
  }
  return { code: errorType, message: text.trim() !== '' ? text.trim() : 'the function failed' };
}

/** `{Code, Message, RequestId}` (2023-03-30), or the older `{errorCode, errorMessage}` (providers.md §3.4). */
function parseApiError(response: RawResponse, input: InvokeInput, headerRequestId: string | undefined): Invocation {
  const parsed = tryParseJson(utf8(response.body));
  const code = isRecord(parsed) ? pick(parsed, ['Code', 'code', 'ErrorCode', 'errorCode']) : undefined;
  if (!isRecord(parsed) || code === undefined) {
    return unreadableResponse(input, response, 'FC answered with an error but no error code', headerRequestId ?? null);
  }
  const message = pick(parsed, ['Message', 'message', 'ErrorMessage', 'errorMessage']) ?? '';
  const requestId = pick(parsed, ['RequestId', 'requestId']) ?? headerRequestId ?? null;
  const hint = aliyunHintFor(code);
  const details: InvocationDetails = { httpStatus: response.status };
  if (hint !== undefined) details.hint = hint;
  return {
    result: { ...baseResult(input), status: 'api_error', requestId, error: { code, message } },
    payload: null,
    details,
  };
}

function pick(record: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = asString(record[name]);
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
