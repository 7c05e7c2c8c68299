/**
 * `invoke … --events-file <path|-> | --repeat <n>`: batch mode. One invocation per line (or per repetition),
 * `--concurrency` in flight, one result per line in input order (`--unordered`: completion order), a summary at
 * the end, and the batch exit-code rule of docs/exit-codes.md. docs/batch.md is the user's description.
 *
 * Output: with `--json`, stdout is NDJSON: one `{line, …result}` object per input line, then `{"summary": …}`.
 * Without it, stdout carries one line per successful invocation, its return value as compact JSON, and stderr one
 * line per failed line (consecutive not-run lines as one range), a progress line at a terminal, and the summary.
 */
import { getMaxListeners, setMaxListeners } from 'node:events';
import { open } from 'node:fs/promises';
import {
  exitCodeForLine,
  runBatchEngine,
  splitLines,
  worseExitCode,
  type NotRunReason,
  type RawLine,
} from '../../engine/batch.js';
import { EXIT_CODES, FcinvokeError, InputError, UsageError, type ExitCode } from '../../core/errors.js';
import { invoke, InterruptedInvocationError, type RetryEvent, type TimedInvocation } from '../../engine/invoke.js';
import { redactRequest } from '../../core/redact.js';
import type { InvocationResult } from '../../core/result.js';
import { SummaryAccumulator, type BatchStatus } from '../../engine/summary.js';
import { errorLine } from '../../output/human.js';
import { formatCount, renderProgress } from '../../output/progress.js';
import { renderQueryValue, selectQuery } from '../../output/query.js';
import type { Style } from '../../output/style.js';
import { renderBatchSummary, renderSummaryJson } from '../../output/summary.js';
import { baseResult } from '../../providers/shared/result.js';
import type { InvokeInput } from '../../providers/types.js';
import { signalName, type Io, type OutStream, type WriteFailure } from '../io.js';
import type { InvokeFlags } from '../flags.js';
import { BOUNDS } from '../../config/bounds.js';
import { parseBoundedFlags } from '../options.js';
import { wantsSpinner } from '../spinner.js';
import type { PreparedInvoke } from './invoke.js';

/** `--concurrency` when none is given. */
export const DEFAULT_CONCURRENCY = 8;
/** The largest `--concurrency` accepted (config/bounds.ts). */
export const MAX_CONCURRENCY = BOUNDS.concurrency.max;

/** One line of `--json` batch output: the normalized result plus the input line number. */
export type BatchLineResult = { line: number } & Omit<InvocationResult, 'status'> & { status: BatchStatus };

