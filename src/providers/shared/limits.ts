/** The one size check every provider makes before sending (providers.md, each provider's limits). */
import { InputError } from '../../core/errors.js';
import type { InvokeInput, ProviderLimits } from '../types.js';

/**
 * Refuses an event larger than `limits` allow for its invocation type (exit 2, nothing sent). `service` names the
 * API in the message; `scope` says what the limit applies to (default: `for <type> invocations`).
 */
export function checkEventSize(
  input: InvokeInput,
  limits: Pick<ProviderLimits, 'maxEventBytes'>,
  service: string,
  scope?: string,
): void {
  const limit = limits.maxEventBytes[input.invocationType];
  if (input.event.byteLength > limit) {
    throw new InputError(
      `event is ${input.event.byteLength} bytes; ${service} accepts at most ${limit} bytes ${scope ?? `for ${input.invocationType} invocations`}`,
      { code: 'input.event_too_large' },
    );
  }
}

/** Added to a provider's longest sync run for the default timeout: connect, upload, queueing, the answer's trip. */
export const TIMEOUT_MARGIN_MS = 30_000;
/** The default timeout of an async invocation: the provider only queues the event and answers at once. */
export const ASYNC_TIMEOUT_MS = 60_000;

/** Default timeouts for a provider whose sync invocations may run `maxSyncRunSeconds`. */
export function defaultTimeouts(maxSyncRunSeconds: number): ProviderLimits['defaultTimeoutMs'] {
  return { sync: maxSyncRunSeconds * 1000 + TIMEOUT_MARGIN_MS, async: ASYNC_TIMEOUT_MS };
}
