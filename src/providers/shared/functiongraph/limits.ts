/** FunctionGraph limits (providers.md §5.5). */
import { defaultTimeouts } from '../limits.js';
import type { ProviderLimits } from '../../types.js';

const MIB = 1024 * 1024;

export const FUNCTIONGRAPH_LIMITS: ProviderLimits = {
  // Sync request body 6 MB; async request body 256 KB.
  maxEventBytes: { sync: 6 * MIB, async: 256 * 1024 },
  // Sync invocations run within 900 s (providers.md §5.5; FAQ
  // https://support.huaweicloud.com/intl/en-us/functiongraph_faq/functiongraph_03_0250.html).
  defaultTimeoutMs: defaultTimeouts(900),
};

/** `X-Cff-Function-Log` carries the last 2,000 bytes of the log, base64-encoded (providers.md §5.4, §8.5). */
export const LOG_TAIL_BYTES = 2000;
/** API Gateway refuses an `X-Sdk-Date` further than this from its clock (providers.md §5.3). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
