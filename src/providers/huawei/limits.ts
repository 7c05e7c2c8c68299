/** FunctionGraph limits (providers.md §5.5), the same on every FunctionGraph cloud. */
import { FUNCTIONGRAPH_LIMITS } from '../shared/functiongraph/limits.js';

export const HUAWEI_LIMITS = FUNCTIONGRAPH_LIMITS;
