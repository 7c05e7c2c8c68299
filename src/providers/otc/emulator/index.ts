/** The emulated FunctionGraph v2 API on the Open Telekom Cloud: the shared FunctionGraph emulator with OTC's keys. */
import type { EmulatedApi } from '../../emulator-api.js';
import { createFunctionGraphEmulator } from '../../shared/functiongraph/emulator/api.js';

export const otcEmulator: EmulatedApi = createFunctionGraphEmulator('otc');
