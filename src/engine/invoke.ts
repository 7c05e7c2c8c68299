/**
 * The invocation pipeline: validate → build → sign → send → parse, and again after a wait when the retry policy
 * (engine/retry.ts) says the attempt may be re-sent. The one place where the pure provider code meets I/O (the
 * transport, the clock, timers).
 */
import { randomInt } from 'node:crypto';
import type { Credentials, HttpRequest, InvokeInput, Provider, RawResponse } from '../providers/types.js';
import { findProvider } from '../providers/registry.js';
import { baseResult } from '../providers/shared/result.js';
import {
  DEFAULT_TIMEOUT_MS,
  defaultTransport,
  HttpTransport,
  monotonicMs,
  TransportError,
  type SendOptions,
  type SendTimings,
  type TransportPhase,
} from '../transport/http.js';
import { InterruptedError } from '../core/errors.js';
import { bytesContainSecret, redactValue, redactWith, replacementsFor } from '../core/redact.js';
import type { Invocation, InvocationStatus } from '../core/result.js';
import { decideRetry, DEFAULT_RETRY_POLICY, type AttemptOutcome, type RetryPolicy } from './retry.js';

/** Options for one invocation. */
export interface InvokeOptions extends SendOptions {
  /**
   * The connection pool to send through. @default the process's shared one (transport/http.ts `defaultTransport`,
   * closed by `closeTransport()`)
   */
  transport?: Pick<HttpTransport, 'send'> | undefined;
  /** The clock, for tests. @default () => new Date() */
  now?: () => Date;
  /** Called with each signed request just before it is sent (for `--debug`); once per attempt. */
  onRequest?: ((request: HttpRequest) => void) | undefined;
  /** Retries of throttled, unavailable or never-sent attempts (`--retries`); see engine/retry.ts. @default 0 */
  retries?: number | undefined;
  /** Also re-send sync invocations that may have reached the function (`--retry-unsafe`). @default false */
  retryUnsafe?: boolean | undefined;
  /**
   * All attempts and the waits between them end within this many milliseconds of the call (`--deadline`); each
   * attempt also stops at `timeoutMs`. @default no deadline
   */
  deadlineMs?: number | undefined;
  /** Called before each wait for a retry (for `--debug` and the batch summary). */
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /** Backoff tuning (tests, bench). @default DEFAULT_RETRY_POLICY */
  backoff?: Partial<Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs'>> | undefined;
  /** The jitter source, in [0, 1). @default Math.random */
  random?: (() => number) | undefined;
  /** Waits between attempts; rejects when `signal` aborts. Tests record the delays instead. */
  sleep?: ((ms: number, signal: AbortSignal | undefined) => Promise<void>) | undefined;
  /** A monotonic clock in milliseconds, for the deadline. @default process.hrtime, in milliseconds */
  clock?: (() => number) | undefined;
}

/** One retry about to happen. */
export interface RetryEvent {
  /** The attempt that failed, 1 for the first. */
  attempt: number;
  /** The retries allowed in all (`--retries`). */
  retries: number;
  /** How long fcinvoke waits before the next attempt. */
  delayMs: number;
  /** Whether the wait is the server's `Retry-After` rather than the backoff. */
  fromRetryAfter: boolean;
  /** Why the attempt may be re-sent, e.g. `throttled (RequestLimitExceeded)`. */
  reason: string;
  status: InvocationStatus;
  errorCode: string | null;
}

/** An invocation with how long its (last) request took. */
export interface TimedInvocation extends Invocation {
  timings: SendTimings | null;
  /** The last signed request, for `--debug` and `--dry-run`; contains secrets, so redact before printing. */
  request: HttpRequest;
  /** How many requests were sent or tried: 1 plus the retries. */
  attempts: number;
  /** The last response's status, headers and body size, for `--debug`; null when none came back. */
  response?: { status: number; headers: Record<string, string>; bodyBytes: number } | null | undefined;
}

/**
 * Ctrl-C during an invocation. `phase` says whether the interrupted request may have reached the function;
 * `lastAttempt` is the outcome of the previous attempt when the interrupt came during a wait between attempts.
 * It is an {@link InterruptedError}, so callers that only know that class still exit 130.
 */
export class InterruptedInvocationError extends InterruptedError {
  readonly phase: TransportPhase;
  readonly lastAttempt: TimedInvocation | undefined;

