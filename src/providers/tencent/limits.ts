/** Tencent SCF API 3.0 limits (providers.md §1.5). */
import { defaultTimeouts } from '../shared/limits.js';
import type { ProviderLimits } from '../types.js';

const MIB = 1024 * 1024;

export const TENCENT_LIMITS: ProviderLimits = {
  // InvokeFunction `Event` and sync `Invoke` `ClientContext`: 6 MB; async `Invoke`: 128 KB.
  maxEventBytes: { sync: 6 * MIB, async: 128 * 1024 },
  // Function timeout at most 900 s ("Timeout period: minimum 1 second, maximum 900 seconds",
  // https://intl.cloud.tencent.com/document/product/583/11637). Sync calls use InvokeFunction, which waits for the
  // run (the `Invoke` action's own 300 s wait applies to its sync mode, which fcinvoke does not use; §1.2).
  defaultTimeoutMs: defaultTimeouts(900),
};

/** RoutingKey JSON text, at most (providers.md §1.2). */
export const MAX_ROUTING_KEY_BYTES = 1024;
/** The log tail the API keeps (providers.md §1.5). */
export const LOG_TAIL_BYTES = 4 * 1024;
