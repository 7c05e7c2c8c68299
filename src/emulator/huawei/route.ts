/** PLACEHOLDER until issue 3 lands: the emulated `huawei` API. */
import type { EmulatorRoute } from '../types.js';

export const huaweiRoute: EmulatorRoute = {
  id: 'huawei',
  matches: () => false,
  handle: () => Promise.reject(new Error('not implemented')),
};
