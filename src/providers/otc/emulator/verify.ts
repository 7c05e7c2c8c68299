/** OTC's FunctionGraph authentication check: the shared one, with OTC's keys and demo IAM token. */
import type { EmulatorKey, EmulatorRequest } from '../../emulator-api.js';
import { DEMO_IAM_TOKENS, verifyFunctionGraphAuth, type HuaweiAuthFailure } from '../../shared/functiongraph/emulator/verify.js';

/** The one OTC IAM token (`X-Auth-Token`) the emulator accepts (docs/emulator.md). */
export const DEMO_OTC_IAM_TOKEN = DEMO_IAM_TOKENS.otc;

/** Returns null when the request is authenticated with OTC keys or token, else the failure (APIGW.0301). */
export function verifyOtcAuth(request: EmulatorRequest, keys: ReadonlyMap<string, EmulatorKey>): HuaweiAuthFailure | null {
  return verifyFunctionGraphAuth(request, keys, DEMO_OTC_IAM_TOKEN);
}
