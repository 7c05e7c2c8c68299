/**
 * What `invoke` resolves before sending, shared by a single invocation, a dry run and a batch: the command line
 * checked, configuration loaded, the provider picked and loaded, the event read, credentials and settings
 * resolved (once, from the cloud's chain or from `--local`'s emulator), and the provider's input built.
 */
import { readFile } from 'node:fs/promises';
import type { CredentialSource, ExchangeSource } from '../core/credential-source.js';
import { ConfigError, InputError, InterruptedError, UsageError } from '../core/errors.js';
import type { CredentialProvider, ProvidedCredentials } from '../engine/credentials/provider.js';
import { readTextFile, type ConfigContext } from '../config/context.js';
import { resolveCredentialChain, type ResolvedCredentials } from '../config/credentials.js';
import type { Sourced } from '../config/resolve.js';
import { resolveSettings, storeSettings, type ResolvedSettings, type SettingsInput, type SettingValue } from '../config/settings.js';
import type { SettingKey } from '../config/schema.js';
import { BOUNDS } from '../config/bounds.js';
import type { Style } from '../output/style.js';
import type { Query } from '../output/query.js';
import { findProvider, providerNames, type ProviderEntry } from '../providers/registry.js';
import { defaultTransport } from '../transport/http.js';
import type { Credentials, InvokeInput, Provider } from '../providers/types.js';
import { refuseInapplicable } from './applicability.js';
import { loadCommandConfig } from './config-context.js';
import type { InvokeFlags } from './flags.js';
import { describeFsError } from './fs-errors.js';
import type { Io } from './io.js';
import type { OutputFile } from './output-file.js';
import {
  parseBounded,
  parseBoundedFlags,
  parseEndpoint,
  parseEventBytes,
  parseEventJson,
  parseStringMap,
  parseTimeoutMs,
  refuseEmpty,
} from './options.js';
import { readTokenFile, refuseDirectories } from './preflight.js';
import { styleFor } from './terminal.js';

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
  /**
   * When the credentials came from an exchange (a role, OIDC, the instance): the provider that made them, to
   * refresh them in a batch and to replace cached ones the cloud refuses; and what it answered.
   */
  exchanged?: { provider: CredentialProvider; answer: ProvidedCredentials } | undefined;
  settings: ResolvedSettings;
  output: 'human' | 'json' | 'raw';
  timeoutMs: number;
  /** Retries of throttled or never-sent requests. */
  retries: number;
  /** Colours for stderr. */
  style: Style;
  /** `--query`: the path into the result to print instead of the result. */
  query?: Query | undefined;
  /**
   * `-o/--output-file`: a file prepared before sending (so a bad path fails with nothing sent) and written with the
   * payload, or `'stdout'` for `-o -`: the payload byte for byte on stdout.
   */
  outputFile?: OutputFile | 'stdout' | undefined;
}

/** What {@link prepareInvoke} needs: the command line as commander parsed it, and the process. */
export interface PrepareInvokeOptions {
  /** The first positional argument: the provider, or the function when the profile names the provider. */
  first: string;
  /** The second positional argument: the function, when the first is the provider. */
  second: string | undefined;
  flags: InvokeFlags;
  io: Io;
  /** The options given on the command line (not defaults), by attribute name. */
  explicit: ReadonlySet<string>;
  /** `--events-file` or `--repeat`: the event comes per line, and batch-only options apply. */
  batch: boolean;
  /** Called with the emulator's stop function when `--local` starts one, so the caller stops it at the end. */
  onEmulator: (stop: () => Promise<void>) => void;
}

/** Resolves configuration, provider, credentials and settings; reads the event unless this is an events-file batch. */
export async function prepareInvoke(options: PrepareInvokeOptions): Promise<PreparedInvoke> {
  const { flags, io, explicit, batch } = options;
  await checkCommandLine(flags);
  const context = await loadCommandConfig(flags, io);
  const { entry, functionName } = pickProvider(options.first, options.second, context);
  const invocationType = flags.async ? 'async' : 'sync';
  refuseInapplicable(entry, { async: invocationType === 'async', batch }, explicit);
  const event = batch && flags.eventsFile !== undefined ? new TextEncoder().encode('{}') : await readEvent(flags, io);
  const provider = await entry.load();

  const source = flags.local ? await localSource(entry, flags, io, context, options.onEmulator) : await cloudSource(entry, flags, io, context);
  const settings = resolveSettings(
    {
      ...source.settings,
      flags: { ...settingsFromFlags(flags, explicit), ...source.settings.flags },
      cloud: entry.cloud,
      // The provider's own default: a sync call must not give up before the function may have finished.
      defaults: {
        timeoutMs: {
          value: provider.limits.defaultTimeoutMs[invocationType],
          source: `built-in default for ${entry.id} ${invocationType} invocations`,
        },
      },
    },
    INVOKE_SETTINGS,
  );
  const partial = buildInput(entry, functionName, flags, settings, event);
  const output = settings.output?.value;
  return {
    entry,
    provider,
    input: { ...partial, endpoint: endpointFor(provider, partial, settings, flags) },
    credentials: source.credentials,
    exchanged: source.exchanged,
    settings,
    output: output === 'json' || output === 'raw' ? output : 'human',
    timeoutMs: Number(settings.timeoutMs?.value),
    retries: Number(settings.retries?.value),
    style: await styleFor(io.stderr, io.env, flags.color),
  };
}

