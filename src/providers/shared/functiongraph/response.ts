/**
 * Parses FunctionGraph responses into the normalized result (providers.md §5.4, §7). Never throws.
 *
 * HTTP ≥ 400 is an API refusal (`{error_code, error_msg}`, or `{error: {code, message}}` from some front ends);
 * 2xx on the async path is "accepted"; a sync 200 is a function error when `X-Is-Func-Err` is true,
 * `X-Func-Err-Code` is not `0`, or the v1 body's `status` (the function's execution status, seed 003 Table 5) is
 * not a 2xx: the seed's example pairs `status: 200` with a successful run, and which values a failing function
 * gets is not documented (providers.md §8.5). The seed's own example carries none of Table 4's headers, so the
 * metrics also come from the log's "Finish invoke request … duration … memory used" line.
 */
import { decodePayload, type Invocation, type InvocationDetails, type InvocationMetrics } from '../../../core/result.js';
import { decodeBase64Log } from '../base64-log.js';
import { asNumber, asString, isRecord, scaleToInteger, tryParseJson, utf8 } from '../json.js';
import { baseResult, unreadableResponse, type ProviderDetails } from '../result.js';
import type { InvokeInput, RawResponse } from '../../types.js';
import {
  RESPONSE_BILLING_DURATION,
  RESPONSE_FUNC_ERR_CODE,
  RESPONSE_FUNCTION_LOG,
  RESPONSE_GATEWAY_REQUEST_ID,
  RESPONSE_INVOKE_SUMMARY,
  RESPONSE_IS_FUNC_ERR,
  RESPONSE_REQUEST_ID,
  RESPONSE_VERSION,
  REQUEST_VERSION,
} from './constants.js';
import type { FunctionGraphCloud } from './cloud.js';
import { functionGraphHintFor } from './error-codes.js';
import { LOG_TAIL_BYTES } from './limits.js';
import { normalizeQualifier, parseFunctionUrn } from './request.js';
import { encodeUtf8 } from '../text.js';

const MIB = 1024 * 1024;
/** A tail cut at a UTF-8 boundary may come out up to 3 bytes short of the cap. */
const MAX_UTF8_CUT = 3;

/** Parses one FunctionGraph invoke response. */
export function parseFunctionGraphResponse(cloud: FunctionGraphCloud, response: RawResponse, input: InvokeInput): Invocation {
  const headers = response.headers;
  const body = tryParseJson(utf8(response.body));
  const record = isRecord(body) ? body : undefined;
  const headerRequestId = nonEmpty(headers[RESPONSE_REQUEST_ID]);
  const bodyRequestId = record === undefined ? undefined : (asString(record['request_id']) ?? asString(record['requestId']));
  const requestId = bodyRequestId ?? headerRequestId ?? nonEmpty(headers[RESPONSE_GATEWAY_REQUEST_ID]) ?? null;
  const base = { ...baseResult(input), qualifier: askedQualifier(input), requestId };
  const details: InvocationDetails = { httpStatus: response.status };

  if (response.status >= 400) {
    const error = record === undefined ? undefined : readApiError(record);
    if (error === undefined) {
      return unreadableResponse(input, response, 'FunctionGraph answered without an {error_code, error_msg} body', requestId);
    }
    const hint = functionGraphHintFor(cloud, error.code);
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

  // The answer says which shape it is; without the header, it is the shape that was asked for (Table 2).
  const version = headers[RESPONSE_VERSION]?.trim().toLowerCase() || (input.requestVersion ?? REQUEST_VERSION);
  let payload: Uint8Array;
  let bodyLog: string | undefined;
  let functionStatus: number | null = null;
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
    // An execution status is a whole number (an HTTP-like code); anything else (1e308, 2.5) is not one, and is
    // neither reported nor judged: it would not fit --json's integer, and says nothing about the run.
    const status = asNumber(record['status']);
    functionStatus = status !== null && Number.isSafeInteger(status) ? status : null;
  }

  const headerLog = decodeBase64Log(headers[RESPONSE_FUNCTION_LOG]);
  // Prefer the v1 body's log when it is longer than the header's 2,000-byte tail (providers.md §7).
  const useBody = bodyLog !== undefined && bodyLog !== '' && (headerLog === null || bodyLog.length > headerLog.length);
  const logs = useBody ? (bodyLog ?? null) : headerLog === '' && !input.logs ? null : headerLog;
  const logTruncated =
    logs !== null && !useBody && Buffer.byteLength(logs) >= LOG_TAIL_BYTES - MAX_UTF8_CUT;

  const summary = readSummary(headers[RESPONSE_INVOKE_SUMMARY], headers[RESPONSE_BILLING_DURATION]);
  // The log's Finish line fills what the summary header leaves out; either log will do, whether shown or not.
  const finish = readFinishLine(bodyLog || headerLog || '');
  const metrics: InvocationMetrics = {
    durationMs: summary.metrics.durationMs ?? finish?.durationMs ?? null,
    billedDurationMs: summary.metrics.billedDurationMs ?? finish?.billedDurationMs ?? null,
    memoryUsedBytes: summary.metrics.memoryUsedBytes ?? finish?.memoryUsedBytes ?? null,
  };
  const statusFailed = functionStatus !== null && (functionStatus < 200 || functionStatus >= 300);
  const failed = isFunctionError(headers) || statusFailed;
  const decoded = decodePayload(payload);
  // Spelled out rather than spread: adding to a spread copy is slow in V8.
  const okFacts: ProviderDetails = okDetails(response.status, logTruncated, summary.memorySizeMb);
  if (functionStatus !== null) okFacts.functionStatus = functionStatus;
  const responseVersion = headers[RESPONSE_VERSION]?.trim();
  if (responseVersion) okFacts.responseVersion = responseVersion;
  if (finish?.billedMemoryMb !== undefined) okFacts.billedMemoryMb = finish.billedMemoryMb;
  const billing = headers[RESPONSE_BILLING_DURATION]?.trim();
  if (billing !== undefined && billing !== '' && asNumber(billing) === null) okFacts.billingInfo = billing;
  return {
    result: {
      ...base,
      status: failed ? 'function_error' : 'ok',
      result: decoded,
      logs,
      metrics,
      error: failed ? describeFunctionError(headers[RESPONSE_FUNC_ERR_CODE], decoded, statusFailed ? functionStatus : null) : null,
    },
    payload,
    details: okFacts,
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
      billedDurationMs: asNumber(summary['billingDuration']) ?? readBillingDuration(billingHeader),
      memoryUsedBytes: scaleToInteger(memoryUsedMb, MIB),
    },
    memorySizeMb: memorySize ?? undefined,
  };
}

