/**
 * Parses FunctionGraph responses into the normalized result (providers.md §5.4, §7). Never throws.
 *
 * HTTP ≥ 400 is an API refusal (`{error_code, error_msg}`, or `{error: {code, message}}` from some front ends);
 * 2xx on the async path is "accepted"; a sync 200 is a function error when `X-Is-Func-Err` is true or
 * `X-Func-Err-Code` is not `0` (which values a failing function gets is not documented, providers.md §8.5).
 */
import { decodePayload, type Invocation, type InvocationDetails, type InvocationMetrics } from '../../core/result.js';
import { decodeBase64Log } from '../shared/base64-log.js';
import { asNumber, asString, isRecord, scaleToInteger, tryParseJson, utf8 } from '../shared/json.js';
import { baseResult, unreadableResponse } from '../shared/result.js';
import type { InvokeInput, RawResponse } from '../types.js';
import {
  RESPONSE_BILLING_DURATION,
  RESPONSE_FUNC_ERR_CODE,
  RESPONSE_FUNCTION_LOG,
  RESPONSE_GATEWAY_REQUEST_ID,
  RESPONSE_INVOKE_SUMMARY,
  RESPONSE_IS_FUNC_ERR,
  RESPONSE_REQUEST_ID,
  RESPONSE_VERSION,
} from './constants.js';
import { huaweiHintFor } from './error-codes.js';
import { LOG_TAIL_BYTES } from './limits.js';
import { resolveFunctionUrn } from './request.js';
import { encodeUtf8 } from '../shared/text.js';

const MIB = 1024 * 1024;
/** A tail cut at a UTF-8 boundary may come out up to 3 bytes short of the cap. */
const MAX_UTF8_CUT = 3;

/** Parses one FunctionGraph invoke response. */
export function parseHuaweiResponse(response: RawResponse, input: InvokeInput): Invocation {
  const headers = response.headers;
  const body = tryParseJson(utf8(response.body));
  const record = isRecord(body) ? body : undefined;
  const headerRequestId = nonEmpty(headers[RESPONSE_REQUEST_ID]);
  const bodyRequestId = record === undefined ? undefined : (asString(record['request_id']) ?? asString(record['requestId']));
  const requestId = bodyRequestId ?? headerRequestId ?? nonEmpty(headers[RESPONSE_GATEWAY_REQUEST_ID]) ?? null;
  const base = { ...baseResult(input), qualifier: resolvedQualifier(input), requestId };
  const details: InvocationDetails = { httpStatus: response.status };

  if (response.status >= 400) {
    const error = record === undefined ? undefined : readApiError(record);
    if (error === undefined) {
      return unreadableResponse(input, response, 'FunctionGraph answered without an {error_code, error_msg} body', requestId);
    }
    const hint = huaweiHintFor(error.code);
    return {
      result: { ...base, status: 'api_error', error },
      payload: null,
      details: hint === undefined ? details : { httpStatus: response.status, hint },
    };
  }
  if (response.status < 200 || response.status >= 300) {
    return unreadableResponse(input, response, 'FunctionGraph answered with an unexpected HTTP status', requestId);
  }

  if (input.invocationType === 'async') {
    // 202 + {"request_id": …}: queued; the id is what the async-invocation APIs and logs are keyed by.
    return { result: base, payload: null, details };
  }

  const version = headers[RESPONSE_VERSION]?.trim().toLowerCase();
  let payload: Uint8Array;
  let bodyLog: string | undefined;
  if (version === 'v0') {
    payload = response.body;
  } else {
    if (record === undefined || !('result' in record)) {
      return unreadableResponse(
        input,
        response,
        'FunctionGraph answered 200 without the v1 {request_id, result, log, status} body',
        requestId,
      );
    }
    const result = record['result'];
    payload = encodeUtf8(typeof result === 'string' ? result : (JSON.stringify(result) ?? ''));
    bodyLog = asString(record['log']);
  }

  const headerLog = decodeBase64Log(headers[RESPONSE_FUNCTION_LOG]);
  // Prefer the v1 body's log when it is longer than the header's 2,000-byte tail (providers.md §7).
  const useBody = bodyLog !== undefined && bodyLog !== '' && (headerLog === null || bodyLog.length > headerLog.length);
  const logs = useBody ? (bodyLog ?? null) : headerLog === '' && !input.logs ? null : headerLog;
  const logTruncated =
    logs !== null && !useBody && Buffer.byteLength(logs) >= LOG_TAIL_BYTES - MAX_UTF8_CUT;

  const summary = readSummary(headers[RESPONSE_INVOKE_SUMMARY], headers[RESPONSE_BILLING_DURATION]);
  const failed = isFunctionError(headers);
  const decoded = decodePayload(payload);
  return {
    result: {
      ...base,
      status: failed ? 'function_error' : 'ok',
      result: decoded,
      logs,
      metrics: summary.metrics,
      error: failed ? describeFunctionError(headers[RESPONSE_FUNC_ERR_CODE], decoded) : null,
    },
    payload,
    // Spelled out rather than spread: adding to a spread copy is slow in V8.
    details: okDetails(response.status, logTruncated, summary.memorySizeMb),
  };
}

