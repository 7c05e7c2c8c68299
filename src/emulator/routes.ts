/** Every emulated API, tried in order; each claims its requests by path and headers. */
import { tencentRoute } from './tencent/route.js';
import type { EmulatorRoute } from './types.js';

export const ROUTES: readonly EmulatorRoute[] = [tencentRoute];
