/**
 * A batch of invocations, without the CLI: one invocation per input, a bounded number in flight, one line result
 * per input (in input order unless asked otherwise), then the summary. Retries follow the one retry rule
 * (engine/retry.ts) through {@link invoke}; cancellation, a deadline for the whole batch and an outside "stop
 * starting new lines" each turn the inputs not started into `not_run` lines, so every input has its line.
 *
 * The CLI's batch mode (cli/commands/batch.ts) is an adapter over this: it reads the events file, writes NDJSON or
 * human lines, draws progress and maps the lines to the batch exit code. docs/batch.md describes the behaviour.
 */
import { getMaxListeners, setMaxListeners } from 'node:events';
import { EXIT_CODES, FcinvokeError } from '../core/errors.js';
import type { Credentials } from '../core/credentials.js';
import type { HttpRequest } from '../core/http.js';
import type { InvocationResult } from '../core/result.js';
import { baseResult } from '../providers/shared/result.js';
import type { InvokeInput, Provider } from '../providers/types.js';
import { monotonicMs } from '../transport/http.js';
import { runBatchEngine, type SyncTakingSource } from './batch.js';
import type { CredentialProvider } from './credentials/provider.js';
import { isCredentialRefusal, replaceRefused } from './credentials/refusal.js';
import { invoke, InterruptedInvocationError, type InvokeOptions, type RetryEvent, type TimedInvocation } from './invoke.js';
import { SummaryAccumulator, type BatchStatus, type BatchSummary } from './summary.js';

/** `concurrency` when none is given. */
export const DEFAULT_BATCH_CONCURRENCY = 8;

/**
 * One input of a batch: an invocation input, or a numbered line that carries one, or a numbered line that is not
 * a valid event (`error`; reported as `input_error`, nothing sent; `input` names the provider and function).
 * Plain inputs are numbered 1, 2, 3… in the order they are read.
 */
export type BatchInput = InvokeInput | BatchItem;

/** A numbered batch input. */
export interface BatchItem {
  line: number;
  input: InvokeInput;
  /** Why this line is not an event (bad JSON, too large…): it becomes an `input_error` line. */
  error?: FcinvokeError | undefined;
}

/** Why lines were not started: the `error` of their `not_run` results. */
export interface NotRunReason {
  /** Stable: `interrupted` (cancelled), `deadline`, or the caller's own (the CLI's `output_closed`). */
  code: string;
  message: string;
}

/** Options of {@link invokeBatch}: those of each invocation, plus the batch's own. */
export interface InvokeBatchOptions extends Omit<InvokeOptions, 'signal' | 'deadlineMs' | 'onRetry' | 'onRequest'> {
  /** Invocations in flight at once. @default 8 */
  concurrency?: number | undefined;
  /** Yield lines in input order; false yields them as they complete. @default true */
  ordered?: boolean | undefined;
  /** The reorder window (engine/batch.ts `window`). @default max(64, 8 × concurrency) */
  window?: number | undefined;
  /**
   * Cancels the batch: requests in flight are aborted (a request already sent becomes `outcome_unknown`: it may
   * have run), and every input not started becomes a `not_run` line with code `interrupted`.
   */
  signal?: AbortSignal | undefined;
  /**
   * The whole batch ends within this many milliseconds: a line's attempts stop at the deadline, and inputs not
   * started by then become `not_run` lines with code `deadline`. @default no deadline
   */
  deadlineMs?: number | undefined;
  /**
   * Stops starting new lines; lines in flight finish. Inputs not started become `not_run` lines whose error is
   * the abort reason when it is a {@link NotRunReason}, else `{code: 'stopped'}`.
   */
  stop?: AbortSignal | undefined;
  /** How a cancellation is named in the messages of the lines it stops, read when one is. @default 'aborted' */
  cancelledBy?: (() => string) | undefined;
  /** Called before each wait for a retry of a line. */
  onRetry?: ((line: number, event: RetryEvent) => void) | undefined;
  /** Called with each signed request of a line just before it is sent (contains secrets: redact before printing). */
  onRequest?: ((line: number, request: HttpRequest) => void) | undefined;
}

