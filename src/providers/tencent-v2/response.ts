/**
 * Parses legacy API v2 responses into the normalized result (providers.md §2.4, §7). Never throws.
 *
 * Everything arrives as HTTP 200 JSON `{code, message, codeDesc, data}`; `code` ≠ 0 is an API error. The docs
 * spell the sync `data` fields two ways (`payLoad`/`logMsg`/`memSize` and `retMsg`/`log`/`memUsage`), so both are
 * read; a non-empty `errMsg` is taken as a function error (undocumented by example, §8.2). Seed 001 types `data`
 * as a String "in JSON format" while its examples show an object, so both are read. Neither the seed nor
 * qcloudapi-sdk shows an error's request id; `data.requestId` (the seed's field) is read on errors too, and a
 * `requestId` beside `code` when there is one.
 */
import type { Invocation, InvocationDetails, InvocationError } from '../../core/result.js';
import { decodePayload } from '../../core/result.js';
import { asNumber, asString, isRecord, tryParseJson, utf8 } from '../shared/json.js';
import { baseResult, unreadableResponse } from '../shared/result.js';
import type { InvokeInput, RawResponse } from '../types.js';
import { tencentV2HintFor } from './error-codes.js';
import { LOG_TAIL_BYTES } from './limits.js';
import { encodeUtf8 } from '../shared/text.js';

/** Parses one legacy InvokeFunction response. */
export function parseTencentV2Response(response: RawResponse, input: InvokeInput): Invocation {
  const parsed = tryParseJson(utf8(response.body));
  const code = isRecord(parsed) ? asNumber(parsed['code']) : null;
  if (!isRecord(parsed) || code === null) {
    return unreadableResponse(input, response, 'the legacy SCF API answered without a {"code": …} JSON body');
  }
  const data = readData(parsed['data']);
  const requestId = (data === undefined ? undefined : asString(data['requestId'])) ?? asString(parsed['requestId']) ?? null;
  const base = { ...baseResult(input), requestId };
  const details: InvocationDetails = { httpStatus: response.status };

  if (code !== 0) {
    const errorCode = String(code);
    const hint = tencentV2HintFor(errorCode);
    return {
      result: { ...base, status: 'api_error', error: describeApiError(parsed, errorCode) },
      payload: null,
      details: hint === undefined ? details : { httpStatus: response.status, hint },
    };
  }
  if (input.invocationType === 'async') {
    // Accepted: `data` carries only the request id (providers.md §2.4).
    return { result: base, payload: null, details };
  }
  if (data === undefined) {
    return unreadableResponse(input, response, 'the legacy SCF API answered code 0 without data', requestId);
  }

  const errMsg = textOf(data['errMsg']) ?? '';
  const retMsg = textOf(data['retMsg']) ?? textOf(data['payLoad']) ?? '';
  const failed = errMsg !== '';
  const payloadText = failed && retMsg === '' ? errMsg : retMsg;
  const payload = encodeUtf8(payloadText);
  const log = asString(data['log']) ?? asString(data['logMsg']);
  const logs = log === undefined || (log === '' && !input.logs) ? null : log;

  return {
    result: {
      ...base,
      status: failed ? 'function_error' : 'ok',
      result: decodePayload(payload),
      logs,
      metrics: {
        durationMs: asNumber(data['duration']),
        billedDurationMs: asNumber(data['billDuration']),
        // Both spellings are in bytes (providers.md §2.4).
        memoryUsedBytes: asNumber(data['memUsage']) ?? asNumber(data['memSize']),
      },
      error: failed ? describeFunctionError(errMsg) : null,
    },
    payload,
    // Spelled out rather than `{ ...details, logTruncated }`: adding to a spread copy is slow in V8.
    details: { httpStatus: response.status, logTruncated: logs !== null && Buffer.byteLength(logs) >= LOG_TAIL_BYTES },
  };
}

/** `data` as an object: as sent, or parsed from the JSON text seed 001's parameter table says it is. */
function readData(value: unknown): Record<string, unknown> | undefined {
  if (isRecord(value)) return value;
  if (typeof value !== 'string') return undefined;
  const parsed = tryParseJson(value);
  return isRecord(parsed) ? parsed : undefined;
}

/** `{code, message}` for an API error: the number verbatim, the text with `codeDesc` when it adds something. */
function describeApiError(body: Record<string, unknown>, code: string): InvocationError {
  const message = asString(body['message'])?.trim() ?? '';
  const codeDesc = asString(body['codeDesc'])?.trim() ?? '';
  if (codeDesc === '' || message.includes(codeDesc)) return { code, message };
  return { code, message: message === '' ? codeDesc : `${codeDesc}: ${message}` };
}

/** The function's error, from its error JSON (`errorMessage`, `statusCode`) when it is one, else the text. */
function describeFunctionError(text: string): InvocationError {
  const parsed = tryParseJson(text);
  if (isRecord(parsed)) {
    const message = asString(parsed['errorMessage']);
    const statusCode = asNumber(parsed['statusCode']);
    if (message !== undefined || statusCode !== null) {
      return {
        code: statusCode !== null && statusCode >= 400 ? `FunctionError.${statusCode}` : 'FunctionError',
        message: message ?? text,
      };
    }
  }
  return { code: 'FunctionError', message: text };
}

/** A field that should be text; a JSON value some deployments return unquoted is turned back into its text. */
function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
