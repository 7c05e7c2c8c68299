/**
 * `invoke … --events-file <path|-> | --repeat <n>`: batch mode, the CLI's adapter over the engine's
 * {@link invokeBatch} (engine/invoke-batch.ts), which schedules, retries and builds the line results and the
 * summary. Here: the input read and checked line by line, NDJSON or human lines on stdout, failures, progress and
 * the summary on stderr, stopping when stdout closes, and the batch exit-code rule of docs/exit-codes.md.
 * docs/batch.md is the user's description.
 *
 * Output: with `--json`, stdout is NDJSON: one `{line, …result}` object per input line, then `{"summary": …}`.
 * Without it, stdout carries one line per successful invocation, its return value as compact JSON, and stderr one
 * line per failed line (consecutive not-run lines as one range), a progress line at a terminal, and the summary.
 */
import { EXIT_CODES, UsageError, type ExitCode } from '../../core/errors.js';
import { redactRequest } from '../../core/redact.js';
import { jsonResultOf } from '../../core/result.js';
import type { RetryEvent } from '../../engine/invoke.js';
import {
  DEFAULT_BATCH_CONCURRENCY,
  invokeBatch,
  type BatchLine,
  type BatchLineResult,
  type NotRunReason,
  type BatchCredentials,
} from '../../engine/invoke-batch.js';
import type { BatchSummary } from '../../engine/summary.js';
import { errorLine } from '../../output/human.js';
import { formatCount, renderProgress } from '../../output/progress.js';
import { renderQueryValue, selectQuery } from '../../output/query.js';
import type { Style } from '../../output/style.js';
import { renderBatchSummary, renderSummaryJson } from '../../output/summary.js';
import { BOUNDS } from '../../config/bounds.js';
import { countLines, openInput } from '../batch-input.js';
import { exitCodeForLine, worseExitCode } from '../exit-codes.js';
import type { InvokeFlags } from '../flags.js';
import { signalName, type Io, type WriteFailure } from '../io.js';
import { parseBoundedFlags } from '../options.js';
import type { PreparedInvoke } from '../prepare-invoke.js';
import { wantsSpinner } from '../spinner.js';
import { BufferedWriter, StatusWriter } from '../stream-writers.js';

/** `--concurrency` when none is given. */
export const DEFAULT_CONCURRENCY = DEFAULT_BATCH_CONCURRENCY;
/** The largest `--concurrency` accepted (config/bounds.ts). */
export const MAX_CONCURRENCY = BOUNDS.concurrency.max;

export type { BatchLineResult };