/** One line of `--json` batch output: the normalized result plus the input line number. */
export type BatchLineResult = { line: number } & Omit<InvocationResult, 'status'> & { status: BatchStatus };

/** What one input came to. */
export interface BatchLine {
  type: 'line';
  line: number;
  result: BatchLineResult;
  /** The invocation, when a request was sent: payload bytes, HTTP status, hint, timings. */
  invocation: TimedInvocation | null;
  /** Retries this line took. */
  retries: number;
  /** From the line's start to its final answer, waits included; null when nothing was sent. */
  latencyMs: number | null;
  hint: string | undefined;
  /** What a line that hit a bug threw (`internal_error`), for a stack trace. */
  crash?: unknown;
}

/** The summary, after the last line. */
export interface BatchEnd {
  type: 'summary';
  summary: BatchSummary;
}

/**
 * Where a batch gets its credentials: fixed ones, or a credential provider (engine/credentials/provider.ts), asked
 * before each line so temporary credentials are refreshed before they expire during a long batch.
 */
export type BatchCredentials = Credentials | Pick<CredentialProvider, 'get' | 'invalidate'>;

/**
 * Runs one invocation per input and yields one {@link BatchLine} per input, then one {@link BatchEnd}. Nothing
 * throws for an input: bad events, refusals, transport failures and bugs are lines. The inputs are read only as
 * lines may start, so an endless source is fine; stop reading it by ending the iteration or through `stop`.
 */
export async function* invokeBatch(
  provider: Provider,
  inputs: AsyncIterable<BatchInput> | Iterable<BatchInput>,
  credentials: BatchCredentials,
  options: InvokeBatchOptions = {},
): AsyncGenerator<BatchLine | BatchEnd, void, undefined> {
  const clock = options.clock ?? monotonicMs;
  const { signal, deadlineMs } = options;
  const concurrency = options.concurrency ?? DEFAULT_BATCH_CONCURRENCY;
  const started = clock();
  const deadlineAt = deadlineMs === undefined ? undefined : started + deadlineMs;
  const summary = new SummaryAccumulator();
  // Each invocation in flight listens on the signal: that many listeners is expected, not a leak.
  if (signal !== undefined) setMaxListeners(Math.max(getMaxListeners(signal), concurrency + 10), signal);
  const stops = new StopSignals(options, deadlineMs);
  // One connection per concurrency slot: without a cap, undici opens a new one whenever a request is dispatched
  // before a finished one's socket is marked free, and a server saw twice --concurrency (docs/performance.md).
  const runner = new LineRunner(provider, credentials, { ...options, connections: options.connections ?? concurrency }, clock, deadlineAt);
  try {
    const lines = runBatchEngine<BatchItem, BatchLine>(numbered(inputs), {
      concurrency,
      ordered: options.ordered !== false,
      window: options.window,
      stop: stops.signal,
      run: (item) => runner.run(item),
      notRun: (item, reason) => notRunLine(item, stops.describe(reason, runner.cancelledBy())),
      crashed: (item, error) => crashedLine(item, error),
    });
    for await (const line of lines) {
      summary.add({
        status: line.result.status,
        retries: line.retries,
        latencyMs: line.latencyMs,
        billedDurationMs: line.result.metrics.billedDurationMs,
        memorySizeMb: line.invocation?.details.memorySizeMb,
        memoryUsedBytes: line.result.metrics.memoryUsedBytes,
      });
      yield line;
    }
  } finally {
    stops.dispose();
  }
  yield { type: 'summary', summary: summary.finish(clock() - started) };
}

/** The reasons the engine stops starting lines, merged into one signal: the first to come wins. */
class StopSignals {
  private readonly controller = new AbortController();
  private readonly cleanups: Array<() => void> = [];

