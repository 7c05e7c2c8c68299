/** PLACEHOLDER until issue 3 lands: the emulated `aliyun` API. */
import type { EmulatorRoute } from '../types.js';

export const aliyunRoute: EmulatorRoute = {
  id: 'aliyun',
  matches: () => false,
  handle: () => Promise.reject(new Error('not implemented')),
};
