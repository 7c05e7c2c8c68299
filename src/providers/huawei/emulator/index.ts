/** The emulated FunctionGraph v2 API on Huawei Cloud: the shared FunctionGraph emulator with Huawei's keys. */
import type { EmulatedApi } from '../../emulator-api.js';
import { createFunctionGraphEmulator } from '../../shared/functiongraph/emulator/api.js';

export const huaweiEmulator: EmulatedApi = createFunctionGraphEmulator('huawei');
