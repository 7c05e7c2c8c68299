/** Alibaba Function Compute 3.0 limits (providers.md §3.5). */
import { defaultTimeouts } from '../shared/limits.js';
import type { ProviderLimits } from '../types.js';

const MIB = 1024 * 1024;

/** Event size limits checked before sending. */
export const ALIYUN_LIMITS: ProviderLimits = {
  // Sync request payload 32 MB; async 128 KB (256 KB only by ticket, so we check the default).
  maxEventBytes: { sync: 32 * MIB, async: 128 * 1024 },
  // "函数最大运行时间 86400s" (FC 3.0 limits, https://alibabacloud.com/help/tc/functioncompute/fc-3-0/product-overview/limits-of-usage).
  defaultTimeoutMs: defaultTimeouts(86_400),
};

/** The log tail FC returns in `x-fc-log-result` (providers.md §3.5). */
export const LOG_TAIL_BYTES = 4 * 1024;
