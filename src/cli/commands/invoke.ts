/** `fcinvoke invoke [provider] <function>`: resolve configuration, invoke once, render. */
import { EXIT_CODES, UsageError, type ExitCode } from '../../core/errors.js';
import { redactHeaders, redactRequest, redactRequestForDisplay } from '../../core/redact.js';
import { exitCodeForStatus, jsonResultOf } from '../../core/result.js';
import { invoke, prepareRequest, type TimedInvocation } from '../../engine/invoke.js';
import { renderCurl, renderRequestJson } from '../../output/curl.js';
import { renderPayload, renderSummary } from '../../output/human.js';
import { renderJson } from '../../output/json.js';
import { parseQuery, renderQueryValue, selectQuery } from '../../output/query.js';
import { closeTransport } from '../../transport/http.js';
import type { Credentials } from '../../core/credentials.js';
import type { InvokeFlags } from '../flags.js';
import type { Io } from '../io.js';
import { parseCount } from '../options.js';
import type { OutputFile } from '../output-file.js';
import { prepareInvoke, type PreparedInvoke } from '../prepare-invoke.js';
import { startSpinner } from '../spinner.js';

/** Runs one invocation (or a batch, with --events-file/--repeat) and returns the exit code. */
export async function runInvoke(
  first: string,
  second: string | undefined,
  flags: InvokeFlags,
  io: Io,
  explicit: ReadonlySet<string>,
): Promise<ExitCode> {
  const batch = flags.eventsFile !== undefined || flags.repeat !== undefined;
  let outputFile: OutputFile | undefined;
  let stopEmulator: (() => Promise<void>) | undefined;
  try {
    const query = flags.query === undefined ? undefined : await parseQuery(flags.query);
    if (flags.outputFile !== undefined && batch) {
      throw new UsageError('-o/--output-file holds one payload: it does not combine with --events-file or --repeat');
    }
    if (flags.outputFile === '-' && (flags.json === true || query !== undefined)) {
      throw new UsageError(`-o - writes the payload to stdout: it does not combine with ${flags.json === true ? '--json' : '--query'}`, {
        hint: 'give -o a file to keep the payload, and stdout carries the JSON',
      });
    }
    const prepared = await prepareInvoke({
      first,
      second,
      flags,
      io,
      explicit,
      batch,
      onEmulator: (stop) => {
        stopEmulator = stop;
      },
    });
    prepared.query = query;
    if (flags.outputFile === '-') prepared.outputFile = 'stdout';
    else if (flags.outputFile !== undefined && !flags.dryRun) {
      outputFile = await openOutputFile(flags.outputFile, io);
      prepared.outputFile = outputFile;
    }
    if (flags.dryRun) {
      if (batch) throw new UsageError('--dry-run shows one request: it does not combine with --events-file or --repeat');
      return runDryRun(prepared, flags, io);
    }
    if (batch) {
      // Lazy: batch mode's queue, progress bar and summary are loaded only for batches.
      const { runBatch } = await import('./batch.js');
      return await runBatch(prepared, flags, io);
    }
    return await runSingle(prepared, flags, io);
  } finally {
    // After a committed payload this does nothing; otherwise (no payload, an error, a signal) the target stays as it was.
    await outputFile?.discard();
    await closeTransport();
    await stopEmulator?.();
  }
}

/** `--dry-run`: build and sign the request, print it (redacted) as curl or JSON, send nothing. */
function runDryRun(prepared: PreparedInvoke, flags: InvokeFlags, io: Io): ExitCode {
  const request = prepareRequest(prepared.provider, prepared.input, prepared.credentials, new Date());
  // The unredacted form exists for tests that replay a dry run against the emulator; it is hidden from --help.
  const printable = flags.dryRunUnredacted ? request : redactRequestForDisplay(request, prepared.credentials);
  io.stdout.write(prepared.output === 'json' ? renderRequestJson(printable) : renderCurl(printable));
  return EXIT_CODES.ok;
}

