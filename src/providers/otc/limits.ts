/** FunctionGraph limits (providers.md §5.5): OTC runs the same service, with the same documented limits. */
import { FUNCTIONGRAPH_LIMITS } from '../shared/functiongraph/limits.js';

export const OTC_LIMITS = FUNCTIONGRAPH_LIMITS;