/** Runs a batch of invocations and returns the batch exit code. */
export async function runBatch(prepared: PreparedInvoke, flags: InvokeFlags, io: Io): Promise<ExitCode> {
  const settings = readBatchFlags(prepared, flags);
  const { input } = prepared;
  // Names, identifiers and (for --repeat) the event are the same on every line: a mistake there is one exit 2
  // before anything is sent, not one error per line.
  prepared.provider.validateInput(input);
  const maxLineBytes = prepared.provider.limits.maxEventBytes[input.invocationType];
  // Stops reading the input: when stdout is gone (its lines would be lost), and on Ctrl-C when the input is stdin,
  // which may never end. Otherwise, after Ctrl-C or the deadline, every line is read and reported as not run.
  const stopReading = new AbortController();
  let inputCut = false;
  const source = untilAborted(
    settings.repeat !== undefined
      ? repeatEvent(input.event, settings.repeat)
      : validateLines(splitLines(await openEvents(settings.eventsFile ?? '-', io), maxLineBytes), maxLineBytes, input),
    stopReading.signal,
    () => {
      inputCut = true;
    },
  );
  const fromStdin = settings.repeat === undefined && (settings.eventsFile ?? '-') === '-';
  // Closing the generators above waits for their pending read, which on a pipe may never come: close stdin itself.
  if (fromStdin) stopReading.signal.addEventListener('abort', () => io.stdin.close?.(), { once: true });
  const showProgress = wantsSpinner(io, flags.debug === true);
  const total =
    settings.repeat ?? (showProgress && settings.eventsFile !== undefined && settings.eventsFile !== '-'
      ? await countLines(settings.eventsFile)
      : null);

  // Each invocation in flight listens on io.signal for Ctrl-C: that many listeners is expected, not a leak.
  setMaxListeners(Math.max(getMaxListeners(io.signal), settings.concurrency + 10), io.signal);
  // Stops new lines from starting: Ctrl-C (in-flight requests are aborted through io.signal), the deadline, or a
  // stdout that can no longer be written (lines in flight finish; their results are lost, like those not run).
  const stopper = new AbortController();
  const onInterrupt = () => {
    stopper.abort('interrupted' satisfies StopReason);
    if (fromStdin) stopReading.abort();
  };
  if (io.signal.aborted) onInterrupt();
  else io.signal.addEventListener('abort', onInterrupt, { once: true });
  const started = performance.now();
  const deadlineAt = settings.deadlineMs === undefined ? undefined : started + settings.deadlineMs;
  const deadlineTimer =
    settings.deadlineMs === undefined
      ? undefined
      : setTimeout(() => stopper.abort('deadline' satisfies StopReason), settings.deadlineMs);
  deadlineTimer?.unref();

  const stderr = new StatusWriter(io.stderr);
  const stdout = new BufferedWriter(io.stdout);
  const summary = new SummaryAccumulator();
  const debug = flags.debug === true ? (text: string) => stderr.line(prepared.style.dim(`debug: ${text}`)) : undefined;
  const runner = new LineRunner(prepared, settings, io, deadlineAt, debug);
  const reporter = new LineReporter(prepared, stdout, stderr);
  let outputStop: { failure: WriteFailure; afterResults: number } | undefined;
  io.stdout.onFailure?.((failure) => {
    outputStop ??= { failure, afterResults: summary.count };
    stopper.abort('output' satisfies StopReason);
    stopReading.abort();
  });
  const drawProgress = () =>
    stderr.progress(
      renderProgress(
        {
          done: summary.count,
          total,
          failed: summary.failures,
          retries: reporter.retries,
          elapsedMs: performance.now() - started,
        },
        prepared.style,
      ),
    );
  if (showProgress) drawProgress();
  const progressTimer = showProgress ? setInterval(drawProgress, 100) : undefined;
  progressTimer?.unref();

  let exitCode: ExitCode = EXIT_CODES.ok;
  try {
    const results = runBatchEngine<BatchItem, LineOutcome>(source, {
      concurrency: settings.concurrency,
      ordered: !settings.unordered,
      stop: stopper.signal,
      run: (item) => runner.run(item),
      notRun: (item, reason) =>
        reason === 'output'
          ? outputNotRunOutcome(input, item.line, outputStop?.failure)
          : notRunOutcome(input, item.line, reason === 'deadline' ? 'deadline' : 'interrupted', signalName(io.signal)),
      crashed: (item, error) => {
        if (flags.debug === true && error instanceof Error && error.stack !== undefined) stderr.line(error.stack);
        return crashedOutcome(input, item.line, error);
      },
    });
    for await (const outcome of results) {
      summary.add({
        status: outcome.result.status,
        retries: outcome.retries,
        latencyMs: outcome.latencyMs,
        billedDurationMs: outcome.result.metrics.billedDurationMs,
        memorySizeMb: outcome.invocation?.details.memorySizeMb,
        memoryUsedBytes: outcome.result.metrics.memoryUsedBytes,
      });
      exitCode = worseExitCode(exitCode, outcome.exitCode);
      reporter.report(outcome);
    }
  } finally {
    clearInterval(progressTimer);
    clearTimeout(deadlineTimer);
    io.signal.removeEventListener('abort', onInterrupt);
  }
  reporter.finish();
  stderr.clearProgress();
  const final = summary.finish(performance.now() - started);
  if (prepared.output === 'json' && prepared.query === undefined) stdout.write(renderSummaryJson(final));
  stdout.flush();
  stderr.line(renderBatchSummary(final, prepared.style).replace(/\n$/, ''));
  if (outputStop !== undefined) {
    const { failure, afterResults } = outputStop;
    const why = failure.closed ? 'standard output was closed' : `standard output cannot be written (${failure.code})`;
    // --repeat knows how many lines it had; an events file's unread rest is not counted (it may never end).
    const notRun =
      settings.repeat !== undefined
        ? `${plural(settings.repeat - (final.count - reporter.stoppedByOutput), 'line')} not run`
        : inputCut
          ? 'the rest of the input was not run'
          : `${plural(reporter.stoppedByOutput, 'line')} not run`;
    stderr.line(`${prepared.style.warn('stopped:')} ${why} after ${plural(afterResults, 'result')}; ${notRun}`);
  }
  if (!io.signal.aborted) return exitCode;
  if (inputCut) stderr.line(`${prepared.style.warn('stopped:')} interrupted; the rest of standard input was not read`);
  return signalName(io.signal) === 'SIGTERM' ? EXIT_CODES.terminated : EXIT_CODES.interrupted;
}

