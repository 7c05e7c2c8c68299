/**
 * Parses FC 2.0 `InvokeFunction` responses into the normalized result (providers.md §4.4, §7). Never throws.
 *
 * The outcome is in the status and headers, not the body: HTTP ≥ 400 is an API refusal with a JSON
 * `{ErrorCode, ErrorMessage}` body; 2xx with `X-Fc-Error-Type` is a function failure whose body is the runtime's
 * error JSON; 2xx otherwise carries the function's output bytes verbatim; async calls answer 202 with no body.
 * `qualifier` is what was asked for (null when nothing was); the version that ran
 * (`X-Fc-Invocation-Service-Version`), the code checksum and the instance id go to details.
 */
import type { Invocation, InvocationDetails } from '../../core/result.js';
import { decodePayload } from '../../core/result.js';
import { decodeBase64Log } from '../shared/base64-log.js';
import { asNumber, asString, isRecord, scaleToInteger, tryParseJson, utf8 } from '../shared/json.js';
import { baseResult, unreadableResponse, type ProviderDetails } from '../shared/result.js';
import type { InvokeInput, RawResponse } from '../types.js';
import {
  HEADER_ASYNC_INVOCATION_ID,
  HEADER_CODE_CHECKSUM,
  HEADER_ERROR_TYPE,
  HEADER_INSTANCE_ID,
  HEADER_INVOCATION_DURATION,
  HEADER_LOG_RESULT,
  HEADER_MAX_MEMORY_USAGE,
  HEADER_REQUEST_ID,
  HEADER_SERVICE_VERSION,
} from './constants.js';
import { fc2HintFor } from './error-codes.js';
import { BYTES_PER_MB, LOG_TAIL_BYTES } from './limits.js';

/** Parses one FC 2.0 invocation response. */
export function parseFc2Response(response: RawResponse, input: InvokeInput): Invocation {
  const header = (name: string): string | undefined => nonEmpty(response.headers[name]);
  const requestId = header(HEADER_REQUEST_ID) ?? null;
  const details: ProviderDetails = { httpStatus: response.status };

  if (response.status >= 400) return parseApiError(response, input, requestId);
  if (response.status < 200 || response.status >= 300) {
    return unreadableResponse(input, response, `FC answered with an unexpected HTTP ${response.status}`, requestId);
  }
  const base = { ...baseResult(input), requestId };
  const instanceId = header(HEADER_INSTANCE_ID);
  if (instanceId !== undefined) details.instanceId = instanceId;
  const executedVersion = header(HEADER_SERVICE_VERSION);
  if (executedVersion !== undefined) details.executedVersion = executedVersion;
  const codeChecksum = header(HEADER_CODE_CHECKSUM);
  if (codeChecksum !== undefined) details.codeChecksum = codeChecksum;

  if (input.invocationType === 'async') {
    // 202 with an empty body; the stateful id comes back only when one was sent (providers.md §4.4).
    const functionRequestId = header(HEADER_ASYNC_INVOCATION_ID) ?? input.taskId ?? null;
    return { result: { ...base, functionRequestId }, payload: null, details };
  }

  const payload = response.body;
  const logs = decodeBase64Log(response.headers[HEADER_LOG_RESULT]);
  const memoryMb = asNumber(header(HEADER_MAX_MEMORY_USAGE));
  const metrics = {
    durationMs: asNumber(header(HEADER_INVOCATION_DURATION)),
    // FC 2.0 does not report a billed duration (providers.md §7).
    billedDurationMs: null,
    memoryUsedBytes: scaleToInteger(memoryMb, BYTES_PER_MB),
  };
  // A tail cut at a character boundary may be up to 3 bytes short of the 4 KB cap.
  details.logTruncated = logs !== null && Buffer.byteLength(logs) > LOG_TAIL_BYTES - 4;
  const errorType = header(HEADER_ERROR_TYPE);
  return {
    result: {
      ...base,
      status: errorType === undefined ? 'ok' : 'function_error',
      result: decodePayload(payload),
      logs,
      metrics,
      error: errorType === undefined ? null : { code: errorType, message: functionErrorMessage(payload) },
    },
    payload,
    details,
  };
}

/** An API refusal: `{ErrorCode, ErrorMessage}` as the SDKs read it, or the docs' lower-camel and FC 3.0 casings. */
function parseApiError(response: RawResponse, input: InvokeInput, headerRequestId: string | null): Invocation {
  const parsed = tryParseJson(utf8(response.body));
  const body = isRecord(parsed) ? parsed : {};
  const code = firstString(body, ['ErrorCode', 'errorCode', 'Code', 'code']);
  const requestId = headerRequestId ?? firstString(body, ['RequestId', 'requestId']) ?? null;
  if (code === undefined) {
    return unreadableResponse(
      input,
      response,
      `FC answered HTTP ${response.status} without an {"ErrorCode", "ErrorMessage"} JSON body`,
      requestId,
    );
  }
  const message = firstString(body, ['ErrorMessage', 'errorMessage', 'Message', 'message']) ?? '';
  const details: InvocationDetails = { httpStatus: response.status };
  const hint = fc2HintFor(code);
  if (hint !== undefined) details.hint = hint;
  return {
    result: { ...baseResult(input), status: 'api_error', requestId, error: { code, message } },
    payload: null,
    details,
  };
}

/** The runtime's `errorMessage` (providers.md §3.4), else the body text, else a generic line. */
function functionErrorMessage(payload: Uint8Array): string {
  const text = utf8(payload);
  const parsed = tryParseJson(text);
  if (isRecord(parsed)) {
    const message = asString(parsed['errorMessage']);
    if (message !== undefined) return message;
  }
  return text.trim() !== '' ? text : 'the function failed without an error message';
}

function firstString(record: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = nonEmpty(asString(record[key]));
    if (value !== undefined) return value;
  }
  return undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
