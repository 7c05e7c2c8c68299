/** Huawei Cloud's FunctionGraph authentication check: the shared one, with Huawei's demo IAM token. */
import type { EmulatorKey, EmulatorRequest } from '../../emulator-api.js';
import { DEMO_IAM_TOKENS, verifyFunctionGraphAuth, type HuaweiAuthFailure } from '../../shared/functiongraph/emulator/verify.js';

export { MAX_SKEW_MS, type HuaweiAuthFailure } from '../../shared/functiongraph/emulator/verify.js';

/** The one Huawei IAM token (`X-Auth-Token`) the emulator accepts (docs/emulator.md). */
export const DEMO_IAM_TOKEN = DEMO_IAM_TOKENS.huawei;

/** Returns null when the request is authenticated with Huawei keys or token, else the failure (APIGW.0301). */
export function verifyHuaweiAuth(request: EmulatorRequest, keys: ReadonlyMap<string, EmulatorKey>): HuaweiAuthFailure | null {
  return verifyFunctionGraphAuth(request, keys, DEMO_IAM_TOKEN);
}
