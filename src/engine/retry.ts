/**
 * The retry policy, pure: (attempt, outcome, Retry-After, random) → wait so many milliseconds, or stop.
 *
 * An invocation is a POST that may run the function, so the rule is narrower than an HTTP client's: re-send only
 * when the answer proves the function did not run. That is the provider's own throttling codes, HTTP 429, or a
 * transport failure before the request reached a connected socket ({@link RETRY_RULES}). A bare 503 page proves
 * nothing (a gateway may answer 503 after the function ran), nor does an async task id (not every provider
 * deduplicates it, and the contract is one send), so a request that may have reached the function is re-sent
 * only when the user said `--retry-unsafe`. ky and undici make the same call: neither retries POST by default
 * (ky `source/types/retry.ts`, undici `retry-handler.js`).
 *
 * Waits grow exponentially with full jitter (a random wait between 0 and the cap, so many clients throttled at
 * once do not come back in step); a `Retry-After` from the server is honoured as given, without jitter (as ky
 * `retry-timing.ts` does). See docs/batch.md, "Retries".
 */
import type { InvocationStatus, InvocationType } from '../core/result.js';

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

/** Whether a response class is re-sent. */
export type RetryVerdict = 'yes' | 'no' | 'only with --retry-unsafe';

/** One class of attempt outcome: what it proves, its exit code, and whether it is re-sent. */
export interface RetryRule {
  /** The class, in the words of docs/exit-codes.md's retry table. */
  name: string;
  status: InvocationStatus;
  verdict: RetryVerdict;
  /** Why, in one phrase (docs/exit-codes.md). */
  why: string;
  matches(outcome: AttemptOutcome): boolean;
  /** The reason `--debug` and the error line give, naming the code. */
  reason(code: string): string;
}

const always = () => true;

/**
 * **The retry rule, written once.** The first rule that matches an attempt's outcome decides; docs/exit-codes.md
 * prints this table and a test keeps the two in step. An attempt is re-sent only when the answer proves the
 * function did not run: the provider's own throttling or refusal codes, HTTP 429, or a failure before the request
 * was written to a connected socket. Anything else that may have reached the function (a bare 5xx page, a reset
 * after sending, a body cut short, a timeout) is sent once, unless the user said `--retry-unsafe`.
 */