  constructor(options: InvokeBatchOptions, deadlineMs: number | undefined) {
    this.follow(options.signal, () => INTERRUPTED);
    this.follow(options.stop, (reason) => (isNotRunReason(reason) ? reason : STOPPED));
    if (deadlineMs !== undefined) {
      const timer = setTimeout(() => this.controller.abort(DEADLINE), deadlineMs);
      timer.unref?.();
      this.cleanups.push(() => clearTimeout(timer));
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The error of a line not started for `reason`, the word for a cancellation put in its message. */
  describe(reason: unknown, cancelledBy: string): NotRunReason {
    if (reason === INTERRUPTED) return { code: 'interrupted', message: `not run: interrupted (${cancelledBy})` };
    if (reason === DEADLINE) return { code: 'deadline', message: 'not run: the --deadline passed before this line started' };
    return isNotRunReason(reason) ? reason : STOPPED;
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  private follow(source: AbortSignal | undefined, reasonOf: (reason: unknown) => unknown): void {
    if (source === undefined) return;
    if (source.aborted) {
      if (!this.controller.signal.aborted) this.controller.abort(reasonOf(source.reason));
      return;
    }
    const onAbort = () => {
      if (!this.controller.signal.aborted) this.controller.abort(reasonOf(source.reason));
    };
    source.addEventListener('abort', onAbort, { once: true });
    this.cleanups.push(() => source.removeEventListener('abort', onAbort));
  }
}

const INTERRUPTED: unique symbol = Symbol('interrupted');
const DEADLINE: unique symbol = Symbol('deadline');
const STOPPED: NotRunReason = Object.freeze({ code: 'stopped', message: 'not run: the batch was stopped before this line started' });

/** Runs one line: the invocation with retries, and every way it can end turned into a {@link BatchLine}. */
class LineRunner {
  constructor(
    private readonly provider: Provider,
    private readonly credentials: BatchCredentials,
    private readonly options: InvokeBatchOptions,
    private readonly clock: () => number,
    private readonly deadlineAt: number | undefined,
  ) {}

  cancelledBy(): string {
    return this.options.cancelledBy?.() ?? 'aborted';
  }

  async run(item: BatchItem): Promise<BatchLine> {
    const { options, clock } = this;
    const { line, input } = item;
    if (item.error !== undefined) return inputErrorLine(item, item.error);
    const lineStarted = clock();
    const deadlineMs = this.deadlineAt === undefined ? undefined : this.deadlineAt - lineStarted;
    if (deadlineMs !== undefined && deadlineMs <= 0) {
      return notRunLine(item, { code: 'deadline', message: 'not run: the --deadline passed before this line started' });
    }
    let retries = 0;
    const attempt = (credentials: Credentials) =>
      invoke(this.provider, input, credentials, {
        ...options,
        deadlineMs,
        onRetry: (event) => {
          retries += 1;
          options.onRetry?.(line, event);
        },
        onRequest: options.onRequest === undefined ? undefined : (request) => options.onRequest?.(line, request),
      });
    try {
      const supplier = this.credentials;
      if (!('get' in supplier)) return invocationLine(line, await attempt(supplier), retries, clock() - lineStarted);
      const used = await supplier.get();
      let invocation = await attempt(used.credentials);
      // Cached credentials the cloud refuses (revoked, or the clock disagrees): dropped, and the line sent once
      // more with a fresh exchange. A refusal proves the function did not run; a fresh answer is never retried.
      if (used.fromCache !== false && (await isCredentialRefusal(this.provider, invocation))) {
        invocation = await attempt((await replaceRefused(supplier, used.credentials)).credentials);
      }
      return invocationLine(line, invocation, retries, clock() - lineStarted);
    } catch (error) {
      if (error instanceof InterruptedInvocationError) {
        if (error.phase === 'sent') return interruptedAfterSendLine(item, retries, clock() - lineStarted, this.cancelledBy());
        if (error.lastAttempt !== undefined) return invocationLine(line, error.lastAttempt, retries, clock() - lineStarted);
        return notRunLine(item, { code: 'interrupted', message: `not run: interrupted (${this.cancelledBy()})` });
      }
      // The provider's own checks (sizes, names) failed for this line's event: nothing was sent.
      if (error instanceof FcinvokeError && error.exitCode === EXIT_CODES.usage) return inputErrorLine(item, error);
      // Temporary credentials could not be refreshed for this line: nothing was sent.
      if (error instanceof FcinvokeError && error.code.startsWith('credentials.')) {
        return placeholderLine(
          item,
          error.exitCode === EXIT_CODES.transport ? 'transport_error' : 'api_error',
          { code: error.code, message: error.message },
          error.hint,
        );
      }
      throw error;
    }
  }
}

/**
 * Numbers plain inputs in the order they are read. Not an async generator: it hands on the source's lines without
 * promises when the source has them at hand (a sync iterable always does; the CLI's input usually does), which the
 * engine takes synchronously (engine/batch.ts `SyncTakingIterator`).
 */
function numbered(inputs: AsyncIterable<BatchInput> | Iterable<BatchInput>): SyncTakingSource<BatchItem> {
  return {
    [Symbol.asyncIterator]() {
      let count = 0;
      const number = (result: IteratorResult<BatchInput>): IteratorResult<BatchItem> => {
        if (result.done === true) return { done: true, value: undefined };
        count += 1;
        const entry = result.value;
        return { done: false, value: 'input' in entry ? entry : { line: count, input: entry } };
      };
      if (Symbol.asyncIterator in inputs) {
        const iterator: AsyncIterator<BatchInput> & { takeSync?: () => IteratorResult<BatchInput> | undefined } =
          inputs[Symbol.asyncIterator]();
        const takeSync = typeof iterator.takeSync === 'function' ? iterator.takeSync.bind(iterator) : undefined;
        return {
          next: () => iterator.next().then(number),
          takeSync: () => {
            const result = takeSync?.();
            return result === undefined ? undefined : number(result);
          },
          return: async () => {
            await iterator.return?.();
            return { done: true, value: undefined };
          },
        };
      }
      const iterator = inputs[Symbol.iterator]();
      return {
        next: async () => number(iterator.next()),
        takeSync: () => number(iterator.next()),
        return: async () => {
          iterator.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
}

function isNotRunReason(value: unknown): value is NotRunReason {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as NotRunReason).code === 'string' &&
    typeof (value as NotRunReason).message === 'string'
  );
}

function invocationLine(line: number, invocation: TimedInvocation, retries: number, latencyMs: number): BatchLine {
  return {
    type: 'line',
    line,
    result: { line, ...invocation.result },
    invocation,
    retries,
    latencyMs,
    hint: invocation.details.hint,
  };
}

function inputErrorLine(item: BatchItem, error: FcinvokeError): BatchLine {
  return placeholderLine(item, 'input_error', { code: error.code, message: error.message }, error.hint);
}

function notRunLine(item: BatchItem, reason: NotRunReason): BatchLine {
  return placeholderLine(item, 'not_run', { code: reason.code, message: reason.message }, undefined);
}

function crashedLine(item: BatchItem, error: unknown): BatchLine {
  const message = `internal error (a bug in fcinvoke): ${error instanceof Error ? error.message : String(error)}`;
  const line = placeholderLine(item, 'internal_error', { code: 'internal', message }, 'run again with --debug for the stack trace, and please report it');
  return { ...line, crash: error };
}

function interruptedAfterSendLine(item: BatchItem, retries: number, latencyMs: number, cancelledBy: string): BatchLine {
  const line = placeholderLine(
    item,
    'outcome_unknown',
    { code: 'interrupted', message: `interrupted (${cancelledBy}) after the request was sent; the function may have run` },
    'check the function logs before invoking this line again',
  );
  return { ...line, retries, latencyMs };
}

function placeholderLine(
  item: BatchItem,
  status: BatchStatus,
  error: { code: string; message: string },
  hint: string | undefined,
): BatchLine {
  return {
    type: 'line',
    line: item.line,
    result: { line: item.line, ...baseResult(item.input), status, error },
    invocation: null,
    retries: 0,
    latencyMs: null,
    hint,
  };
}
