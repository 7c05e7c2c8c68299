/** FC 2.0 response shapes (providers.md §4.4): errors as JSON `{ErrorCode, ErrorMessage}`, results as raw bytes. */
import type { EmulatorResponse } from '../../emulator-api.js';

/** An API error: the HTTP status, `X-Fc-Request-Id`, and the JSON body the SDKs read (`ErrorCode`/`ErrorMessage`). */
export function fc2Error(status: number, code: string, message: string, requestId: string): EmulatorResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json', 'X-Fc-Request-Id': requestId },
    body: JSON.stringify({ ErrorCode: code, ErrorMessage: message }),
  };
}

/** A sync result (or function error): HTTP 200, the function's bytes verbatim, the metrics in `X-Fc-*` headers. */
export function fc2Result(body: Buffer, headers: Record<string, string>): EmulatorResponse {
  return { status: 200, headers: { 'Content-Type': 'application/octet-stream', ...headers }, body };
}

/** An accepted async invocation: HTTP 202, empty body. */
export function fc2Accepted(requestId: string, asyncInvocationId: string | undefined): EmulatorResponse {
  // Seed 004: "Function Compute generates an ID for the asynchronous task if it is not specified"; the emulator's
  // is the request id.
  return {
    status: 202,
    headers: { 'X-Fc-Request-Id': requestId, 'X-Fc-Stateful-Async-Invocation-Id': asyncInvocationId ?? requestId },
    body: '',
  };
}
