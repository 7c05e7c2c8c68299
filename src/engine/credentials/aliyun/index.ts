/** The aliyun exchanges (being built: issue 14). */
import type { Exchange } from '../types.js';

export const exchange: Exchange = async (source) => {
  throw new Error(`${source.kind} exchanges of ${source.cloud} are not built yet`);
};