export const RETRY_RULES: readonly RetryRule[] = [
  { name: 'the function returned', status: 'ok', verdict: 'no', why: 'succeeded', matches: always, reason: () => 'succeeded' },
  { name: 'the function ran and failed', status: 'function_error', verdict: 'no', why: 'the function ran', matches: always, reason: () => 'the function ran and failed' },
  {
    name: '`--deadline` passed before a connection',
    status: 'transport_error',
    verdict: 'no',
    why: 'the --deadline was reached',
    matches: (outcome) => outcome.errorCode === 'deadline',
    reason: () => 'the --deadline was reached',
  },
  {
    name: 'TLS verification failed, a malformed proxy setting, a proxy refusing with 4xx (e.g. 407)',
    status: 'transport_error',
    verdict: 'no',
    why: 'never sent, and a retry would be refused the same way',
    matches: (outcome) =>
      /CERT|^UNABLE_TO_|^ERR_TLS/.test(outcome.errorCode ?? '') ||
      outcome.errorCode === 'proxy_config' ||
      (outcome.errorCode === 'proxy_refused' && outcome.httpStatus !== undefined && outcome.httpStatus < 500),
    reason: (code) => `never sent (${code}); a retry would fail the same way`,
  },
  {
    name: 'no connection: refused, DNS, connect timeout, proxy 5xx on CONNECT',
    status: 'transport_error',
    verdict: 'yes',
    why: 'never sent: the request was not written to a connected socket',
    matches: always,
    reason: (code) => `never sent (${code})`,
  },
  {
    name: "the provider's throttling or refusal code (e.g. `RequestLimitExceeded`)",
    status: 'api_error',
    verdict: 'yes',
    why: 'throttled: the provider says it did not run the function',
    matches: (outcome) => outcome.throttled,
    reason: (code) => `throttled (${code})`,
  },
  {
    name: 'HTTP 429 with an error the parser read',
    status: 'api_error',
    verdict: 'yes',
    why: 'throttled (HTTP 429): refused before the function',
    matches: (outcome) => outcome.httpStatus === 429,
    reason: (code) => `throttled (HTTP 429, ${code})`,
  },
  {
    name: 'any other API refusal (auth, not found, invalid parameter, quota, a redirect)',
    status: 'api_error',
    verdict: 'no',
    why: 'the API refused the call; a retry gets the same answer',
    matches: always,
    reason: (code) => `the API refused the call (${code})`,
  },
  {
    name: 'an HTTP 429 page the parser could not read',
    status: 'outcome_unknown',
    verdict: 'yes',
    why: 'throttled (HTTP 429): refused before the function',
    matches: (outcome) => outcome.httpStatus === 429,
    reason: () => 'throttled (HTTP 429)',
  },
  {
    name: '`--deadline` passed after sending; a response over the size cap',
    status: 'outcome_unknown',
    verdict: 'no',
    why: 'may have run, and a retry would end the same way',
    matches: (outcome) => outcome.errorCode === 'deadline' || outcome.errorCode === 'response_too_large',
    reason: (code) => (code === 'deadline' ? 'the --deadline was reached' : `the response would be as large again (${code})`),
  },
  {
    name: 'a bare 5xx page (502, 503 with or without `Retry-After`, 504), a reset or close after sending, a timeout, a body cut short or unreadable',
    status: 'outcome_unknown',
    verdict: 'only with --retry-unsafe',
    why: 'may have reached the function',
    matches: always,
    reason: (code) => `may have reached the function (${code})`,
  },
];

/**
 * Whether an outcome may be re-sent at all, and why (or why not): the first {@link RETRY_RULES} entry that
 * matches. Exported so the rule can be tested and shown on its own, without the attempt count and timing.
 */
export function retryableCause(
  outcome: AttemptOutcome,
  retryUnsafe: boolean,
): { retryable: boolean; reason: string } {
  const rule = ruleFor(outcome);
  const code = outcome.errorCode ?? (outcome.httpStatus === undefined ? 'unknown' : `HTTP ${outcome.httpStatus}`);
  const reason = rule.reason(code);
  switch (rule.verdict) {
    case 'yes':
      return { retryable: true, reason };
    case 'no':
      return { retryable: false, reason };
    case 'only with --retry-unsafe':
      return retryUnsafe
        ? { retryable: true, reason: `${reason}; --retry-unsafe` }
        : { retryable: false, reason: `${reason}; not re-sent without --retry-unsafe` };
    default: {
      const unreachable: never = rule.verdict;
      throw new Error(`unknown verdict ${String(unreachable)}`);
    }
  }
}

/** The rule that decides `outcome`. */
export function ruleFor(outcome: AttemptOutcome): RetryRule {
  for (const rule of RETRY_RULES) {
    if (rule.status === outcome.status && rule.matches(outcome)) return rule;
  }
  throw new Error(`no retry rule for status ${outcome.status}`);
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
    // Too many seconds to count is longer than any wait: Infinity, so the caller stops instead of backing off.
    const seconds = Number(text);
    return Number.isSafeInteger(seconds) ? seconds * 1000 : Number.POSITIVE_INFINITY;
  }
  // Only the HTTP-date shapes: Date.parse alone also accepts "5" or "2024" as a year.
  if (!/^[A-Za-z]{3,9},? /.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

function formatSeconds(ms: number): string {
  if (!Number.isFinite(ms)) return 'more seconds than can be counted';
  return `${Math.round(ms / 100) / 10} s`;
}