function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** Why the engine stopped starting lines: a line's {@link NotRunReason}, or stdout failing. */
type StopReason = NotRunReason | 'output';

/**
 * `source` until `signal` aborts: then it ends at once, even with a read pending (a pipe with no next line yet),
 * and the source is closed, so stdin does not keep the process alive. `onCut` is called if it ends that way.
 */
function untilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal, onCut: () => void): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const iterator = source[Symbol.asyncIterator]();
      const done: IteratorReturnResult<undefined> = { done: true, value: undefined };
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        onCut();
        // Not awaited: a pending read of a pipe may never settle.
        void iterator.return?.().catch(() => undefined);
      };
      const aborted = new Promise<IteratorReturnResult<undefined>>((resolve) => {
        if (signal.aborted) resolve(done);
        else signal.addEventListener('abort', () => resolve(done), { once: true });
      });
      return {
        next: async () => {
          if (closed) return done;
          if (signal.aborted) {
            close();
            return done;
          }
          const next = await Promise.race([iterator.next(), aborted]);
          if (signal.aborted) {
            close();
            return done;
          }
          if (next.done === true) closed = true;
          return next;
        },
        return: async () => {
          if (!closed) {
            closed = true;
            await iterator.return?.();
          }
          return done;
        },
      };
    },
  };
}

/** The batch flags, checked before anything is sent. */
interface BatchSettings {
  eventsFile: string | undefined;
  repeat: number | undefined;
  concurrency: number;
  unordered: boolean;
  deadlineMs: number | undefined;
  retryUnsafe: boolean;
}

function readBatchFlags(prepared: PreparedInvoke, flags: InvokeFlags): BatchSettings {
  if (flags.eventsFile !== undefined && flags.repeat !== undefined) {
    throw new UsageError('give --events-file (one event per line) or --repeat (one event n times), not both');
  }
  if (prepared.output === 'raw') {
    throw new UsageError('--raw prints one payload byte for byte: a batch prints one result per line', {
      hint: 'use --json for one result object per line, or no option for one return value per line',
    });
  }
  const numbers = parseBoundedFlags(flags);
  return {
    eventsFile: flags.eventsFile,
    repeat: numbers.repeat,
    concurrency: numbers.concurrency ?? DEFAULT_CONCURRENCY,
    unordered: flags.unordered === true,
    deadlineMs: numbers.deadline,
    retryUnsafe: flags.retryUnsafe === true,
  };
}

/** One input line: an event to send, or why the line is not one. */
type BatchItem = { line: number; event: Uint8Array; error?: undefined } | { line: number; event?: undefined; error: FcinvokeError };

/** What one line came to, with what the renderers need. */
interface LineOutcome {
  result: BatchLineResult;
  /** The invocation, when a request was sent (payload, HTTP status, hint). */
  invocation: TimedInvocation | null;
  retries: number;
  latencyMs: number | null;
  exitCode: ExitCode;
  hint: string | undefined;
}

/** Runs one line: the invocation with retries, and every way it can end turned into a {@link LineOutcome}. */
class LineRunner {
  constructor(
    private readonly prepared: PreparedInvoke,
    private readonly settings: BatchSettings,
    private readonly io: Io,
    private readonly deadlineAt: number | undefined,
    private readonly debug: ((text: string) => void) | undefined,
  ) {}

