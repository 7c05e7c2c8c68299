/** Hints for FunctionGraph and API Gateway error codes (`../shared/functiongraph/error-codes.ts`) on Huawei Cloud. */
import { functionGraphHintFor, isFunctionGraphThrottle } from '../shared/functiongraph/error-codes.js';
import { HUAWEI_FUNCTIONGRAPH } from './constants.js';

/** The hint for a FunctionGraph / API Gateway error code, if one is known. */
export function huaweiHintFor(code: string): string | undefined {
  return functionGraphHintFor(HUAWEI_FUNCTIONGRAPH, code);
}

/** Throttling codes: safe to retry, as the call was refused before it reached the function. */
export function isHuaweiThrottle(code: string): boolean {
  return isFunctionGraphThrottle(code);
}
