/** `fcinvoke invoke <provider> <function>`: resolve, invoke once, render. */
import { readFile } from 'node:fs/promises';
import { InputError, UsageError, type ExitCode } from '../../core/errors.js';
import { invoke, type TimedInvocation } from '../../core/invoke.js';
import { redactRequest } from '../../core/redact.js';
import { exitCodeForStatus } from '../../core/result.js';
import { CREDENTIAL_VARIABLES, firstEnv, flagOrEnv, resolveKeyCredentials, type Env } from '../../config/resolve.js';
import { findProvider, providerNames, type ProviderEntry } from '../../providers/registry.js';
import type { Credentials, InvokeInput } from '../../providers/types.js';
import { DEFAULT_TIMEOUT_MS, closeTransport } from '../../transport/http.js';
import { renderJson } from '../../output/json.js';
import { renderPayload, renderSummary } from '../../output/human.js';
import type { Io } from '../io.js';
import type { InvokeFlags } from '../main.js';
import { parseEndpoint, parseEventBytes, parseEventJson, parseStringMap, parseTimeoutMs } from '../options.js';
import { styleFor } from '../terminal.js';

/** Runs one invocation and returns the exit code. */
export async function runInvoke(
  providerName: string,
  functionName: string,
  flags: InvokeFlags,
  io: Io,
): Promise<ExitCode> {
  const entry = findProvider(providerName);
  if (entry === undefined) {
    throw new UsageError(`unknown provider '${providerName}'`, {
      hint: `use one of: ${providerNames().join(', ')}${suggestion(providerName)}`,
    });
  }
  if (flags.event !== undefined && flags.eventFile !== undefined) {
    throw new UsageError('give the event with --event or --event-file, not both');
  }
  const timeoutMs = flags.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseTimeoutMs(flags.timeout);
  const event = await readEvent(flags, io);
  const provider = await entry.load();

  let stopEmulator: (() => Promise<void>) | undefined;
  try {
    let endpoint: string;
    let credentials: Credentials;
    const partial = resolveInput(entry, functionName, flags, io.env, event);
    if (flags.local) {
      // Lazy: the emulator is loaded only for --local.
      const { startLocalEmulator } = await import('../../emulator/local.js');
      const local = await startLocalEmulator();
      stopEmulator = local.stop;
      endpoint = local.endpoint;
      credentials = local.credentials[entry.cloud];
      fillLocalDefaults(partial, entry, local.identifiers);
    } else {
      endpoint =
        flags.endpoint !== undefined
          ? parseEndpoint(flags.endpoint, flags.allowInsecureHttp === true)
          : provider.defaultEndpoint(partial);
      credentials = resolveCredentials(entry, flags, io.env);
    }
    const input: InvokeInput = { ...partial, endpoint };
    const style = await styleFor(io.stderr, io.env, flags.color);
    const stopSpinner = await maybeSpinner(io, flags, input);
    let invocation: TimedInvocation;
    try {
      invocation = await invoke(provider, input, credentials, {
        timeoutMs,
        signal: io.signal,
        onRequest: flags.debug
          ? (request) => io.stderr.write(`${style.dim(`debug: ${JSON.stringify(redactRequest(request, credentials))}`)}\n`)
          : undefined,
      });
    } finally {
      stopSpinner();
    }
    if (flags.debug && invocation.timings !== null) {
      const t = invocation.timings;
      io.stderr.write(
        `${style.dim(`debug: timings connected=${t.connectedMs ?? '-'}ms first-byte=${t.firstByteMs ?? '-'}ms total=${t.totalMs}ms`)}\n`,
      );
    }
    render(invocation, flags, io, style);
    return exitCodeForStatus(invocation.result.status);
  } finally {
    await closeTransport();
    await stopEmulator?.();
  }
}

