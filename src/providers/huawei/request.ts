/** The FunctionGraph invoke request (`../shared/functiongraph/request.ts`) with Huawei Cloud's hosts and regions. */
import {
  buildFunctionGraphRequest,
  functionGraphDefaultEndpoint,
  resolveFunctionUrn as resolveUrn,
  validateFunctionGraphInput,
  type FunctionUrn,
} from '../shared/functiongraph/request.js';
import type { HttpRequest, InvokeInput } from '../types.js';
import { HUAWEI_FUNCTIONGRAPH } from './constants.js';

export { formatFunctionUrn, normalizeQualifier, parseFunctionUrn, type FunctionUrn } from '../shared/functiongraph/request.js';

/** The URN to invoke, completed with Huawei Cloud's region and project id. */
export function resolveFunctionUrn(input: Omit<InvokeInput, 'endpoint'>): FunctionUrn {
  return resolveUrn(HUAWEI_FUNCTIONGRAPH, input);
}

/** `https://functiongraph.{region}.myhuaweicloud.com`, the region taken from the URN or --region (§5.1). */
export function huaweiDefaultEndpoint(input: Omit<InvokeInput, 'endpoint'>): string {
  return functionGraphDefaultEndpoint(HUAWEI_FUNCTIONGRAPH, input);
}

/** Checks what FunctionGraph would refuse, so a bad call is exit 2 with nothing sent. */
export function validateHuaweiInput(input: InvokeInput): void {
  validateFunctionGraphInput(HUAWEI_FUNCTIONGRAPH, input);
}

/** The unsigned request. */
export function buildHuaweiRequest(input: InvokeInput): HttpRequest {
  return buildFunctionGraphRequest(HUAWEI_FUNCTIONGRAPH, input);
}