  constructor(phase: TransportPhase, lastAttempt?: TimedInvocation) {
    super();
    this.phase = phase;
    this.lastAttempt = lastAttempt;
  }
}

/** Checks, builds and signs the request; throws (exit 2) on bad input, sends nothing. */
export function prepareRequest(
  provider: Provider,
  input: InvokeInput,
  credentials: Credentials,
  now: Date,
): HttpRequest {
  provider.validateInput(input);
  const unsigned = provider.buildRequest(input);
  return provider.sign(unsigned, credentials, { now, nonce: randomInt(1, 2 ** 31 - 1) });
}

/**
 * Runs one invocation, with retries when asked. Outcomes, failures included, are returned as data; only pre-send
 * errors throw, and Ctrl-C throws {@link InterruptedInvocationError}.
 */
export async function invoke(
  provider: Provider,
  input: InvokeInput,
  credentials: Credentials,
  options: InvokeOptions = {},
): Promise<TimedInvocation> {
  const now = options.now ?? currentDate;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { deadlineMs, signal } = options;
  const retries = options.retries ?? 0;
  // Read only after a failed attempt, and only when retries were asked for: most invocations never need it.
  let policy: RetryPolicy | undefined;
  // The clock is read only for a deadline: without one, no attempt is cut short and no retry waits on it.
  const clock = deadlineMs === undefined ? undefined : (options.clock ?? monotonicMs);
  const started = clock === undefined ? 0 : clock();
  const remaining = () => (clock === undefined || deadlineMs === undefined ? undefined : deadlineMs - (clock() - started));

  provider.validateInput(input);
  // Built once, signed per attempt: every attempt needs a fresh timestamp and nonce (FC refuses a reused nonce).
  const unsigned = provider.buildRequest(input);
  const transport = options.transport ?? defaultTransport;
  // The process's transport keeps no reference to the signal past the request (transport/http.ts): it gets the
  // caller's own. Any other transport gets a per-call signal (see linkSignal).
  const linked = transport instanceof HttpTransport ? unlinked(signal) : linkSignal(signal);
  let previous: TimedInvocation | undefined;
  try {
    for (let attempt = 1; ; attempt += 1) {
      const left = remaining();
      const attemptTimeout = left === undefined ? timeoutMs : Math.max(1, Math.min(timeoutMs, Math.ceil(left)));
      const request = provider.sign(unsigned, credentials, { now: now(), nonce: randomInt(1, 2 ** 31 - 1) });
      options.onRequest?.(request);

      let invocation: TimedInvocation;
      let retryAfter: string | undefined;
      try {
        const response = await transport.send(request, {
          signal: linked.signal,
          timeoutMs: attemptTimeout,
          maxBodyBytes: options.maxBodyBytes,
          maxHeaderBytes: options.maxHeaderBytes,
          connections: options.connections,
          env: options.env,
        });
        // Field by field rather than `{ ...parsed, timings, … }`: in V8, properties added after a spread take a
        // slow path, which here cost more than the rest of this function.
        const parsed = isRedirect(response.status) ? redirectAnswer(input, response) : provider.parseResponse(response, input);
        invocation = {
          result: parsed.result,
          payload: parsed.payload,
          details: parsed.details,
          timings: response.timings,
          request,
          attempts: attempt,
          response: { status: response.status, headers: response.headers, bodyBytes: response.body.byteLength },
        };
        retryAfter = response.headers['retry-after'];
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        if (error.code === 'aborted') throw new InterruptedInvocationError(error.phase, previous);
        const cutByDeadline = left !== undefined && left < timeoutMs && error.code === 'timeout';
        const failure = cutByDeadline ? deadlineError(error, deadlineMs ?? 0) : error;
        const failed = transportFailure(input, failure);
        invocation = { result: failed.result, payload: failed.payload, details: failed.details, timings: null, request, attempts: attempt };
      }
      redactAnswer(invocation, credentials);
      if (attempt > 1) invocation.details.retries = attempt - 1;
      if (retries === 0 || invocation.result.status === 'ok') return invocation;

      policy ??= {
        ...DEFAULT_RETRY_POLICY,
        ...options.backoff,
        retries,
        retryUnsafe: options.retryUnsafe === true,
      };
      const decision = decideRetry(attempt, await outcomeOf(provider, invocation, input), retryAfter, options.random ?? Math.random, {
        policy,
        now: now(),
        remainingMs: remaining(),
      });
      if (!decision.retry) return invocation;
      options.onRetry?.({
        attempt,
        retries: policy.retries,
        delayMs: decision.delayMs,
        fromRetryAfter: decision.fromRetryAfter,
        reason: decision.reason,
        status: invocation.result.status,
        errorCode: invocation.result.error?.code ?? null,
      });
      try {
        await (options.sleep ?? defaultSleep)(decision.delayMs, linked.signal);
      } catch (error) {
        if (signal?.aborted) throw new InterruptedInvocationError('connect', invocation);
        throw error;
      }
      previous = invocation;
    }
  } finally {
    linked.dispose();
  }
}

