/** FunctionGraph response shapes (providers.md §5.4): error JSON, async 202, sync 200 with the X-Cff-* headers. */
import { encodeBase64Log } from '../../base64-log.js';
import type { EmulatorResponse } from '../../../emulator-api.js';

/** `{"error_code", "error_msg", "request_id"}` with the HTTP status the cloud uses for that code. */
export function functionGraphError(status: number, code: string, message: string, requestId: string): EmulatorResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json', 'X-Request-Id': requestId },
    body: JSON.stringify({ error_code: code, error_msg: message, request_id: requestId }),
  };
}

/** Async accepted: HTTP 202 and `{"request_id": …}`. */
export function functionGraphAccepted(requestId: string, gatewayRequestId: string): EmulatorResponse {
  return {
    status: 202,
    headers: { 'Content-Type': 'application/json', 'X-Cff-Request-Id': requestId, 'X-Request-Id': gatewayRequestId },
    body: JSON.stringify({ request_id: requestId }),
  };
}

/** What a sync run produced, in the units FunctionGraph reports. */
export interface SyncOutcome {
  requestId: string;
  gatewayRequestId: string;
  /** The function's return value as text (or its error JSON). */
  result: string;
  failed: boolean;
  /** The log tail to return, or null when the caller did not ask for it. */
  log: string | null;
  durationMs: number;
  billingDurationMs: number;
  memoryUsedMb: number;
  memorySizeMb: number;
  /** `v1`: JSON envelope; `v0`: the result as the body. */
  responseVersion: 'v0' | 'v1';
}

/** A sync invocation's 200 response: the X-Cff-* headers and the v0 or v1 body. */
export function functionGraphSyncResult(outcome: SyncOutcome): EmulatorResponse {
  const headers: Record<string, string> = {
    'Content-Type': outcome.responseVersion === 'v1' ? 'application/json' : 'text/plain; charset=utf-8',
    'X-Cff-Request-Id': outcome.requestId,
    'X-Request-Id': outcome.gatewayRequestId,
    'X-Cff-Response-Version': outcome.responseVersion,
    'X-Cff-Invoke-Summary': JSON.stringify({
      duration: outcome.durationMs,
      billingDuration: outcome.billingDurationMs,
      memorySize: outcome.memorySizeMb,
      memoryUsed: outcome.memoryUsedMb,
    }),
    'X-CFF-Billing-Duration': String(outcome.billingDurationMs),
    // Which non-zero code a failing function gets is undocumented (providers.md §8.5); the emulator uses 1.
    'X-Func-Err-Code': outcome.failed ? '1' : '0',
    'X-Is-Func-Err': outcome.failed ? 'true' : 'false',
  };
  if (outcome.log !== null) headers['X-Cff-Function-Log'] = encodeBase64Log(outcome.log);
  const body =
    outcome.responseVersion === 'v1'
      ? JSON.stringify({
          request_id: outcome.requestId,
          result: outcome.result,
          log: outcome.log ?? '',
          status: outcome.failed ? 500 : 200,
        })
      : outcome.result;
  return { status: 200, headers, body };
}
