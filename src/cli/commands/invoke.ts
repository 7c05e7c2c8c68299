/** `fcinvoke invoke [provider] <function>`: resolve configuration, invoke once, render. */
import { readFile } from 'node:fs/promises';
import { EXIT_CODES, InputError, InterruptedError, UsageError, type ExitCode } from '../../core/errors.js';
import { invoke, prepareRequest, type TimedInvocation } from '../../engine/invoke.js';
import { redactHeaders, redactRequest, redactRequestForDisplay } from '../../core/redact.js';
import { exitCodeForStatus } from '../../core/result.js';
import { loadConfigContext, readTextFile, type ConfigContext } from '../../config/context.js';
import { resolveCredentialChain } from '../../config/credentials.js';
import type { Sourced } from '../../config/resolve.js';
import { resolveSettings, type ResolvedSettings, type SettingValue } from '../../config/settings.js';
import type { SettingKey } from '../../config/schema.js';
import { findProvider, providerNames, type ProviderEntry } from '../../providers/registry.js';
import type { Credentials, InvokeInput, Provider } from '../../providers/types.js';
import type { Style } from '../../output/style.js';
import { closeTransport } from '../../transport/http.js';
import { renderCurl, renderRequestJson } from '../../output/curl.js';
import { renderJson } from '../../output/json.js';
import { parseQuery, renderQueryValue, selectQuery, type QueryStep } from '../../output/query.js';
import { renderPayload, renderSummary } from '../../output/human.js';
import { describeFsError } from '../fs-errors.js';
import type { Io } from '../io.js';
import type { InvokeFlags } from '../flags.js';
import { BOUNDS } from '../../config/bounds.js';
import { refuseInapplicable } from '../applicability.js';
import type { OutputFile } from '../output-file.js';
import {
  parseBounded,
  parseBoundedFlags,
  parseCount,
  parseEndpoint,
  parseEventBytes,
  parseEventJson,
  parseStringMap,
  parseTimeoutMs,
  refuseEmpty,
} from '../options.js';
import { readTokenFile, refuseDirectories } from '../preflight.js';
import { startSpinner } from '../spinner.js';
import { styleFor } from '../terminal.js';

/** The settings `invoke` reads. */
const INVOKE_SETTINGS: readonly SettingKey[] = [
  'retries',
  'region',
  'endpoint',
  'namespace',
  'qualifier',
  'accountId',
  'projectId',
  'service',
  'timeoutMs',
  'output',
  'log',
];