/**
 * Nothing is read, started or sent while the command line is wrong: empty values, numbers out of range,
 * directories for files, options that exclude each other.
 */
async function checkCommandLine(flags: InvokeFlags): Promise<void> {
  for (const [key, value] of Object.entries(flags)) {
    // With --raw-event an empty -e is an empty body, asked for.
    if (key === 'event' && flags.rawEvent === true) continue;
    if (typeof value === 'string') refuseEmpty(value, `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`);
  }
  parseBoundedFlags(flags);
  if (flags.event !== undefined && flags.eventFile !== undefined) {
    throw new UsageError('give the event with --event or --event-file, not both');
  }
  if (flags.eventsFile !== undefined && (flags.event !== undefined || flags.eventFile !== undefined)) {
    throw new UsageError('--events-file gives one event per line: do not combine it with --event or --event-file');
  }
  if (flags.rawEvent === true && flags.eventsFile !== undefined) {
    throw new UsageError('--raw-event sends one event as bytes; --events-file lines are JSON: give the event with -e or -f (and --repeat)', {
      code: 'usage.inapplicable',
    });
  }
  await refuseDirectories(flags);
}

/** Where credentials and the settings below the command line come from: the cloud's chain, or `--local`. */
interface SettingsSource {
  credentials: Credentials;
  exchanged?: PreparedInvoke['exchanged'];
  /** The settings inputs this source supplies; the command line's own flags are added to `flags`. */
  settings: Pick<SettingsInput, 'flags' | 'env' | 'profile' | 'native'>;
}

/** What the credential chain answers: credentials, or an exchange to make. */
type ChainAnswer = ResolvedCredentials;

/**
 * `--local`: an emulator started in-process, its endpoint and identifiers. When the chain names an exchange (a
 * role, OIDC federation, the instance role), the whole chain runs against that emulator: its STS, IAM and metadata
 * services, with the demo keys in place of static keys the chain signs with; otherwise (static keys, nothing
 * configured, a broken configuration) the demo credentials, as always.
 */
async function localSource(
  entry: ProviderEntry,
  flags: InvokeFlags,
  io: Io,
  context: ConfigContext,
  onEmulator: PrepareInvokeOptions['onEmulator'],
): Promise<SettingsSource> {
  // Lazy: the emulator is loaded only for --local.
  const { startLocalEmulator } = await import('../emulator/local.js');
  const local = await startLocalEmulator();
  onEmulator(local.stop);
  let chain: ChainAnswer | undefined;
  try {
    chain = await resolveChain(entry, flags, io, context);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
  }
  const demo = local.credentials[entry.cloud];
  const exchanged =
    chain?.exchange === undefined
      ? undefined
      : await exchangeCredentials(withDemoKeys(chain.exchange, demo), flags, io, {
          stsEndpoint: local.exchangeEndpoint(entry.cloud),
          metadataEndpoint: local.exchangeEndpoint(entry.cloud),
          disk: false,
        });
  return {
    credentials: exchanged?.answer.credentials ?? demo,
    exchanged,
    settings: {
      flags: { endpoint: { value: local.endpoint, source: '--local' } },
      env: {},
      profile: undefined,
      native: {
        region: { value: local.identifiers.region[entry.cloud], source: '--local' },
        accountId: { value: local.identifiers.accountId, source: '--local' },
        projectId: { value: entry.cloud === 'otc' ? local.identifiers.otcProjectId : local.identifiers.projectId, source: '--local' },
      },
    },
  };
}

/** The source with the demo keys in place of every static key it signs with (`--local`). */
function withDemoKeys<S extends CredentialSource>(source: S, demo: Credentials): S {
  if (source.kind === 'static') return { ...source, credentials: demo, origin: '--local demo keys' };
  if ('via' in source) return { ...source, via: withDemoKeys(source.via, demo) };
  return source;
}