/** Runs a batch of invocations and returns the batch exit code. */
export async function runBatch(prepared: PreparedInvoke, flags: InvokeFlags, io: Io): Promise<ExitCode> {
  const settings = readBatchFlags(prepared, flags);
  const { input } = prepared;
  // Names, identifiers and (for --repeat) the event are the same on every line: a mistake there is one exit 2
  // before anything is sent, not one error per line.
  prepared.provider.validateInput(input);
  const source = await openInput(prepared, settings, io);
  const showProgress = wantsSpinner(io, flags.debug === true);
  const total =
    settings.repeat ?? (showProgress && settings.eventsFile !== undefined && settings.eventsFile !== '-'
      ? await countLines(settings.eventsFile)
      : null);

  const started = performance.now();
  const stderr = new StatusWriter(io.stderr);
  const stdout = new BufferedWriter(io.stdout);
  const reporter = new LineReporter(prepared, stdout, stderr);
  const debug = flags.debug === true ? (text: string) => stderr.line(prepared.style.dim(`debug: ${text}`)) : undefined;
  // Stdout that can no longer be written stops new lines from starting (lines in flight finish; their results are
  // lost, like those not run) and stops reading the input.
  const outputStopper = new AbortController();
  let outputStop: { failure: WriteFailure; afterResults: number } | undefined;
  io.stdout.onFailure?.((failure) => {
    outputStop ??= { failure, afterResults: reporter.done };
    outputStopper.abort(outputNotRunReason(failure));
    source.stopReading();
  });
  const drawProgress = () =>
    stderr.progress(
      renderProgress(
        { done: reporter.done, total, failed: reporter.failed, retries: reporter.retries, elapsedMs: performance.now() - started },
        prepared.style,
      ),
    );
  if (showProgress) drawProgress();
  const progressTimer = showProgress ? setInterval(drawProgress, 100) : undefined;
  progressTimer?.unref();

  let exitCode: ExitCode = EXIT_CODES.ok;
  let summary: BatchSummary | undefined;
  io.beforeBatch?.();
  try {
    // Temporary credentials come from their provider before each line: refreshed before they expire. The latest
    // ones mask the `--debug` request dumps, and a refresh is said there (provenance only, never a secret).
    let current = prepared.credentials;
    const exchanged = prepared.exchanged?.provider;
    const credentials: BatchCredentials =
      exchanged === undefined
        ? prepared.credentials
        : {
            get: async () => {
              const answer = await exchanged.get();
              current = answer.credentials;
              if (answer.fromCache === false) debug?.(`credentials refreshed: ${answer.provenance}`);
              return answer;
            },
            invalidate: () => exchanged.invalidate(),
          };
    const events = invokeBatch(prepared.provider, source.items, credentials, {
      concurrency: settings.concurrency,
      ordered: !settings.unordered,
      signal: io.signal,
      deadlineMs: settings.deadlineMs,
      stop: outputStopper.signal,
      cancelledBy: () => (signalName(io.signal) === 'SIGTERM' ? 'SIGTERM' : 'Ctrl-C'),
      timeoutMs: prepared.timeoutMs,
      env: io.env,
      retries: prepared.retries,
      retryUnsafe: settings.retryUnsafe,
      onRetry: debug === undefined ? undefined : (line, event) => debug(`line ${line}: ${describeRetry(event)}`),
      onRequest:
        debug === undefined
          ? undefined
          : (line, request) => debug(`line ${line}: ${JSON.stringify(redactRequest(request, current))}`),
    });
    for await (const event of events) {
      if (event.type === 'summary') {
        summary = event.summary;
        continue;
      }
      if (flags.debug === true && event.crash instanceof Error && event.crash.stack !== undefined) stderr.line(event.crash.stack);
      exitCode = worseExitCode(exitCode, lineExitCode(event));
      reporter.report(event);
    }
  } finally {
    clearInterval(progressTimer);
    source.dispose();
  }
  reporter.finish();
  stderr.clearProgress();
  const final = summary!;
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
        : source.cut()
          ? 'the rest of the input was not run'
          : `${plural(reporter.stoppedByOutput, 'line')} not run`;
    stderr.line(`${prepared.style.warn('stopped:')} ${why} after ${plural(afterResults, 'result')}; ${notRun}`);
  }
  if (!io.signal.aborted) return exitCode;
  if (source.cut()) stderr.line(`${prepared.style.warn('stopped:')} interrupted; the rest of standard input was not read`);
  return signalName(io.signal) === 'SIGTERM' ? EXIT_CODES.terminated : EXIT_CODES.interrupted;
}

/**
 * The exit code a line stands for. A line not started because stdout failed counts for nothing: when the reader
 * closed the pipe that was its choice, and a write error is exit 74 anyway (cli/main.ts).
 */
function lineExitCode(line: BatchLine): ExitCode {
  const { status, error } = line.result;
  if (status === 'not_run' && (error?.code === 'output_closed' || error?.code === 'output_failed')) return EXIT_CODES.ok;
  return exitCodeForLine(status, error?.code);
}

/** The not-run error of the lines never started because stdout failed. */
function outputNotRunReason(failure: WriteFailure): NotRunReason {
  return failure.closed
    ? { code: 'output_closed', message: 'not run: standard output was closed' }
    : { code: 'output_failed', message: `not run: standard output cannot be written (${failure.code})` };
}

function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
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

/** Writes each line's output: stdout as the mode says, failures on stderr. */
class LineReporter {
  /** Lines reported so far, for the progress line. */
  done = 0;
  /** Lines reported so far that did not succeed. */
  failed = 0;
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

  report(outcome: BatchLine): void {
    const { prepared, stdout } = this;
    const { result } = outcome;
    this.done += 1;
    if (result.status !== 'ok') this.failed += 1;
    this.retries += outcome.retries;
    if (prepared.query !== undefined) {
      // A query that fails on one line's result (a function given the wrong type) prints null for that line.
      let selected: unknown = null;
      try {
        selected = selectQuery(jsonResultOf(result, outcome.invocation?.details ?? null, outcome.retries), prepared.query);
      } catch (error) {
        this.stderr.line(`line ${result.line}: ${prepared.style.fail('error:')} ${error instanceof Error ? error.message : String(error)}`);
      }
      stdout.write(renderQueryValue(selected));
    }
    else if (prepared.output === 'json') stdout.write(`${JSON.stringify(jsonResultOf(result, outcome.invocation?.details ?? null, outcome.retries))}\n`);
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

function failureLine(outcome: BatchLine, style: Style): string {
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