/** `{error_code, error_msg}` or `{error: {code, message}}`, read leniently across casings (providers.md §7). */
export function readApiError(body: Record<string, unknown>): { code: string; message: string } | undefined {
  const source = isRecord(body['error']) ? body['error'] : body;
  const code =
    asString(source['error_code']) ?? asString(source['code']) ?? asString(source['errorCode']) ?? asString(source['Code']);
  if (code === undefined || code === '') return undefined;
  const message =
    asString(source['error_msg']) ??
    asString(source['message']) ??
    asString(source['errorMessage']) ??
    asString(source['Message']) ??
    '';
  return { code, message };
}

/** `X-Cff-Invoke-Summary` (duration ms, billingDuration ms, memoryUsed MB, memorySize MB) as metrics. */
export function readSummary(
  summaryHeader: string | undefined,
  billingHeader: string | undefined,
): { metrics: InvocationMetrics; memorySizeMb: number | undefined } {
  const parsed = summaryHeader === undefined ? undefined : tryParseJson(summaryHeader);
  const summary = isRecord(parsed) ? parsed : {};
  const memoryUsedMb = asNumber(summary['memoryUsed']);
  const memorySize = asNumber(summary['memorySize']);
  return {
    metrics: {
      durationMs: asNumber(summary['duration']),
      // X-CFF-Billing-Duration's format is undocumented (§8.5); used only when it is a plain number.
      billedDurationMs: asNumber(summary['billingDuration']) ?? asNumber(billingHeader),
      memoryUsedBytes: scaleToInteger(memoryUsedMb, MIB),
    },
    memorySizeMb: memorySize ?? undefined,
  };
}

/** `X-Is-Func-Err: true` first, a non-`0` `X-Func-Err-Code` second (providers.md §5.4). */
export function isFunctionError(headers: Record<string, string>): boolean {
  if (headers[RESPONSE_IS_FUNC_ERR]?.trim().toLowerCase() === 'true') return true;
  const code = headers[RESPONSE_FUNC_ERR_CODE]?.trim();
  return code !== undefined && code !== '' && code !== '0';
}

function describeFunctionError(codeHeader: string | undefined, result: unknown): { code: string; message: string } {
  const code = codeHeader?.trim();
  const message =
    isRecord(result) && typeof result['errorMessage'] === 'string'
      ? result['errorMessage']
      : typeof result === 'string' && result !== ''
        ? result
        : 'the function failed';
  return { code: code === undefined || code === '' || code === '0' ? 'FunctionError' : code, message };
}

/** The version or `!alias` that was invoked, from the URN (defaults filled in); the raw flag if unresolvable. */
function resolvedQualifier(input: InvokeInput): string | null {
  try {
    return resolveFunctionUrn(input).qualifier ?? null;
  } catch {
    return input.qualifier ?? null;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** The details of a 2xx answer: the status, whether the log was cut, and the memory size when the summary has one. */
function okDetails(httpStatus: number, logTruncated: boolean, memorySizeMb: number | undefined): InvocationDetails {
  const details: InvocationDetails = { httpStatus, logTruncated };
  if (memorySizeMb !== undefined) details.memorySizeMb = memorySizeMb;
  return details;
}