function currentDate(): Date {
  return new Date();
}

/** The result for a request that got no complete answer. */
export function transportFailure(input: InvokeInput, error: TransportError): Invocation {
  const sent = error.phase === 'sent';
  return {
    result: {
      ...baseResult(input),
      status: sent ? 'outcome_unknown' : 'transport_error',
      error: { code: error.code, message: error.message },
    },
    payload: null,
    details: {
      // A proxy's refusal of the tunnel carries its status, which decides whether a retry could help.
      ...(error.status === undefined ? {} : { httpStatus: error.status }),
      hint: sent
        ? `the request was sent, so the function may have run; check its logs before invoking again${
            error.code === 'timeout' ? '; a function that runs longer needs a larger --timeout' : ''
          }`
        : transportHint(error.code),
    },
  };
}

/** Whether `code` is one of the throttling codes of the provider with id `providerId` (loading that provider). */
export async function isThrottleCode(providerId: string, code: string): Promise<boolean> {
  const entry = findProvider(providerId);
  return entry !== undefined && (await (await entry.load()).isThrottled(code));
}

async function outcomeOf(provider: Provider, invocation: Invocation, input: InvokeInput): Promise<AttemptOutcome> {
  const { status, error } = invocation.result;
  const errorCode = error?.code ?? null;
  return {
    status,
    invocationType: input.invocationType,
    errorCode,
    httpStatus: invocation.details.httpStatus,
    throttled: status === 'api_error' && errorCode !== null && (await provider.isThrottled(errorCode)),
  };
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

/**
 * A 3xx answer: the front end sent the request elsewhere, so the function did not run here. fcinvoke never
 * follows it (re-sending a signed request to another host would hand it the signature, and a POST must not be
 * sent twice); the `Location` is shown so the user can fix `--endpoint`. Exit 3, not retried.
 */
function redirectAnswer(input: InvokeInput, response: RawResponse): Invocation {
  const location = response.headers.location;
  return {
    result: {
      ...baseResult(input),
      status: 'api_error',
      error: {
        code: `HTTP${response.status}`,
        message: `the endpoint redirected the request (HTTP ${response.status}${
          location === undefined ? ', no Location' : `, Location: ${location}`
        }); fcinvoke does not follow redirects`,
      },
    },
    payload: null,
    details: {
      httpStatus: response.status,
      hint: 'check --endpoint (or the region): a redirect means it does not serve this API itself',
    },
  };
}

/**
 * The masks for a credentials object, kept with the values they were made from: a batch redacts every answer
 * with the same ones. A memo, not shared state: it is weakly keyed by the caller's own object, and an entry is
 * used only while that object still holds the same secrets (one changed in place gets new masks), so no two
 * callers, tests included, can see each other's.
 */
const replacementCache = new WeakMap<Credentials, { made: string; replacements: ReturnType<typeof replacementsFor> }>();

function replacementsOf(credentials: Credentials): ReturnType<typeof replacementsFor> {
  const made =
    credentials.kind === 'token'
      ? credentials.token
      : `${credentials.accessKeyId}\n${credentials.accessKeySecret}\n${credentials.securityToken ?? ''}`;
  const cached = replacementCache.get(credentials);
  if (cached !== undefined && cached.made === made) return cached.replacements;
  const replacements = replacementsFor(credentials);
  replacementCache.set(credentials, { made, replacements });
  return replacements;
}

/**
 * Masks the credentials' secrets (and the key id) in everything of the answer that is printed: error, log, ids,
 * hint, and the return value when a secret occurs in it. A server that echoes the request (a gateway error page
 * quoting the headers, a hostile endpoint) must not get a token onto the terminal, into `--json` or a CI log.
 */
export function redactAnswer(invocation: Invocation, credentials: Credentials): void {
  const replacements = replacementsOf(credentials);
  if (replacements.length === 0) return;
  const { result, details } = invocation;
  const clean = (text: string) => redactWith(text, replacements);
  if (result.error !== null) result.error = { code: clean(result.error.code), message: clean(result.error.message) };
  if (result.logs !== null) result.logs = clean(result.logs);
  if (result.requestId !== null) result.requestId = clean(result.requestId);
  if (result.functionRequestId !== null) result.functionRequestId = clean(result.functionRequestId);
  if (details.hint !== undefined) details.hint = clean(details.hint);
  // Server text the renderers may print: every string detail.
  if (details.instanceId !== undefined) details.instanceId = clean(details.instanceId);
  if (details.executedVersion !== undefined) details.executedVersion = clean(details.executedVersion);
  if (details.codeChecksum !== undefined) details.codeChecksum = clean(details.codeChecksum);
  if (details.apiErrorCode !== undefined) details.apiErrorCode = clean(details.apiErrorCode);
  if (details.billingInfo !== undefined) details.billingInfo = clean(details.billingInfo);
  const payload = invocation.payload;
  if (payload !== null && bytesContainSecret(payload, replacements)) {
    const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    invocation.payload = Buffer.from(clean(bytes.toString('latin1')), 'latin1');
    result.result = redactValue(result.result, replacements);
  }
}

function deadlineError(error: TransportError, deadlineMs: number): TransportError {
  return new TransportError(
    'deadline',
    error.phase === 'sent'
      ? `the --deadline of ${deadlineMs} ms passed before the answer came`
      : `the --deadline of ${deadlineMs} ms passed before a connection was made`,
    error.phase,
    error,
  );
}

/**
 * A signal of this call's own that follows `outer`, dropped when the call ends, for a caller's own transport. One
 * that combines its signal with a timeout through AbortSignal.any would, on Node 20, keep every signal ever
 * combined with a source alive as long as the source: passing the process-long Ctrl-C signal straight down would
 * grow the heap with each request of a long batch. A per-call signal takes those references with it when it is
 * collected.
 */
function linkSignal(outer: AbortSignal | undefined): { signal: AbortSignal | undefined; dispose: () => void } {
  if (outer === undefined) return UNLINKED;
  const controller = new AbortController();
  if (outer.aborted) {
    controller.abort(outer.reason);
    return { signal: controller.signal, dispose: () => undefined };
  }
  const forward = () => controller.abort(outer.reason);
  outer.addEventListener('abort', forward, { once: true });
  return { signal: controller.signal, dispose: () => outer.removeEventListener('abort', forward) };
}

const UNLINKED: { signal: AbortSignal | undefined; dispose: () => void } = Object.freeze({
  signal: undefined,
  dispose: () => undefined,
});

function unlinked(signal: AbortSignal | undefined): { signal: AbortSignal | undefined; dispose: () => void } {
  return signal === undefined ? UNLINKED : { signal, dispose: noop };
}

function noop(): void {}

/**
 * Waits `ms`, or rejects with the signal's reason when it aborts first. A timer and a listener, as
 * node:timers/promises does, without loading that module on every start-up for a wait most runs never make.
 */
function defaultSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal === undefined) {
      setTimeout(resolve, ms);
      return;
    }
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function transportHint(code: string): string | undefined {
  if (code === 'ECONNREFUSED') return 'nothing is listening there; check --endpoint (is the emulator running?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name did not resolve; check --endpoint and DNS';
  if (/CERT|^UNABLE_TO_|^ERR_TLS/.test(code)) {
    return 'TLS verification failed; behind a proxy that inspects TLS, set NODE_EXTRA_CA_CERTS to its CA file';
  }
  if (code === 'timeout') return 'raise --timeout, or check the network path to the endpoint';
  if (code === 'deadline') return 'raise --deadline, or check the network path to the endpoint';
  if (code === 'proxy_refused' || code === 'proxy_config') return 'check HTTPS_PROXY, HTTP_PROXY and NO_PROXY';
  return undefined;
}
