/** Parses FunctionGraph responses (`../shared/functiongraph/response.ts`) with OTC's hints. */
import type { Invocation } from '../../core/result.js';
import { parseFunctionGraphResponse } from '../shared/functiongraph/response.js';
import type { InvokeInput, RawResponse } from '../types.js';
import { OTC_FUNCTIONGRAPH } from './constants.js';

/** Parses one FunctionGraph invoke response. Never throws. */
export function parseOtcResponse(response: RawResponse, input: InvokeInput): Invocation {
  return parseFunctionGraphResponse(OTC_FUNCTIONGRAPH, response, input);
}
