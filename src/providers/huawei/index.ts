/**
 * The `huawei` provider: FunctionGraph v2 invoke, SDK-HMAC-SHA256 or X-Auth-Token (providers.md §5), on Huawei
 * Cloud's hosts. The FunctionGraph code itself is shared with `otc` (`../shared/functiongraph/`).
 */
import { createFunctionGraphProvider } from '../shared/functiongraph/provider.js';
import type { Provider } from '../types.js';
import { HUAWEI_FUNCTIONGRAPH } from './constants.js';

/** FunctionGraph on Huawei Cloud, as fcinvoke's provider contract. */
export const huaweiProvider: Provider = createFunctionGraphProvider(HUAWEI_FUNCTIONGRAPH);
