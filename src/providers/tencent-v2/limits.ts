/** Tencent SCF legacy API v2 limits (providers.md §2.5). */
import type { ProviderLimits } from '../types.js';

const MIB = 1024 * 1024;

export const TENCENT_V2_LIMITS: ProviderLimits = {
  // `param` ≤ 1 MB for both invoke types; the docs give no separate async limit (providers.md §2.5, §6).
  maxEventBytes: { sync: MIB, async: MIB },
};

/** The log tail the API keeps (providers.md §2.4). */
export const LOG_TAIL_BYTES = 4 * 1024;
