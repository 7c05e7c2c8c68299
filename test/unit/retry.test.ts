/** The retry policy (core/retry.ts) and the retry loop of core/invoke.ts, with delays recorded instead of slept. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterruptedError } from '../../src/core/errors.js';
import { invoke, InterruptedInvocationError, isThrottleCode, type RetryEvent } from '../../src/engine/invoke.js';
import {
  backoffDelay,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  type AttemptOutcome,
  type RetryPolicy,
} from '../../src/engine/retry.js';
import { tencentProvider } from '../../src/providers/tencent/index.js';
import type { Credentials, InvokeInput } from '../../src/providers/types.js';
import { closeTransport } from '../../src/transport/http.js';
import { inputFor } from '../conformance/cases.js';

const NOW = new Date('2025-01-02T03:04:05Z');
const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, retries: 3 };
const half = () => 0.5;

function outcome(overrides: Partial<AttemptOutcome>): AttemptOutcome {
  return {
    status: 'api_error',
    invocationType: 'sync',
    errorCode: 'RequestLimitExceeded',
    httpStatus: 200,
    throttled: true,
    ...overrides,
  };
}

function decide(
  attempt: number,
  result: AttemptOutcome,
  retryAfter?: string,
  extra: { policy?: RetryPolicy; remainingMs?: number; random?: () => number } = {},
) {
  return decideRetry(attempt, result, retryAfter, extra.random ?? half, {
    policy: extra.policy ?? policy,
    now: NOW,
    remainingMs: extra.remainingMs,
  });
}

describe('what may be retried', () => {
  it('retries a throttled API refusal, even for a sync invocation', () => {
    expect(decide(1, outcome({}))).toMatchObject({ retry: true, reason: 'throttled (RequestLimitExceeded)' });
  });

  it('retries HTTP 429 API refusals whatever their code', () => {
    expect(decide(1, outcome({ throttled: false, errorCode: 'HTTP429', httpStatus: 429 }))).toMatchObject({ retry: true });
    expect(
      decide(1, outcome({ status: 'outcome_unknown', throttled: false, errorCode: 'UnreadableResponse', httpStatus: 429 })),
    ).toMatchObject({ retry: true, reason: 'throttled (HTTP 429)' });
  });

  it('does not retry a 503 that is not one of the provider\'s throttling codes: it does not prove the function did not run', () => {
    expect(decide(1, outcome({ throttled: false, errorCode: 'FSS.0503', httpStatus: 503 }))).toMatchObject({ retry: false });
    expect(
      decide(1, outcome({ status: 'outcome_unknown', throttled: false, errorCode: 'UnreadableResponse', httpStatus: 503 })),
    ).toEqual({ retry: false, reason: 'may have reached the function (UnreadableResponse); not re-sent without --retry-unsafe' });
    for (const httpStatus of [500, 502, 504]) {
      expect(
        decide(1, outcome({ status: 'outcome_unknown', throttled: false, errorCode: 'UnreadableResponse', httpStatus })),
      ).toMatchObject({ retry: false });
    }
  });

  it('does not retry a proxy that refuses the tunnel with a 4xx (407 wants credentials), but does with a 5xx', () => {
    const proxy = (httpStatus: number) =>
      outcome({ status: 'transport_error', throttled: false, errorCode: 'proxy_refused', httpStatus });
    expect(decide(1, proxy(407))).toEqual({ retry: false, reason: 'never sent (proxy_refused); a retry would fail the same way' });
    expect(decide(1, proxy(403))).toMatchObject({ retry: false });
    expect(decide(1, proxy(502))).toMatchObject({ retry: true, reason: 'never sent (proxy_refused)' });
  });

  it('retries a transport failure before the request was sent', () => {
    expect(
      decide(1, outcome({ status: 'transport_error', throttled: false, errorCode: 'ECONNREFUSED', httpStatus: undefined })),
    ).toMatchObject({ retry: true, reason: 'never sent (ECONNREFUSED)' });
  });

  it('does not retry a failure before sending that would fail the same way again', () => {
    for (const code of ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'proxy_config']) {
      expect(decide(1, outcome({ status: 'transport_error', throttled: false, errorCode: code, httpStatus: undefined }))).toEqual({
        retry: false,
        reason: `never sent (${code}); a retry would fail the same way`,
      });
    }
  });

  it('does not retry other API refusals', () => {
    expect(decide(1, outcome({ throttled: false, errorCode: 'AuthFailure.SignatureFailure' }))).toEqual({
      retry: false,
      reason: 'the API refused the call (AuthFailure.SignatureFailure)',
    });
    expect(decide(1, outcome({ throttled: false, errorCode: 'HTTP404', httpStatus: 404 }))).toMatchObject({ retry: false });
  });

  it('never retries a success or a function error', () => {
    expect(decide(1, outcome({ status: 'ok', errorCode: null, throttled: false }))).toMatchObject({ retry: false });
    expect(decide(1, outcome({ status: 'function_error', errorCode: 'FunctionError', throttled: false }))).toMatchObject({
      retry: false,
      reason: 'the function ran and failed',
    });
  });

  it('does not re-send a sync invocation that may have reached the function', () => {
    const timedOut = outcome({ status: 'outcome_unknown', errorCode: 'timeout', throttled: false, httpStatus: undefined });
    expect(decide(1, timedOut)).toEqual({
      retry: false,
      reason: 'may have reached the function (timeout); not re-sent without --retry-unsafe',
    });
  });

  it('re-sends it with --retry-unsafe', () => {
    const reset = outcome({ status: 'outcome_unknown', errorCode: 'UND_ERR_SOCKET', throttled: false, httpStatus: undefined });
    expect(decide(1, reset, undefined, { policy: { ...policy, retryUnsafe: true } })).toMatchObject({ retry: true });
  });

  it('does not re-send an async invocation that may have been queued, task id or not', () => {
    const timedOut = outcome({
      status: 'outcome_unknown',
      invocationType: 'async',
      errorCode: 'timeout',
      throttled: false,
      httpStatus: undefined,
    });
    expect(decide(1, timedOut)).toMatchObject({ retry: false });
  });

  it('does not retry when the deadline was what stopped the attempt', () => {
    const cut = outcome({ status: 'transport_error', errorCode: 'deadline', throttled: false, httpStatus: undefined });
    expect(decide(1, cut)).toEqual({ retry: false, reason: 'the --deadline was reached' });
    expect(decide(1, { ...cut, status: 'outcome_unknown' }, undefined, { policy: { ...policy, retryUnsafe: true } })).toMatchObject({
      retry: false,
    });
  });
});

describe('how many times and how long', () => {
  it('stops after --retries retries', () => {
    const limited = { ...policy, retries: 2 };
    expect(decide(2, outcome({}), undefined, { policy: limited })).toMatchObject({ retry: true });
    expect(decide(3, outcome({}), undefined, { policy: limited })).toEqual({
      retry: false,
      reason: 'throttled (RequestLimitExceeded); no retries left (--retries 2)',
    });
    expect(decide(1, outcome({}), undefined, { policy: { ...policy, retries: 0 } })).toMatchObject({ retry: false });
  });

  it('doubles the backoff cap each attempt and jitters within it', () => {
    const delays = [1, 2, 3, 4].map((attempt) =>
      decide(attempt, outcome({}), undefined, { random: () => 0.999999, policy: { ...policy, retries: 5 } }),
    );
    expect(delays.map((d) => (d.retry ? d.delayMs : -1))).toEqual([249, 499, 999, 1999]);
    expect(decide(1, outcome({}), undefined, { random: () => 0 })).toMatchObject({ retry: true, delayMs: 0 });
    expect(decide(3, outcome({}))).toMatchObject({ retry: true, delayMs: 500, fromRetryAfter: false });
  });

  it('never waits longer than the largest cap', () => {
    expect(backoffDelay(30, () => 0.999999, { ...policy, maxDelayMs: 10_000 })).toBe(9999);
  });

  it('gives a spread of waits, not one fixed wait (full jitter)', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const waits = new Set(Array.from({ length: 50 }, () => backoffDelay(3, random, policy)));
    expect(waits.size).toBeGreaterThan(30);
    for (const wait of waits) expect(wait).toBeLessThan(1000);
  });

  it('honours Retry-After in seconds exactly, without jitter', () => {
    expect(decide(1, outcome({}), '3', { random: () => 0.1 })).toEqual({
      retry: true,
      delayMs: 3000,
      reason: 'throttled (RequestLimitExceeded)',
      fromRetryAfter: true,
    });
    expect(decide(1, outcome({}), '0')).toMatchObject({ retry: true, delayMs: 0 });
  });

  it('honours Retry-After as an HTTP-date', () => {
    expect(decide(1, outcome({}), 'Thu, 02 Jan 2025 03:04:12 GMT')).toMatchObject({ retry: true, delayMs: 7000 });
    expect(decide(1, outcome({}), 'Thu, 02 Jan 2025 03:00:00 GMT')).toMatchObject({ retry: true, delayMs: 0 });
  });

  it('stops when Retry-After asks for longer than fcinvoke waits', () => {
    expect(decide(1, outcome({}), '3600')).toEqual({
      retry: false,
      reason: 'throttled (RequestLimitExceeded); Retry-After asks for 3600 s, longer than the 60 s fcinvoke waits',
    });
  });

  it('stops when Retry-After is a number of seconds too large to count', () => {
    const decision = decide(1, outcome({ errorCode: 'HTTP429', httpStatus: 429, throttled: false }), '99999999999999999999');
    expect(decision).toMatchObject({ retry: false });
    expect(decision.reason).toContain('longer than the 60 s fcinvoke waits');
    expect(parseRetryAfter('99999999999999999999', NOW)).toBe(Number.POSITIVE_INFINITY);
  });

  it('falls back to the backoff when Retry-After is unreadable', () => {
    expect(decide(1, outcome({}), 'soon')).toMatchObject({ retry: true, delayMs: 125, fromRetryAfter: false });
  });

  it('ignores Retry-After on an outcome that may not be retried', () => {
    expect(decide(1, outcome({ throttled: false, errorCode: 'AuthFailure' }), '1')).toMatchObject({ retry: false });
  });

  it('stops when the wait would run past the deadline', () => {
    expect(decide(1, outcome({}), '2', { remainingMs: 1500 })).toEqual({
      retry: false,
      reason: 'throttled (RequestLimitExceeded); the --deadline would pass before the retry',
    });
    expect(decide(1, outcome({}), '1', { remainingMs: 1500 })).toMatchObject({ retry: true });
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and the three HTTP-date forms', () => {
    expect(parseRetryAfter(' 120 ', NOW)).toBe(120_000);
    expect(parseRetryAfter('Thu, 02 Jan 2025 03:04:15 GMT', NOW)).toBe(10_000);
    expect(parseRetryAfter('Thursday, 02-Jan-25 03:04:15 GMT', NOW)).toBe(10_000);
    expect(parseRetryAfter('Thu Jan  2 03:04:15 2025', NOW)).toBeTypeOf('number');
  });

  it('reads any run of digits as seconds and refuses signs, fractions and words', () => {
    expect(parseRetryAfter('-1', NOW)).toBeUndefined();
    expect(parseRetryAfter('1.5', NOW)).toBeUndefined();
    expect(parseRetryAfter('2025', NOW)).toBe(2_025_000);
    expect(parseRetryAfter('tomorrow', NOW)).toBeUndefined();
    expect(parseRetryAfter('', NOW)).toBeUndefined();
  });
});

describe('throttling codes per provider', () => {
  it('takes each provider its own table', async () => {
    expect(await isThrottleCode('tencent', 'RequestLimitExceeded')).toBe(true);
    expect(await isThrottleCode('tencent', 'LimitExceeded.Concurrency')).toBe(true);
    expect(await isThrottleCode('tencent', 'ResourceNotFound.Function')).toBe(false);
    expect(await isThrottleCode('tencent-v2', '4400')).toBe(true);
    expect(await isThrottleCode('aliyun', 'ResourceThrottled')).toBe(true);
    expect(await isThrottleCode('aliyun-fc2', 'ResourceExhausted')).toBe(true);
    expect(await isThrottleCode('huawei', 'FSS.0429')).toBe(true);
    expect(await isThrottleCode('huawei', 'RequestLimitExceeded')).toBe(false);
  });
});

// The loop in core/invoke.ts against a real socket that answers from a script, counting attempts.
describe('invoke with retries', () => {
  type Reply = (request: IncomingMessage, response: ServerResponse) => void;
  let server: Server;
  let url = '';
  let script: Reply[] = [];
  let attempts = 0;
  const signatures: string[] = [];

  const credentials: Credentials = { kind: 'keys', accessKeyId: 'AKIDretrytest', accessKeySecret: 'retry-secret-000' };
  const input = (): InvokeInput => inputFor('tencent', { logs: false, endpoint: url });
  const tencent = (body: unknown, headers: Record<string, string> = {}, status = 200): Reply => (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
  const throttled = (headers: Record<string, string> = {}) =>
    tencent({ Response: { Error: { Code: 'RequestLimitExceeded', Message: 'slow down' }, RequestId: 'r-throttled' } }, headers);
  const ok = tencent({ Response: { Result: { RetMsg: '"done"', InvokeResult: 0, FunctionRequestId: 'f1' }, RequestId: 'r-ok' } });
  const hang: Reply = () => undefined;

  beforeAll(async () => {
    server = createServer((request, response) => {
      attempts += 1;
      signatures.push(String(request.headers['authorization']));
      request.resume();
      request.on('end', () => (script.shift() ?? ok)(request, response));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    server.unref();
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await closeTransport();
  });

  function recorder() {
    const delays: number[] = [];
    const events: RetryEvent[] = [];
    return {
      delays,
      events,
      options: {
        sleep: async (ms: number) => {
          delays.push(ms);
        },
        onRetry: (event: RetryEvent) => events.push(event),
        random: () => 0.5,
      },
    };
  }

  function reset(replies: Reply[]) {
    script = replies;
    attempts = 0;
    signatures.length = 0;
  }

  it('retries throttling until it succeeds, re-signing each attempt', async () => {
    reset([throttled(), throttled()]);
    const record = recorder();
    let seconds = 0;
    const now = () => new Date(NOW.getTime() + 1000 * seconds++);
    const result = await invoke(tencentProvider, input(), credentials, { retries: 2, now, ...record.options });
    expect(result.result.status).toBe('ok');
    expect(result.attempts).toBe(3);
    expect(attempts).toBe(3);
    expect(record.delays).toEqual([125, 250]);
    expect(record.events.map((event) => [event.attempt, event.reason])).toEqual([
      [1, 'throttled (RequestLimitExceeded)'],
      [2, 'throttled (RequestLimitExceeded)'],
    ]);
    expect(new Set(signatures).size).toBe(3);
  });

  it('returns the last throttled answer when the retries run out', async () => {
    reset([throttled(), throttled(), throttled()]);
    const record = recorder();
    const result = await invoke(tencentProvider, input(), credentials, { retries: 1, ...record.options });
    expect(result.result.status).toBe('api_error');
    expect(result.result.error?.code).toBe('RequestLimitExceeded');
    expect(attempts).toBe(2);
    expect(result.attempts).toBe(2);
  });

  it('sends once when no retries are asked for (the default)', async () => {
    reset([throttled()]);
    const record = recorder();
    const result = await invoke(tencentProvider, input(), credentials, record.options);
    expect(result.result.status).toBe('api_error');
    expect(attempts).toBe(1);
    expect(record.delays).toEqual([]);
  });

  it('waits what Retry-After says on HTTP 429', async () => {
    reset([tencent('slow down', { 'retry-after': '2' }, 429)]);
    const record = recorder();
    const result = await invoke(tencentProvider, input(), credentials, { retries: 2, ...record.options });
    expect(result.result.status).toBe('ok');
    expect(record.delays).toEqual([2000]);
    expect(record.events[0]).toMatchObject({ fromRetryAfter: true, status: 'api_error' });
  });

  it('does not re-send a sync invocation that timed out after sending', async () => {
    reset([hang, hang, hang]);
    const record = recorder();
    const result = await invoke(tencentProvider, input(), credentials, { retries: 2, timeoutMs: 150, ...record.options });
    expect(result.result.status).toBe('outcome_unknown');
    expect(result.result.error?.code).toBe('timeout');
    expect(attempts).toBe(1);
    expect(record.delays).toEqual([]);
  });

  it('re-sends it with retryUnsafe', async () => {
    reset([hang, hang]);
    const record = recorder();
    const result = await invoke(tencentProvider, input(), credentials, {
      retries: 2,
      retryUnsafe: true,
      timeoutMs: 150,
      ...record.options,
    });
    expect(result.result.status).toBe('ok');
    expect(attempts).toBe(3);
  });

  it('retries a refused connection, which never reached anything', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const record = recorder();
    const result = await invoke(tencentProvider, { ...input(), endpoint: `http://127.0.0.1:${port}` }, credentials, {
      retries: 2,
      ...record.options,
    });
    expect(result.result.status).toBe('transport_error');
    expect(result.attempts).toBe(3);
    expect(record.events.map((event) => event.reason)).toEqual(['never sent (ECONNREFUSED)', 'never sent (ECONNREFUSED)']);
  });

  it('cuts the last attempt at the deadline and reports it as the deadline', async () => {
    reset([hang]);
    let now = 0;
    const result = await invoke(tencentProvider, input(), credentials, {
      retries: 2,
      timeoutMs: 60_000,
      deadlineMs: 150,
      clock: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    expect(result.result.status).toBe('outcome_unknown');
    expect(result.result.error).toEqual({ code: 'deadline', message: 'the --deadline of 150 ms passed before the answer came' });
    expect(attempts).toBe(1);
  });

  it('does not start a wait that would end past the deadline', async () => {
    reset([throttled({ 'retry-after': '5' })]);
    let now = 0;
    const record = recorder();
    const result = await invoke(tencentProvider, input(), credentials, {
      retries: 2,
      deadlineMs: 4000,
      ...record.options,
      clock: () => now,
    });
    expect(result.result.status).toBe('api_error');
    expect(record.delays).toEqual([]);
    expect(attempts).toBe(1);
  });

  it('throws an interrupt with the last outcome when Ctrl-C comes during a wait', async () => {
    reset([throttled()]);
    const controller = new AbortController();
    const error = await invoke(tencentProvider, input(), credentials, {
      retries: 2,
      signal: controller.signal,
      sleep: async () => {
        controller.abort();
        throw new Error('aborted');
      },
    }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(InterruptedInvocationError);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedInvocationError).lastAttempt?.result.error?.code).toBe('RequestLimitExceeded');
    expect(attempts).toBe(1);
  });
});
