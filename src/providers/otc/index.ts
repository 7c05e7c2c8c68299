/**
 * The `otc` provider: FunctionGraph v2 invoke on the Open Telekom Cloud (providers.md §9.1), SDK-HMAC-SHA256 or
 * X-Auth-Token. The FunctionGraph code is shared with `huawei` (`../shared/functiongraph/`); this folder holds what
 * is OTC's: hosts, regions, variables.
 */
import { createFunctionGraphProvider } from '../shared/functiongraph/provider.js';
import type { Provider } from '../types.js';
import { OTC_FUNCTIONGRAPH } from './constants.js';

/** FunctionGraph on the Open Telekom Cloud, as fcinvoke's provider contract. */
export const otcProvider: Provider = createFunctionGraphProvider(OTC_FUNCTIONGRAPH);
