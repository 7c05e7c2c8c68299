/**
 * The retry policy, pure: (attempt, outcome, Retry-After, random) → wait so many milliseconds, or stop.
 *
 * An invocation is a POST that may run the function, so the rule is narrower than an HTTP client's: re-send only
 * when the first request provably did not run it. That is a refusal as throttled or unavailable (the provider's
 * throttling codes, HTTP 429, HTTP 503), or a transport failure before the request reached a connected socket.
 * A request that may have reached the function (a timeout or reset after sending) is re-sent only when the
 * provider deduplicates it (an async invocation with a task id) or the user said `--retry-unsafe`. ky and undici
 * make the same call: neither retries POST by default (ky `source/types/retry.ts`, undici `retry-handler.js`).
 *
 * Waits grow exponentially with full jitter (a random wait between 0 and the cap, so many clients throttled at
 * once do not come back in step); a `Retry-After` from the server is honoured as given, without jitter (as ky
 * `retry-timing.ts` does). See docs/batch.md, "Retries".
 */
import type { InvocationStatus, InvocationType } from './result.js';

/** How many times and how long to retry. */
export interface RetryPolicy {
  /** Retries after the first attempt (`--retries`). @default 2 */
  retries: number;
  /** Also re-send requests that may have reached the function (`--retry-unsafe`). @default false */
  retryUnsafe: boolean;
  /** The cap of the first wait; each retry doubles it. @default 250 */
  baseDelayMs: number;
  /** The largest cap of a backoff wait. @default 10000 */
  maxDelayMs: number;
  /** The longest `Retry-After` fcinvoke will wait; a longer one stops retrying. @default 60000 */
  maxRetryAfterMs: number;
}

/** The policy used when nothing else is said. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  retries: 2,
  retryUnsafe: false,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
});

/** What one attempt came to, as far as retrying is concerned. */
export interface AttemptOutcome {
  status: InvocationStatus;
  invocationType: InvocationType;
  /** An async invocation with a task id: the provider runs it once however often it is sent. */
  idempotent: boolean;
  /** The provider's error code, or fcinvoke's transport code (`ECONNREFUSED`, `timeout`, `deadline`, …). */
  errorCode: string | null;
  /** The HTTP status of the response, when one came back. */
  httpStatus: number | undefined;
  /** Whether `errorCode` is one of this provider's throttling codes (`providers/<p>/error-codes.ts`). */
  throttled: boolean;
}

/** Facts about the moment of the decision. */
export interface RetryContext {
  policy: RetryPolicy;
  /** The current time, to read a `Retry-After` HTTP-date. */
  now: Date;
  /** Milliseconds left before `--deadline`; undefined when there is none. */
  remainingMs?: number | undefined;
}

/** Retry after `delayMs`, or stop; `reason` is one phrase for `--debug`. */
export type RetryDecision =
  | { retry: true; delayMs: number; reason: string; fromRetryAfter: boolean }
  | { retry: false; reason: string };

/**
 * Decides what to do after attempt number `attempt` (1 for the first) ended in `outcome`. `retryAfter` is the
 * response's `Retry-After` header, if any; `random` returns a number in [0, 1) and is only used for jitter.
 */
export function decideRetry(
  attempt: number,
  outcome: AttemptOutcome,
  retryAfter: string | undefined,
  random: () => number,
  context: RetryContext,
): RetryDecision {
  const cause = retryableCause(outcome, context.policy.retryUnsafe);
  if (!cause.retryable) return { retry: false, reason: cause.reason };
  if (attempt > context.policy.retries) {
    return { retry: false, reason: `${cause.reason}; no retries left (--retries ${context.policy.retries})` };
  }
  const serverDelay = retryAfter === undefined ? undefined : parseRetryAfter(retryAfter, context.now);
  if (serverDelay !== undefined && serverDelay > context.policy.maxRetryAfterMs) {
    return {
      retry: false,
      reason: `${cause.reason}; Retry-After asks for ${formatSeconds(serverDelay)}, longer than the ${formatSeconds(context.policy.maxRetryAfterMs)} fcinvoke waits`,
    };
  }
  const delayMs = serverDelay ?? backoffDelay(attempt, random, context.policy);
  if (context.remainingMs !== undefined && delayMs >= context.remainingMs) {
    return { retry: false, reason: `${cause.reason}; the --deadline would pass before the retry` };
  }
  return { retry: true, delayMs, reason: cause.reason, fromRetryAfter: serverDelay !== undefined };
}

