/** Tencent SCF legacy API v2 limits (providers.md §2.5). */
import { defaultTimeouts } from '../shared/limits.js';
import type { ProviderLimits } from '../types.js';

const MIB = 1024 * 1024;

export const TENCENT_V2_LIMITS: ProviderLimits = {
  // `param` ≤ 1 MB for both invoke types; the docs give no separate async limit (providers.md §2.5, §6).
  maxEventBytes: { sync: MIB, async: MIB },
  // The same SCF functions as API 3.0: function timeout at most 900 s
  // (https://intl.cloud.tencent.com/document/product/583/11637).
  defaultTimeoutMs: defaultTimeouts(900),
};

/** The log tail the API keeps (providers.md §2.4). */
export const LOG_TAIL_BYTES = 4 * 1024;