  async run(item: BatchItem): Promise<LineOutcome> {
    const { prepared, io, debug } = this;
    const base = prepared.input;
    if (item.error !== undefined) return inputErrorOutcome(base, item.line, item.error);
    const lineStarted = performance.now();
    const deadlineMs = this.deadlineAt === undefined ? undefined : this.deadlineAt - lineStarted;
    if (deadlineMs !== undefined && deadlineMs <= 0) return notRunOutcome(base, item.line, 'deadline');
    // One task id per line: FC runs an async task id once, so a shared one would run only the first line.
    const input: InvokeInput = {
      ...base,
      event: item.event,
      ...(base.taskId === undefined ? {} : { taskId: `${base.taskId}-${item.line}` }),
    };
    let retries = 0;
    const line = item.line;
    try {
      const invocation = await invoke(prepared.provider, input, prepared.credentials, {
        timeoutMs: prepared.timeoutMs,
        signal: io.signal,
        env: io.env,
        retries: prepared.retries,
        retryUnsafe: this.settings.retryUnsafe,
        deadlineMs,
        onRetry: (event) => {
          retries += 1;
          debug?.(`line ${line}: ${describeRetry(event)}`);
        },
        onRequest:
          debug === undefined
            ? undefined
            : (request) => debug(`line ${line}: ${JSON.stringify(redactRequest(request, prepared.credentials))}`),
      });
      return invocationOutcome(line, invocation, retries, performance.now() - lineStarted);
    } catch (error) {
      if (error instanceof InterruptedInvocationError) {
        if (error.phase === 'sent') {
          return interruptedAfterSendOutcome(input, line, retries, performance.now() - lineStarted, signalName(io.signal));
        }
        if (error.lastAttempt !== undefined) {
          return invocationOutcome(line, error.lastAttempt, retries, performance.now() - lineStarted);
        }
        return notRunOutcome(base, line, 'interrupted', signalName(io.signal));
      }
      // The provider's own checks (sizes, names) failed for this line's event: nothing was sent.
      if (error instanceof FcinvokeError && error.exitCode === EXIT_CODES.usage) return inputErrorOutcome(base, line, error);
      throw error;
    }
  }
}

/** Writes each line's output: stdout as the mode says, failures on stderr. */
class LineReporter {
  /** Retries so far, for the progress line. */
  retries = 0;
  /** Lines not started because stdout failed. */
  stoppedByOutput = 0;
  private readonly hinted = new Set<string>();
  private notRun: { from: number; to: number; reason: string } | undefined;

  constructor(
    private readonly prepared: PreparedInvoke,
    private readonly stdout: BufferedWriter,
    private readonly stderr: StatusWriter,
  ) {}

  report(outcome: LineOutcome): void {
    const { prepared, stdout } = this;
    const { result } = outcome;
    this.retries += outcome.retries;
    if (prepared.query !== undefined) stdout.write(renderQueryValue(selectQuery(result, prepared.query)));
    else if (prepared.output === 'json') stdout.write(`${JSON.stringify(result)}\n`);
    else if (result.status === 'ok' && outcome.invocation?.payload != null) {
      stdout.write(`${JSON.stringify(result.result) ?? 'null'}\n`);
    }
    if (result.status === 'ok') return;
    if (result.status === 'not_run') {
      const reason = result.error?.code ?? 'interrupted';
      if (reason === 'output_closed' || reason === 'output_failed') this.stoppedByOutput += 1;
      const range = this.notRun;
      if (range !== undefined && range.to + 1 === result.line && range.reason === reason) {
        range.to = result.line;
        return;
      }
      this.flushNotRun();
      this.notRun = { from: result.line, to: result.line, reason };
      return;
    }
    this.flushNotRun();
    this.stderr.line(`line ${result.line}: ${failureLine(outcome, prepared.style)}`);
    const hint = outcome.hint;
    const key = `${result.status} ${result.error?.code ?? ''}`;
    if (hint !== undefined && !this.hinted.has(key)) {
      this.hinted.add(key);
      this.stderr.line(`${prepared.style.warn('hint:')} ${hint}`);
    }
  }

  finish(): void {
    this.flushNotRun();
  }

  private flushNotRun(): void {
    const range = this.notRun;
    if (range === undefined) return;
    this.notRun = undefined;
    const which = range.from === range.to ? `line ${range.from}` : `lines ${range.from}–${range.to}`;
    this.stderr.line(`${which}: ${this.prepared.style.warn('not run')} (${NOT_RUN_WORDS[range.reason] ?? 'interrupted'})`);
  }
}