/**
 * Whether an outcome may be re-sent at all, and why (or why not). Exported so the rule can be tested and shown
 * on its own, without the attempt count and timing.
 */
export function retryableCause(
  outcome: AttemptOutcome,
  retryUnsafe: boolean,
): { retryable: boolean; reason: string } {
  const code = outcome.errorCode ?? 'unknown';
  switch (outcome.status) {
    case 'ok':
      return { retryable: false, reason: 'succeeded' };
    case 'function_error':
      return { retryable: false, reason: 'the function ran and failed' };
    case 'transport_error':
      // transport_error is only ever built for failures before the request reached a connected socket.
      if (code === 'deadline') return { retryable: false, reason: 'the --deadline was reached' };
      if (isPermanentBeforeSend(code)) return { retryable: false, reason: `never sent (${code}); a retry would fail the same way` };
      return { retryable: true, reason: `never sent (${code})` };
    case 'api_error':
      if (outcome.throttled) return { retryable: true, reason: `throttled (${code})` };
      if (outcome.httpStatus === 429) return { retryable: true, reason: `throttled (HTTP 429, ${code})` };
      if (outcome.httpStatus === 503) return { retryable: true, reason: `unavailable (HTTP 503, ${code})` };
      return { retryable: false, reason: `the API refused the call (${code})` };
    case 'outcome_unknown':
      // A 429/503 front end refused the request before the function; anything else may have run it.
      if (outcome.httpStatus === 429) return { retryable: true, reason: `throttled (HTTP 429)` };
      if (outcome.httpStatus === 503) return { retryable: true, reason: `unavailable (HTTP 503)` };
      if (code === 'deadline') return { retryable: false, reason: 'the --deadline was reached' };
      if (code === 'response_too_large') return { retryable: false, reason: 'the response would be as large again' };
      if (outcome.idempotent) return { retryable: true, reason: `may have been sent (${code}); the task id makes it safe` };
      if (retryUnsafe) return { retryable: true, reason: `may have reached the function (${code}); --retry-unsafe` };
      return {
        retryable: false,
        reason: `may have reached the function (${code}); not re-sent without --retry-unsafe`,
      };
    default: {
      const unreachable: never = outcome.status;
      throw new Error(`unknown status ${String(unreachable)}`);
    }
  }
}

/** The backoff wait before retry number `attempt`: a random share (full jitter) of `base × 2^(attempt−1)`. */
export function backoffDelay(attempt: number, random: () => number, policy: RetryPolicy): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(Math.min(Math.max(random(), 0), 1) * cap);
}

/**
 * A `Retry-After` value in milliseconds: delay-seconds or an HTTP-date (RFC 9110 §10.2.3); a date in the past is
 * 0. Undefined when the value is neither, so the backoff applies instead.
 */
export function parseRetryAfter(value: string, now: Date): number | undefined {
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds) ? seconds * 1000 : undefined;
  }
  // Only the HTTP-date shapes: Date.parse alone also accepts "5" or "2024" as a year.
  if (!/^[A-Za-z]{3,9},? /.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

/** Failures before sending that no retry can fix: a certificate the system does not trust, a malformed proxy URL. */
function isPermanentBeforeSend(code: string): boolean {
  return /CERT|^UNABLE_TO_|^ERR_TLS/.test(code) || code === 'proxy_config';
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
