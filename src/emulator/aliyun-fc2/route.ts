/** PLACEHOLDER until issue 3 lands: the emulated `aliyun-fc2` API. */
import type { EmulatorRoute } from '../types.js';

export const aliyunFc2Route: EmulatorRoute = {
  id: 'aliyun-fc2',
  matches: () => false,
  handle: () => Promise.reject(new Error('not implemented')),
};