/** A real cloud: the token flags, then the credential chain (environment, profile, native stores). */
async function cloudSource(entry: ProviderEntry, flags: InvokeFlags, io: Io, context: ConfigContext): Promise<SettingsSource> {
  const resolved = await resolveChain(entry, flags, io, context);
  const exchanged = resolved.exchange === undefined ? undefined : await exchangeCredentials(resolved.exchange, flags, io, {});
  const native = resolved.native;
  return {
    credentials: exchanged?.answer.credentials ?? resolved.credentials!,
    exchanged,
    settings: {
      flags: {},
      env: io.env,
      profile: context.profile,
      native: storeSettings(native),
    },
  };
}

/** The token flags, then the credential chain. */
async function resolveChain(entry: ProviderEntry, flags: InvokeFlags, io: Io, context: ConfigContext): Promise<ChainAnswer> {
  const token =
    flags.tokenFile !== undefined
      ? { value: await readTokenFile(flags.tokenFile), source: '--token-file' }
      : flags.token === undefined
        ? undefined
        : { value: flags.token, source: '--token' };
  return resolveCredentialChain({
    cloud: entry.cloud,
    env: io.env,
    token,
    profile: context.profile,
    lookup: { home: io.home, cwd: io.cwd, readText: readTextFile },
  });
}

/**
 * Makes the exchange (or finds it cached) before anything is sent to the function; `--debug` prints where the
 * credentials came from. Exchange errors pass through with their exit codes (2 config, 3 refused, 4 unreachable).
 */
async function exchangeCredentials(
  source: ExchangeSource,
  flags: InvokeFlags,
  io: Io,
  where: { stsEndpoint?: string; metadataEndpoint?: string; disk?: false },
): Promise<NonNullable<PreparedInvoke['exchanged']>> {
  // Lazy: the orchestrator, the cache and the cloud's exchanges load only when credentials need an exchange.
  const { openCredentialProvider } = await import('../engine/credentials/provider.js');
  const provider = openCredentialProvider(source, {
    env: io.env,
    home: io.home,
    transport: defaultTransport,
    signal: io.signal,
    stsEndpoint: where.stsEndpoint,
    metadataEndpoint: where.metadataEndpoint,
    diskCache: where.disk !== false,
    warn: (text) => io.stderr.write(`warning: ${text}\n`),
  });
  let answer;
  try {
    answer = await provider.get();
  } catch (error) {
    // Ctrl-C during the exchange aborts its request: that is an interruption, not an unreachable STS.
    if (io.signal.aborted) throw new InterruptedError();
    throw error;
  }
  if (flags.debug === true) io.stderr.write(`debug: credentials: ${answer.provenance}\n`);
  return { provider, answer };
}

/** The endpoint: the provider's default, `--local`'s emulator, or the one given (checked). */
function endpointFor(provider: Provider, input: Omit<InvokeInput, 'endpoint'>, settings: ResolvedSettings, flags: InvokeFlags): string {
  const setting = settings.endpoint;
  if (setting === undefined) return provider.defaultEndpoint(input);
  if (setting.source === '--local') return String(setting.value);
  return parseEndpoint(String(setting.value), flags.allowInsecureHttp === true);
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
    requestVersion: flags.requestVersion,
  };
}

/**
 * The event: --event, --event-file, `--event-file -` (stdin), else `{}`. With --raw-event the bytes go as they are
 * (no JSON check, no BOM dropped, empty allowed), and no event at all is an empty body. Standard input is read only when asked
 * for: reading it unasked hangs on a stdin that never ends (`sleep 30 | fcinvoke …`) and takes the input of a
 * `while read` loop. So that an event piped the old way is not dropped unnoticed, a note says when stdin holds data
 * that can be seen without reading it (a redirected file); a pipe cannot be (docs/output.md).
 */
async function readEvent(flags: InvokeFlags, io: Io): Promise<Uint8Array> {
  const raw = flags.rawEvent === true;
  const check = raw ? (bytes: Uint8Array) => bytes : parseEventBytes;
  if (flags.event !== undefined) return raw ? new TextEncoder().encode(flags.event) : parseEventJson(flags.event, '--event');
  if (flags.eventFile === '-') return check(await readStdin(io), 'standard input');
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
    return check(bytes, flags.eventFile);
  }
  const empty = raw ? 'an empty body' : '{}';
  const waiting = io.stdin.waiting?.();
  if (waiting !== undefined && waiting > 0) {
    io.stderr.write(`note: standard input (${waiting} bytes) was not read; the event is ${empty}. Use -f - to send it as the event\n`);
  }
  // No event given: `{}`, or with --raw-event no bytes at all (docs/cli.md).
  return raw ? new Uint8Array() : new TextEncoder().encode('{}');
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
