/** The FunctionGraph invoke request (`../shared/functiongraph/request.ts`) with OTC's hosts and regions. */
import {
  buildFunctionGraphRequest,
  functionGraphDefaultEndpoint,
  validateFunctionGraphInput,
} from '../shared/functiongraph/request.js';
import type { HttpRequest, InvokeInput } from '../types.js';
import { OTC_FUNCTIONGRAPH } from './constants.js';

/** `https://functiongraph.{region}.otc.t-systems.com`, the region (eu-de, eu-nl) taken from the URN or --region. */
export function otcDefaultEndpoint(input: Omit<InvokeInput, 'endpoint'>): string {
  return functionGraphDefaultEndpoint(OTC_FUNCTIONGRAPH, input);
}

/** Checks what FunctionGraph would refuse, a region outside OTC's included (a URN's region too). */
export function validateOtcInput(input: InvokeInput): void {
  validateFunctionGraphInput(OTC_FUNCTIONGRAPH, input);
}

/** The unsigned request. */
export function buildOtcRequest(input: InvokeInput): HttpRequest {
  return buildFunctionGraphRequest(OTC_FUNCTIONGRAPH, input);
}