/** Everything resolved before sending: what a single invocation and a batch share. */
export interface PreparedInvoke {
  entry: ProviderEntry;
  provider: Provider;
  /** The input for the event given by --event/--event-file/stdin (a batch replaces `event` per line). */
  input: InvokeInput;
  credentials: Credentials;
  settings: ResolvedSettings;
  output: 'human' | 'json' | 'raw';
  timeoutMs: number;
  /** Retries of throttled or never-sent requests. */
  retries: number;
  /** Colours for stderr. */
  style: Style;
  /** `--query`: the path into the result to print instead of the result. */
  query?: QueryStep[] | undefined;
  /**
   * `-o/--output-file`: a file prepared before sending (so a bad path fails with nothing sent) and written with the
   * payload, or `'stdout'` for `-o -`: the payload byte for byte on stdout.
   */
  outputFile?: OutputFile | 'stdout' | undefined;
}

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
    const query = flags.query === undefined ? undefined : parseQuery(flags.query);
    if (flags.outputFile !== undefined && batch) {
      throw new UsageError('-o/--output-file holds one payload: it does not combine with --events-file or --repeat');
    }
    if (flags.outputFile === '-' && (flags.json === true || query !== undefined)) {
      throw new UsageError(`-o - writes the payload to stdout: it does not combine with ${flags.json === true ? '--json' : '--query'}`, {
        hint: 'give -o a file to keep the payload, and stdout carries the JSON',
      });
    }
    const prepared = await prepareInvoke(first, second, flags, io, explicit, batch, (stop) => {
      stopEmulator = stop;
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

/** Resolves configuration, provider, credentials and settings; reads the event unless this is an events-file batch. */
export async function prepareInvoke(
  first: string,
  second: string | undefined,
  flags: InvokeFlags,
  io: Io,
  explicit: ReadonlySet<string>,
  batch: boolean,
  onEmulator: (stop: () => Promise<void>) => void,
): Promise<PreparedInvoke> {
  // Nothing is read, started or sent while the command line is wrong: empty values, numbers out of range,
  // directories for files, options that do not apply.
  for (const [key, value] of Object.entries(flags)) {
    if (typeof value === 'string') refuseEmpty(value, `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`);
  }
  parseBoundedFlags(flags);
  if (flags.event !== undefined && flags.eventFile !== undefined) {
    throw new UsageError('give the event with --event or --event-file, not both');
  }
  if (flags.eventsFile !== undefined && (flags.event !== undefined || flags.eventFile !== undefined)) {
    throw new UsageError('--events-file gives one event per line: do not combine it with --event or --event-file');
  }
  await refuseDirectories(flags);
  const context = await loadConfigContext({
    cwd: io.cwd,
    home: io.home,
    env: io.env,
    configPath: flags.config,
    profileFlag: flags.profile,
  });
  for (const warning of context.warnings) io.stderr.write(`${warning}\n`);
  const { entry, functionName } = pickProvider(first, second, context);
  const invocationType = flags.async ? 'async' : 'sync';
  refuseInapplicable(entry, { async: invocationType === 'async', batch }, explicit);
  const event = batch && flags.eventsFile !== undefined ? new TextEncoder().encode('{}') : await readEvent(flags, io);
  const provider = await entry.load();

  let credentials: Credentials;
  let settings: ResolvedSettings;
  const flagSettings = settingsFromFlags(flags, explicit);
  // The provider's own default: a sync call must not give up before the function may have finished.
  const defaults = {
    timeoutMs: {
      value: provider.limits.defaultTimeoutMs[invocationType],
      source: `built-in default for ${entry.id} ${invocationType} invocations`,
    },
  };
  if (flags.local) {
    // Lazy: the emulator is loaded only for --local.
    const { startLocalEmulator } = await import('../../emulator/local.js');
    const local = await startLocalEmulator();
    onEmulator(local.stop);
    credentials = local.credentials[entry.cloud];
    settings = resolveSettings(
      {
        flags: { ...flagSettings, endpoint: { value: local.endpoint, source: '--local' } },
        env: {},
        cloud: entry.cloud,
        profile: undefined,
        native: {
          region: { value: local.identifiers.region[entry.cloud], source: '--local' },
          accountId: { value: local.identifiers.accountId, source: '--local' },
          projectId: { value: local.identifiers.projectId, source: '--local' },
        },
        defaults,
      },
      INVOKE_SETTINGS,
    );
  } else {
    const token =
      flags.tokenFile !== undefined
        ? { value: await readTokenFile(flags.tokenFile), source: '--token-file' }
        : flags.token === undefined
          ? undefined
          : { value: flags.token, source: '--token' };
    const resolved = await resolveCredentialChain({
      cloud: entry.cloud,
      env: io.env,
      token,
      profile: context.profile,
      lookup: { home: io.home, readText: readTextFile },
    });
    credentials = resolved.credentials;
    const native = resolved.native;
    settings = resolveSettings(
      {
        flags: flagSettings,
        env: io.env,
        cloud: entry.cloud,
        profile: context.profile,
        native: {
          ...(native?.region ? { region: { value: native.region, source: native.source } } : {}),
          ...(native?.accountId ? { accountId: { value: native.accountId, source: native.source } } : {}),
          ...(native?.projectId ? { projectId: { value: native.projectId, source: native.source } } : {}),
        },
        defaults,
      },
      INVOKE_SETTINGS,
    );
  }
  const partial = buildInput(entry, functionName, flags, settings, event);
  const endpointSetting = settings.endpoint;
  const endpoint =
    endpointSetting === undefined
      ? provider.defaultEndpoint(partial)
      : endpointSetting.source === '--local'
        ? String(endpointSetting.value)
        : parseEndpoint(String(endpointSetting.value), flags.allowInsecureHttp === true);
  const output = settings.output?.value;
  return {
    entry,
    provider,
    input: { ...partial, endpoint },
    credentials,
    settings,
    output: output === 'json' || output === 'raw' ? output : 'human',
    timeoutMs: Number(settings.timeoutMs?.value),
    retries: Number(settings.retries?.value),
    style: await styleFor(io.stderr, io.env, flags.color),
  };
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
    invocation = await invoke(provider, input, credentials, {
      timeoutMs: prepared.timeoutMs,
      signal: io.signal,
      env: io.env,
      retries: prepared.retries,
      retryUnsafe: flags.retryUnsafe === true,
      deadlineMs: flags.deadline === undefined ? undefined : parseCount(flags.deadline, '--deadline', 1),
      onRequest: flags.debug
        ? (request) => io.stderr.write(`${style.dim(`debug: ${JSON.stringify(redactRequest(request, credentials))}`)}\n`)
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
  } finally {
    stopSpinner();
  }
  if (flags.debug && invocation.response) {
    const { status, headers, bodyBytes } = invocation.response;
    io.stderr.write(
      `${style.dim(`debug: response ${JSON.stringify({ status, headers: redactHeaders(headers, credentials), bodyBytes })}`)}\n`,
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
}

/** `invoke <provider> <function>`, or `invoke <function>` with the provider from the profile. */
function pickProvider(
  first: string,
  second: string | undefined,
  context: ConfigContext,
): { entry: ProviderEntry; functionName: string } {
  let providerName: string;
  let functionName: string;
  if (second !== undefined) {
    providerName = first;
    functionName = second;
  } else {
    const fromProfile = context.profile?.values.provider;
    if (fromProfile === undefined) {
      throw new UsageError(
        findProvider(first) !== undefined
          ? "missing required argument 'function'"
          : `missing the provider: use 'invoke <provider> ${first}', or set provider in a profile`,
      );
    }
    providerName = fromProfile;
    functionName = first;
  }
  const entry = findProvider(providerName);
  if (entry === undefined) {
    throw new UsageError(`unknown provider '${providerName}'`, {
      hint: `use one of: ${providerNames().join(', ')}${suggestion(providerName)}`,
    });
  }
  return { entry, functionName };
}

/** The settings given on the command line, named by their flag. */
function settingsFromFlags(flags: InvokeFlags, explicit: ReadonlySet<string>): Partial<Record<SettingKey, Sourced<SettingValue>>> {
  const result: Partial<Record<SettingKey, Sourced<SettingValue>>> = {};
  const put = (key: SettingKey, value: SettingValue | undefined, flag: string) => {
    if (typeof value === 'string') refuseEmpty(value, flag);
    if (value !== undefined) result[key] = { value, source: flag };
  };
  put('region', flags.region, '--region');
  put('endpoint', flags.endpoint, '--endpoint');
  put('namespace', flags.namespace, '--namespace');
  put('qualifier', flags.qualifier, '--qualifier');
  put('accountId', flags.accountId, '--account-id');
  put('projectId', flags.projectId, '--project-id');
  put('service', flags.service, '--service');
  put('timeoutMs', flags.timeout === undefined ? undefined : parseTimeoutMs(flags.timeout), '--timeout');
  put('retries', flags.retries === undefined ? undefined : parseBounded(flags.retries, BOUNDS.retries), '--retries');
  put('output', flags.json ? 'json' : flags.raw ? 'raw' : undefined, flags.json ? '--json' : '--raw');
  if (explicit.has('log')) put('log', flags.log, flags.log ? '--log' : '--no-log');
  return result;
}

/** The provider-independent input, from the resolved settings. */
function buildInput(
  entry: ProviderEntry,
  functionName: string,
  flags: InvokeFlags,
  settings: ResolvedSettings,
  event: Uint8Array,
): Omit<InvokeInput, 'endpoint'> {
  const signatureMethod = flags.signatureMethod;
  if (signatureMethod !== undefined && signatureMethod !== 'HmacSHA1' && signatureMethod !== 'HmacSHA256') {
    throw new UsageError(`--signature-method is HmacSHA256 or HmacSHA1, not '${signatureMethod}'`);
  }
  const text = (key: SettingKey) => (settings[key] === undefined ? undefined : String(settings[key].value));
  return {
    provider: entry.id,
    functionName,
    qualifier: text('qualifier'),
    region: text('region'),
    namespace: text('namespace'),
    routingKey: flags.routingKey === undefined ? undefined : parseStringMap(flags.routingKey, '--routing-key'),
    event,
    invocationType: flags.async ? 'async' : 'sync',
    logs: settings.log?.value !== false,
    accountId: text('accountId'),
    service: text('service'),
    projectId: text('projectId'),
    taskId: flags.taskId,
    signatureMethod,
  };
}

/**
 * The event: --event, --event-file, `--event-file -` (stdin), else `{}`. Standard input is read only when asked
 * for: reading it unasked hangs on a stdin that never ends (`sleep 30 | fcinvoke …`) and takes the input of a
 * `while read` loop. So that an event piped the old way is not dropped unnoticed, a note says when stdin holds data
 * that can be seen without reading it (a redirected file); a pipe cannot be (docs/output.md).
 */
async function readEvent(flags: InvokeFlags, io: Io): Promise<Uint8Array> {
  if (flags.event !== undefined) return parseEventJson(flags.event, '--event');
  if (flags.eventFile === '-') return parseEventBytes(await readStdin(io), 'standard input');
  if (flags.eventFile !== undefined) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(flags.eventFile);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new InputError(
        `cannot read --event-file ${flags.eventFile}: ${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')}`,
        { code: 'input.event_file' },
      );
    }
    return parseEventBytes(bytes, flags.eventFile);
  }
  const waiting = io.stdin.waiting?.();
  if (waiting !== undefined && waiting > 0) {
    io.stderr.write(`note: standard input (${waiting} bytes) was not read; the event is {}. Use -f - to send it as the event\n`);
  }
  return new TextEncoder().encode('{}');
}

/** All of stdin; Ctrl-C while waiting for it is exit 130 (one signal is enough, even if stdin never ends). */
async function readStdin(io: Io): Promise<Uint8Array> {
  try {
    return await io.stdin.read();
  } catch (error) {
    if (io.signal.aborted) throw new InterruptedError();
    throw new InputError(`cannot read standard input: ${describeFsError((error as NodeJS.ErrnoException).code)}`, {
      code: 'input.stdin',
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
    io.stdout.write(renderQueryValue(selectQuery(invocation.result, query)));
    io.stderr.write(renderSummary(invocation, style, false));
    return;
  }
  if (output === 'json') {
    io.stdout.write(renderJson(invocation.result, io.stdout.isTTY));
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

function suggestion(name: string): string {
  const names = providerNames();
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of names) {
    const distance = editDistance(name.toLowerCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === undefined ? '' : ` (did you mean '${best}'?)`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
