/** PLACEHOLDER until issue 3 lands: the emulated `tencent-v2` API. */
import type { EmulatorRoute } from '../types.js';

export const tencentV2Route: EmulatorRoute = {
  id: 'tencent-v2',
  matches: () => false,
  handle: () => Promise.reject(new Error('not implemented')),
};
