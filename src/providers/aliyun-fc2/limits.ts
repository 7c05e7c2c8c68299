/** Alibaba Function Compute 2.0 limits (providers.md §4.5, which defers to the live FC 3.0 pages, §3.5). */
import { defaultTimeouts } from '../shared/limits.js';
import type { ProviderLimits } from '../types.js';

const MIB = 1024 * 1024;

/** Event size: 32 MB for sync calls, 128 KB for async ones (256 KB only by support ticket). */
export const FC2_LIMITS: ProviderLimits = {
  maxEventBytes: { sync: 32 * MIB, async: 128 * 1024 },
  // "函数最大运行时间 86400s" (FC 2.0 limits, https://alibabacloud.com/help/zh/functioncompute/fc-2-0/product-overview/limits).
  defaultTimeoutMs: defaultTimeouts(86_400),
};

/** The log tail `X-Fc-Log-Result` carries: the last 4 KB. */
export const LOG_TAIL_BYTES = 4 * 1024;
/** Bytes per MB in `X-Fc-Max-Memory-Usage` (providers.md §7: × 1 048 576). */
export const BYTES_PER_MB = MIB;
