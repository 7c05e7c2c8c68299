/** Parses FunctionGraph responses (`../shared/functiongraph/response.ts`) with Huawei Cloud's hints. */
import { parseFunctionGraphResponse } from '../shared/functiongraph/response.js';
import type { Invocation } from '../../core/result.js';
import type { InvokeInput, RawResponse } from '../types.js';
import { HUAWEI_FUNCTIONGRAPH } from './constants.js';

/** Parses one FunctionGraph invoke response. Never throws. */
export function parseHuaweiResponse(response: RawResponse, input: InvokeInput): Invocation {
  return parseFunctionGraphResponse(HUAWEI_FUNCTIONGRAPH, response, input);
}
