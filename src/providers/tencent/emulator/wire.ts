/** SCF API 3.0 response shapes (providers.md §1.4): always HTTP 200 with `{"Response": …}`. */
import type { EmulatorResponse } from '../../emulator-api.js';

/** `{"Response": {"Error": {Code, Message}, RequestId}}`. */
export function tencentError(code: string, message: string, requestId: string): EmulatorResponse {
  return json({ Response: { Error: { Code: code, Message: message }, RequestId: requestId } });
}

/** `{"Response": {"Result": …, RequestId}}`. */
export function tencentResult(result: Record<string, unknown>, requestId: string): EmulatorResponse {
  return json({ Response: { Result: result, RequestId: requestId } });
}

function json(body: unknown): EmulatorResponse {
  return { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}