/** Everything but the endpoint, from flags and the environment. */
function resolveInput(
  entry: ProviderEntry,
  functionName: string,
  flags: InvokeFlags,
  env: Env,
  event: Uint8Array,
): Omit<InvokeInput, 'endpoint'> {
  const region = flagOrEnv(flags.region, '--region', env, CREDENTIAL_VARIABLES[entry.cloud].region);
  const signatureMethod = flags.signatureMethod;
  if (signatureMethod !== undefined && signatureMethod !== 'HmacSHA1' && signatureMethod !== 'HmacSHA256') {
    throw new UsageError(`--signature-method is HmacSHA256 or HmacSHA1, not '${signatureMethod}'`);
  }
  return {
    provider: entry.id,
    functionName,
    qualifier: flags.qualifier,
    region: region?.value,
    namespace: flags.namespace,
    routingKey: flags.routingKey === undefined ? undefined : parseStringMap(flags.routingKey, '--routing-key'),
    event,
    invocationType: flags.async ? 'async' : 'sync',
    logs: flags.log,
    accountId: flagOrEnv(flags.accountId, '--account-id', env, ['ALIBABA_CLOUD_ACCOUNT_ID'])?.value,
    service: flags.service,
    projectId: flagOrEnv(flags.projectId, '--project-id', env, ['HUAWEICLOUD_SDK_PROJECT_ID'])?.value,
    taskId: flags.taskId,
    signatureMethod,
  };
}

function resolveCredentials(entry: ProviderEntry, flags: InvokeFlags, env: Env): Credentials {
  if (entry.cloud === 'huawei') {
    const token = flagOrEnv(flags.token, '--token', env, ['HUAWEICLOUD_AUTH_TOKEN']);
    const keys = firstEnv(env, CREDENTIAL_VARIABLES.huawei.id);
    if (token !== undefined && (flags.token !== undefined || keys === undefined)) {
      return { kind: 'token', token: token.value };
    }
  }
  return resolveKeyCredentials(entry.cloud, env);
}

/** With --local, identifiers the user left out take the emulator's demo values. */
function fillLocalDefaults(
  input: Omit<InvokeInput, 'endpoint'>,
  entry: ProviderEntry,
  identifiers: { region: Record<string, string>; accountId: string; projectId: string },
): void {
  input.region ??= identifiers.region[entry.cloud];
  input.accountId ??= identifiers.accountId;
  input.projectId ??= identifiers.projectId;
}

/** The event: --event, --event-file (or '-'), piped stdin, else `{}`. */
async function readEvent(flags: InvokeFlags, io: Io): Promise<Uint8Array> {
  if (flags.event !== undefined) return parseEventJson(flags.event, '--event');
  if (flags.eventFile === '-' || (flags.eventFile === undefined && !io.stdin.isTTY)) {
    return parseEventBytes(await io.stdin.read(), 'standard input');
  }
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
  return new TextEncoder().encode('{}');
}

function render(invocation: TimedInvocation, flags: InvokeFlags, io: Io, style: Awaited<ReturnType<typeof styleFor>>): void {
  if (flags.json) {
    io.stdout.write(renderJson(invocation.result, io.stdout.isTTY));
    io.stderr.write(renderSummary(invocation, style, false));
    return;
  }
  if (flags.raw) {
    if (invocation.payload !== null) io.stdout.write(invocation.payload);
    io.stderr.write(renderSummary(invocation, style, false));
    return;
  }
  io.stderr.write(renderSummary(invocation, style, true));
  const stdoutStyle = io.stdout.isTTY ? style : undefined;
  const payload = renderPayload(invocation, { tty: io.stdout.isTTY, style: stdoutStyle ?? style });
  if (payload !== null) io.stdout.write(payload);
}

/** An ora spinner on stderr, only at a terminal, never for --json/--raw or in CI. Returns its stop function. */
async function maybeSpinner(io: Io, flags: InvokeFlags, input: InvokeInput): Promise<() => void> {
  if (!io.stderr.isTTY || flags.json || flags.raw || flags.debug || io.env['CI']) return () => undefined;
  // Lazy: ora is loaded only when a spinner will show.
  const { default: ora } = await import('ora');
  const started = Date.now();
  const label = `invoking ${input.provider} ${input.functionName}`;
  const spinner = ora({ text: label, stream: process.stderr, discardStdin: false }).start();
  const timer = setInterval(() => {
    spinner.text = `${label} (${Math.round((Date.now() - started) / 1000)}s)`;
  }, 1000);
  return () => {
    clearInterval(timer);
    spinner.stop();
  };
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