/** One invocation: spinner, invoke, debug trace, render. */
async function runSingle(prepared: PreparedInvoke, flags: InvokeFlags, io: Io): Promise<ExitCode> {
  const { provider, input, credentials, output, style } = prepared;
  const stopSpinner = await startSpinner(
    io,
    output !== 'human' || prepared.query !== undefined || flags.debug === true,
    `invoking ${input.provider} ${input.functionName}`,
  );
  let invocation: TimedInvocation;
  try {
    io.beforeSingleRequest?.();
    invocation = await invokeWith(credentials);
    const exchanged = prepared.exchanged;
    // Cached temporary credentials the cloud refuses (revoked, or expired early): dropped, one fresh exchange, and
    // the invocation sent once more. A credential refusal proves the function did not run; never a second time.
    if (exchanged !== undefined && exchanged.answer.fromCache !== false) {
      const { isCredentialRefusal, replaceRefused } = await import('../../engine/credentials/refusal.js');
      if (await isCredentialRefusal(prepared.provider, invocation)) {
        exchanged.answer = await replaceRefused(exchanged.provider, exchanged.answer.credentials);
        prepared.credentials = exchanged.answer.credentials;
        if (flags.debug) {
          io.stderr.write(`${style.dim(`debug: cached credentials were refused; credentials: ${exchanged.answer.provenance}`)}\n`);
        }
        invocation = await invokeWith(prepared.credentials);
      }
    }
  } finally {
    stopSpinner();
  }
  const signedWith = prepared.credentials;
  if (flags.debug && invocation.response) {
    const { status, headers, bodyBytes } = invocation.response;
    io.stderr.write(
      `${style.dim(`debug: response ${JSON.stringify({ status, headers: redactHeaders(headers, signedWith), bodyBytes })}`)}\n`,
    );
  }
  if (flags.debug && invocation.timings !== null) {
    const t = invocation.timings;
    io.stderr.write(
      `${style.dim(`debug: timings connected=${t.connectedMs ?? '-'}ms first-byte=${t.firstByteMs ?? '-'}ms total=${t.totalMs}ms attempts=${invocation.attempts}`)}\n`,
    );
  }
  await render(invocation, prepared, io);
  return exitCodeForStatus(invocation.result.status);

  function invokeWith(signing: Credentials): Promise<TimedInvocation> {
    return invoke(provider, input, signing, {
      timeoutMs: prepared.timeoutMs,
      signal: io.signal,
      env: io.env,
      retries: prepared.retries,
      retryUnsafe: flags.retryUnsafe === true,
      deadlineMs: flags.deadline === undefined ? undefined : parseCount(flags.deadline, '--deadline', 1),
      onRequest: flags.debug
        ? (request) => io.stderr.write(`${style.dim(`debug: ${JSON.stringify(redactRequest(request, signing))}`)}\n`)
        : undefined,
      onRetry: flags.debug
        ? (event) => {
            const wait = `${event.delayMs} ms${event.fromRetryAfter ? ' (Retry-After)' : ''}`;
            io.stderr.write(
              `${style.dim(`debug: attempt ${event.attempt} failed: ${event.reason}; retry ${event.attempt} of ${event.retries} in ${wait}`)}\n`,
            );
          }
        : undefined,
    });
  }
}

/**
 * Writes the result: payload or JSON or a queried value on stdout (or the payload to -o), the summary on stderr.
 * The -o file is written first and even for a function error (its payload is the function's error object, as `aws
 * lambda invoke` does); with no payload it is left alone. A failed write is thrown after the summary: exit 74.
 */
async function render(invocation: TimedInvocation, prepared: PreparedInvoke, io: Io): Promise<void> {
  const { output, style, outputFile } = prepared;
  const payload = invocation.payload;
  if (outputFile === 'stdout') {
    if (payload !== null) io.stdout.write(payload);
    io.stderr.write(renderSummary(invocation, style, output === 'human'));
    return;
  }
  let writeError: unknown;
  if (outputFile !== undefined && payload !== null) {
    try {
      await outputFile.commit(payload);
    } catch (error) {
      writeError = error;
    }
  }
  renderToStreams(invocation, prepared, io);
  if (writeError !== undefined) throw writeError;
  if (outputFile !== undefined && output === 'human') {
    io.stderr.write(
      style.dim(
        payload === null
          ? `no payload: ${outputFile.path} was not written\n`
          : `payload written to ${outputFile.path} (${payload.byteLength} bytes)\n`,
      ),
    );
  }
}

function renderToStreams(invocation: TimedInvocation, prepared: PreparedInvoke, io: Io): void {
  const { output, style, query, outputFile } = prepared;
  const payload = invocation.payload;
  if (query !== undefined) {
    io.stdout.write(renderQueryValue(selectQuery(jsonResultOf(invocation.result, invocation.details), query)));
    io.stderr.write(renderSummary(invocation, style, false));
    return;
  }
  if (output === 'json') {
    io.stdout.write(renderJson(jsonResultOf(invocation.result, invocation.details), io.stdout.isTTY));
    io.stderr.write(renderSummary(invocation, style, false));
    return;
  }
  if (output === 'raw') {
    if (payload !== null && outputFile === undefined) io.stdout.write(payload);
    io.stderr.write(renderSummary(invocation, style, false));
    return;
  }
  io.stderr.write(renderSummary(invocation, style, true));
  if (outputFile !== undefined) return;
  const rendered = renderPayload(invocation, { tty: io.stdout.isTTY, style });
  if (rendered !== null) io.stdout.write(rendered);
  else if (payload !== null && io.stdout.isTTY) {
    io.stderr.write(`note: binary payload of ${payload.byteLength} bytes not shown at a terminal; use --raw or -o <file>\n`);
  }
}

/** Prepares -o's file before sending, so a bad path is exit 2 with nothing sent. Lazy: only -o needs it. */
async function openOutputFile(path: string, io: Io): Promise<OutputFile> {
  const { prepareOutputFile } = await import('../output-file.js');
  return prepareOutputFile(path, io.cwd, io.onExit);
}
