/** FC 3.0 response shapes (providers.md §3.4): raw output bytes with `x-fc-*` headers, or a JSON error body. */
import { randomBytes } from 'node:crypto';
import type { EmulatorResponse } from '../../emulator-api.js';

/** A request id shaped like FC's: `1-<unix seconds, hex>-<24 hex digits>`. */
export function fcRequestId(now: Date): string {
  return `1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

/** An API error: the given HTTP status and `{"Code", "Message", "RequestId"}` (2023-03-30 Error struct). */
export function fcError(status: number, code: string, message: string, requestId: string): EmulatorResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json', 'X-Fc-Request-Id': requestId },
    body: JSON.stringify({ Code: code, Message: message, RequestId: requestId }),
  };
}

/** A sync invocation's answer: HTTP 200, the function's bytes, and the `x-fc-*` headers given. */
export function fcInvocationResult(body: Buffer, headers: Record<string, string>): EmulatorResponse {
  return { status: 200, headers: { 'Content-Type': 'application/octet-stream', ...headers }, body };
}

/**
 * An accepted async invocation: HTTP 202, empty body, the request id and the task id. Seed 002: "If you do not
 * specify the ID of the asynchronous invocation, the system automatically generates an ID"; the emulator uses the
 * request id, as the GetAsyncTask reference's example (`taskId` = `requestId`) shows FC doing.
 */
export function fcAccepted(requestId: string, taskId: string | undefined): EmulatorResponse {
  return { status: 202, headers: { 'X-Fc-Request-Id': requestId, 'X-Fc-Async-Task-Id': taskId ?? requestId }, body: '' };
}