/** The words for a range of lines not run, by their `error.code`. */
const NOT_RUN_WORDS: Readonly<Record<string, string>> = {
  deadline: 'the --deadline passed',
  interrupted: 'interrupted',
  output_closed: 'standard output was closed',
  output_failed: 'standard output cannot be written',
};

function failureLine(outcome: LineOutcome, style: Style): string {
  const { result } = outcome;
  switch (result.status) {
    case 'input_error':
    case 'internal_error':
    case 'not_run':
      return `${style.fail('error:')} ${result.error?.message ?? result.status}`;
    default:
      return errorLine({ ...result, status: result.status }, outcome.invocation?.details.httpStatus, style, outcome.retries);
  }
}

function describeRetry(event: RetryEvent): string {
  const wait = `${event.delayMs} ms${event.fromRetryAfter ? ' (Retry-After)' : ''}`;
  return `attempt ${event.attempt} failed: ${event.reason}; retry ${event.attempt} of ${event.retries} in ${wait}`;
}

function invocationOutcome(line: number, invocation: TimedInvocation, retries: number, latencyMs: number): LineOutcome {
  const { result } = invocation;
  return {
    result: { line, ...result },
    invocation,
    retries,
    latencyMs,
    exitCode: exitCodeForLine(result.status),
    hint: invocation.details.hint,
  };
}

function inputErrorOutcome(input: InvokeInput, line: number, error: FcinvokeError): LineOutcome {
  return placeholderOutcome(input, line, 'input_error', { code: error.code, message: error.message }, error.hint);
}

function notRunOutcome(input: InvokeInput, line: number, reason: NotRunReason, signal?: 'SIGINT' | 'SIGTERM'): LineOutcome {
  const message =
    reason === 'deadline'
      ? 'not run: the --deadline passed before this line started'
      : `not run: interrupted (${signal === 'SIGTERM' ? 'SIGTERM' : 'Ctrl-C'})`;
  return placeholderOutcome(input, line, 'not_run', { code: reason, message }, undefined, reason);
}

/**
 * Not started because stdout failed. Not counted in the exit code: when the reader closed the pipe that was its
 * choice, and a write error is exit 74 anyway (cli/main.ts).
 */
function outputNotRunOutcome(input: InvokeInput, line: number, failure: WriteFailure | undefined): LineOutcome {
  const closed = failure?.closed !== false;
  const outcome = placeholderOutcome(input, line, 'not_run', {
    code: closed ? 'output_closed' : 'output_failed',
    message: closed ? 'not run: standard output was closed' : `not run: standard output cannot be written (${failure?.code})`,
  }, undefined);
  return { ...outcome, exitCode: EXIT_CODES.ok };
}

function crashedOutcome(input: InvokeInput, line: number, error: unknown): LineOutcome {
  const message = `internal error (a bug in fcinvoke): ${error instanceof Error ? error.message : String(error)}`;
  return placeholderOutcome(input, line, 'internal_error', { code: 'internal', message }, 'run again with --debug for the stack trace, and please report it');
}

function interruptedAfterSendOutcome(
  input: InvokeInput,
  line: number,
  retries: number,
  latencyMs: number,
  signal: 'SIGINT' | 'SIGTERM' | undefined,
): LineOutcome {
  const by = signal === 'SIGTERM' ? 'SIGTERM' : 'Ctrl-C';
  const outcome = placeholderOutcome(
    input,
    line,
    'outcome_unknown',
    { code: 'interrupted', message: `interrupted (${by}) after the request was sent; the function may have run` },
    'check the function logs before invoking this line again',
  );
  return { ...outcome, retries, latencyMs };
}

function placeholderOutcome(
  input: InvokeInput,
  line: number,
  status: BatchStatus,
  error: { code: string; message: string },
  hint: string | undefined,
  notRunReason?: NotRunReason,
): LineOutcome {
  return {
    result: { line, ...baseResult(input), status, error },
    invocation: null,
    retries: 0,
    latencyMs: null,
    exitCode: exitCodeForLine(status, notRunReason),
    hint,
  };
}

/** The same event `count` times; `line` is the repetition number. */
async function* repeatEvent(event: Uint8Array, count: number): AsyncGenerator<BatchItem> {
  for (let line = 1; line <= count; line += 1) yield { line, event };
}

