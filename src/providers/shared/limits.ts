/** The one size check every provider makes before sending (providers.md, each provider's limits). */
import { InputError } from '../../core/errors.js';
import type { InvokeInput, ProviderLimits } from '../types.js';

/**
 * Refuses an event larger than `limits` allow for its invocation type (exit 2, nothing sent). `service` names the
 * API in the message; `scope` says what the limit applies to (default: `for <type> invocations`).
 */
export function checkEventSize(input: InvokeInput, limits: ProviderLimits, service: string, scope?: string): void {
  const limit = limits.maxEventBytes[input.invocationType];
  if (input.event.byteLength > limit) {
    throw new InputError(
      `event is ${input.event.byteLength} bytes; ${service} accepts at most ${limit} bytes ${scope ?? `for ${input.invocationType} invocations`}`,
      { code: 'input.event_too_large' },
    );
  }
}