/**
 * The milliseconds `X-CFF-Billing-Duration` names. Seed 003 (Table 4) calls it a String of "billing information"
 * and gives no example, so read what can be read: a plain number (ms, as the summary's `billingDuration`), or
 * the first `<number>ms` in the text. Anything else is null; the parser keeps the text in details.
 */
export function readBillingDuration(value: string | undefined): number | null {
  if (value === undefined) return null;
  const plain = asNumber(value);
  if (plain !== null) return plain;
  const withUnit = /(\d+(?:\.\d+)?)\s*ms\b/i.exec(value);
  return withUnit === null ? null : asNumber(withUnit[1]);
}

/** The metrics of the log's Finish line, as FunctionGraph's runtime writes it (seed 003, example response). */
export interface FinishLine {
  durationMs: number | null;
  billedDurationMs: number | null;
  memoryUsedBytes: number | null;
  billedMemoryMb?: number | undefined;
}

// `… Finish invoke request '<id>'[(invoke Succeed)], duration: 65.828ms, billing duration: 66ms, memory used:
// 21.473MB[, billing memory: 128MB]`: the seed's example line, and the "(invoke Succeed|Failed)" form logs show.
const FINISH_LINE =
  /Finish invoke request '[^'\n]*'(?:\([^)\n]*\))?, duration: (\d+(?:\.\d+)?)ms, billing duration: (\d+(?:\.\d+)?)ms, memory used: (\d+(?:\.\d+)?)MB(?:, billing memory: (\d+(?:\.\d+)?)MB)?/g;

/** The last Finish line of a log (the tail may hold several invocations' lines), or null when there is none. */
export function readFinishLine(log: string): FinishLine | null {
  let last: RegExpExecArray | null = null;
  FINISH_LINE.lastIndex = 0;
  for (let match = FINISH_LINE.exec(log); match !== null; match = FINISH_LINE.exec(log)) last = match;
  if (last === null) return null;
  const billedMemory = asNumber(last[4]);
  return {
    durationMs: asNumber(last[1]),
    billedDurationMs: asNumber(last[2]),
    memoryUsedBytes: scaleToInteger(asNumber(last[3]), MIB),
    ...(billedMemory === null ? {} : { billedMemoryMb: billedMemory }),
  };
}

/** `X-Is-Func-Err: true` first, a non-`0` `X-Func-Err-Code` second (providers.md §5.4). */
export function isFunctionError(headers: Record<string, string>): boolean {
  if (headers[RESPONSE_IS_FUNC_ERR]?.trim().toLowerCase() === 'true') return true;
  const code = headers[RESPONSE_FUNC_ERR_CODE]?.trim();
  return code !== undefined && code !== '' && code !== '0';
}

/**
 * `{code, message}` of a failed run: the code is `X-Func-Err-Code` when it names one, else `FunctionError.<status>`
 * when the body's status failed, else `FunctionError`; the message is the runtime's `errorMessage` or the text.
 */
function describeFunctionError(
  codeHeader: string | undefined,
  result: unknown,
  failedStatus: number | null,
): { code: string; message: string } {
  const header = codeHeader?.trim();
  const message =
    isRecord(result) && typeof result['errorMessage'] === 'string'
      ? result['errorMessage']
      : typeof result === 'string' && result !== ''
        ? result
        : failedStatus === null
          ? 'the function failed'
          : `the function failed (execution status ${failedStatus})`;
  const code =
    header !== undefined && header !== '' && header !== '0'
      ? header
      : failedStatus === null
        ? 'FunctionError'
        : `FunctionError.${failedStatus}`;
  return { code, message };
}

/**
 * The version or `!alias` asked for (docs/output.md: null when none was given): `--qualifier`, spelled as in the
 * URN, or the qualifier a full URN ends in. The `latest` a short name is completed with is fcinvoke's default,
 * not the user's choice, so it is not reported.
 */
function askedQualifier(input: InvokeInput): string | null {
  if (input.qualifier !== undefined) return normalizeQualifier(input.qualifier);
  if (!input.functionName.startsWith('urn:fss:')) return null;
  return parseFunctionUrn(input.functionName)?.qualifier ?? null;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** The details of a 2xx answer: the status, whether the log was cut, and the memory size when the summary has one. */
function okDetails(httpStatus: number, logTruncated: boolean, memorySizeMb: number | undefined): ProviderDetails {
  const details: ProviderDetails = { httpStatus, logTruncated };
  if (memorySizeMb !== undefined) details.memorySizeMb = memorySizeMb;
  return details;
}