/** Lines to events: each must be UTF-8 JSON within the provider's size limit, else it is an input error. */
async function* validateLines(
  lines: AsyncIterable<RawLine>,
  maxLineBytes: number,
  input: InvokeInput,
): AsyncGenerator<BatchItem> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const raw of lines) {
    if (raw.tooLong === true) {
      yield {
        line: raw.line,
        error: new InputError(
          `the event is ${raw.length} bytes, over the ${maxLineBytes}-byte limit of ${input.provider}${input.invocationType === 'async' ? ' async' : ''} invocations`,
          { code: 'input.event_size', line: raw.line },
        ),
      };
      continue;
    }
    let text: string;
    try {
      text = decoder.decode(raw.bytes);
    } catch {
      yield { line: raw.line, error: new InputError('the line is not valid UTF-8', { code: 'input.event_encoding', line: raw.line }) };
      continue;
    }
    try {
      JSON.parse(text);
    } catch (error) {
      yield { line: raw.line, error: jsonLineError(text, raw.line, error) };
      continue;
    }
    yield { line: raw.line, event: raw.bytes };
  }
}

function jsonLineError(text: string, line: number, error: unknown): InputError {
  const reason = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(reason)?.[1];
  const column = position !== undefined ? Number(position) + 1 : /end of (JSON )?input/i.test(reason) ? text.length + 1 : undefined;
  const clean = reason.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
  return new InputError(`invalid event JSON${column === undefined ? '' : ` at column ${column}`}: ${clean}`, {
    code: 'input.event_json',
    line,
    ...(column === undefined ? {} : { column }),
  });
}

/** The events file as a byte stream; a missing or unreadable file is exit 2 before anything is sent. */
async function openEvents(path: string, io: Io): Promise<AsyncIterable<Uint8Array>> {
  if (path === '-') {
    // A streaming stdin keeps memory flat; an Io without one (older test doubles) reads it whole.
    const stdin = io.stdin as Io['stdin'] & { stream?: () => AsyncIterable<Uint8Array> };
    if (typeof stdin.stream === 'function') return stdin.stream();
    return (async function* () {
      yield await stdin.read();
    })();
  }
  try {
    const handle = await open(path, 'r');
    return handle.createReadStream({ highWaterMark: 256 * 1024 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      `cannot read --events-file ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'unreadable')}`,
      { code: 'input.events_file' },
    );
  }
}

/** Lines in a file, for the progress bar's total (one pass, nothing kept). */
async function countLines(path: string): Promise<number | null> {
  try {
    const handle = await open(path, 'r');
    let count = 0;
    let last = 0x0a;
    for await (const chunk of handle.createReadStream({ highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
      let at = chunk.indexOf(0x0a);
      while (at !== -1) {
        count += 1;
        at = chunk.indexOf(0x0a, at + 1);
      }
      if (chunk.length > 0) last = chunk[chunk.length - 1]!;
    }
    return last === 0x0a ? count : count + 1;
  } catch {
    return null;
  }
}

/**
 * stdout in bigger writes: lines collected and written once per turn of the event loop (or every 64 KiB), so a
 * fast batch does not make one write call per line while a slow one still shows each line at once.
 */
class BufferedWriter {
  private chunks: string[] = [];
  private size = 0;
  private scheduled = false;

  constructor(private readonly stream: OutStream) {}

  write(text: string): void {
    this.chunks.push(text);
    this.size += text.length;
    if (this.size >= 64 * 1024) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    if (this.chunks.length === 0) return;
    const text = this.chunks.join('');
    this.chunks = [];
    this.size = 0;
    this.stream.write(text);
  }
}

/** stderr with an optional progress line that other lines are written above. */
class StatusWriter {
  private drawn = false;

  constructor(private readonly stream: OutStream) {}

  /** Writes one line (no trailing newline needed), moving the progress line out of the way. */
  line(text: string): void {
    this.clearProgress();
    this.stream.write(`${text}\n`);
  }

  /** Redraws the progress line in place. */
  progress(text: string): void {
    this.stream.write(`\r\u001b[2K${text}`);
    this.drawn = true;
  }

  clearProgress(): void {
    if (!this.drawn) return;
    this.stream.write('\r\u001b[2K');
    this.drawn = false;
  }
}
