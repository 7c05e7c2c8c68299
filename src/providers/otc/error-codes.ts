/** Hints for FunctionGraph and API Gateway error codes (`../shared/functiongraph/error-codes.ts`) on OTC. */
import { functionGraphHintFor, isFunctionGraphThrottle } from '../shared/functiongraph/error-codes.js';
import { OTC_FUNCTIONGRAPH } from './constants.js';

/** The hint for a FunctionGraph / API Gateway error code, if one is known; it names the OTC_SDK_* variables. */
export function otcHintFor(code: string): string | undefined {
  return functionGraphHintFor(OTC_FUNCTIONGRAPH, code);
}

/** Throttling codes: safe to retry, as the call was refused before it reached the function. */
export function isOtcThrottle(code: string): boolean {
  return isFunctionGraphThrottle(code);
}
