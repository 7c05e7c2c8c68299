/**
 * Builds the commander program and runs it. `main` never exits the process: it returns the exit code, so tests
 * can call it with a captured {@link Io}.
 */
import { Command, CommanderError, Option } from 'commander';
import type { EXIT_CODE_DESCRIPTIONS, EXIT_CODES, ExitCode } from '../core/errors.js';
import type { Io } from './io.js';

// This module and src/cli.ts are all `fcinvoke --version` loads: the modules that every command shares (errors,
// the provider registry…) are imported when a command needs them, since each file the CLI loads at start costs
// ~0.5 ms (docs/performance.md). The two exit codes main returns itself are checked against EXIT_CODES by tsc.
const OK: (typeof EXIT_CODES)['ok'] = 0;
const USAGE: (typeof EXIT_CODES)['usage'] = 2;

/** The flags of `invoke`, as commander parses them. */
export interface InvokeFlags {
  event?: string;
  eventFile?: string;
  qualifier?: string;
  namespace?: string;
  routingKey?: string;
  region?: string;
  async?: boolean;
  log: boolean;
  json?: boolean;
  raw?: boolean;
  endpoint?: string;
  allowInsecureHttp?: boolean;
  timeout?: string;
  local?: boolean;
  accountId?: string;
  service?: string;
  projectId?: string;
  taskId?: string;
  token?: string;
  signatureMethod?: string;
  debug?: boolean;
  color: boolean;
  profile?: string;
  config?: string;
  eventsFile?: string;
  concurrency?: string;
  unordered?: boolean;
  repeat?: string;
  retries?: string;
  retryUnsafe?: boolean;
  deadline?: string;
  dryRun?: boolean;
  dryRunUnredacted?: boolean;
  query?: string;
  outputFile?: string;
}

/** The flags of the `config` commands. */
export interface ConfigFlags {
  config?: string;
  profile?: string;
  json?: boolean;
  names?: boolean;
}

/** The flags of `emulator`. */
export interface EmulatorFlags {
  port: string;
  host: string;
  functions?: string;
  faults?: string;
  seed?: string;
}

const VERSION = '0.1.0';

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<ExitCode> {
  let exitCode: ExitCode = OK;
  const debug = argv.includes('--debug');
  const define = commandsToDefine(argv);
  if (define === 'invoke' && !argv.includes('--help') && !argv.includes('-h')) preloadInvoke(argv);
  try {
    const program = await buildProgram(io, define, (code) => {
      exitCode = code;
    });
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExit(error, io);
    const { reportError } = await import('./report-error.js');
    return reportError(error, io, debug);
  }
}

/**
 * Starts loading the invoke command's modules, and the provider named after `invoke`, before commander parses:
 * reading the files (20 of them) overlaps with the parsing and with each other instead of following it. The
 * command imports the same modules when it runs, and gets these; a provider wrongly guessed (a function named like
 * a provider, with the provider from the profile) is only loaded, never used. Errors surface when the command
 * imports the module itself.
 */
function preloadInvoke(argv: readonly string[]): void {
  const ignore = () => undefined;
  import('./commands/invoke.js').catch(ignore);
  const name = argv[argv.indexOf('invoke') + 1];
  if (name !== undefined && !name.startsWith('-')) {
    import('../providers/registry.js')
      .then(({ findProvider }) => findProvider(name)?.load())
      .catch(ignore);
  }
}

/** What a command's definition needs. */
interface DefineContext {
  io: Io;
  program: Command;
  setExitCode: (code: ExitCode) => void;
  /** Every name a provider may be given by. */
  providerNames: readonly string[];
  /** The exit-code table printed at the end of help. */
  exitCodes: typeof EXIT_CODE_DESCRIPTIONS;
}

/** A top-level command: its name and summary, and `define`, which adds its arguments, options and action. */
interface CommandSpec {
  name: string;
  description: string;
  define: (command: Command, context: DefineContext) => void;
}

/**
 * The commands whose arguments and options are defined: the one named on the command line, or all of them when
 * help or completion lists them. The others get only their name and summary, which is all commander needs to
 * dispatch, to list them or to suggest one for a typo; defining every option of every command would cost each
 * start ~2 ms (docs/performance.md). The program itself has only -V/--version and -h/--help, which take no value,
 * so the first word that is not an option names the command.
 */
export function commandsToDefine(argv: readonly string[]): 'all' | string | undefined {
  const at = argv.findIndex((arg) => !arg.startsWith('-'));
  const programFlags = at === -1 ? argv : argv.slice(0, at);
  // The program's help (`fcinvoke`, `-h`, `--help`) lists every command with its arguments and options.
  if (programFlags.includes('-h') || programFlags.includes('--help')) return 'all';
  if (at === -1) return programFlags.includes('-V') || programFlags.includes('--version') ? undefined : 'all';
  const first = argv[at];
  // `help` and `completion` list every command; a word that is no command gets the program's error or help.
  return first === 'help' || first === 'completion' || !COMMANDS.some((spec) => spec.name === first) ? 'all' : first;
}

async function buildProgram(
  io: Io,
  define: 'all' | string | undefined,
  setExitCode: (code: ExitCode) => void,
): Promise<Command> {
  const program = new Command('fcinvoke')
    .description('Invoke serverless functions on Tencent SCF, Alibaba Function Compute and Huawei FunctionGraph')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Errors are printed once, by main, in our one-line format.
      outputError: () => undefined,
    });
  const defining = COMMANDS.filter((spec) => define === 'all' || define === spec.name);
  if (defining.length > 0) {
    // What the definitions and their help text need; the commands that use them load these modules anyway.
    const [{ EXIT_CODE_DESCRIPTIONS: exitCodes }, { providerNames }] = await Promise.all([
      import('../core/errors.js'),
      import('../providers/registry.js'),
    ]);
    const context: DefineContext = { io, program, setExitCode, providerNames: providerNames(), exitCodes };
    program.addHelpText('after', () => exitCodeHelp(exitCodes));
    for (const spec of COMMANDS) {
      const command = program.command(spec.name).description(spec.description);
      if (defining.includes(spec)) spec.define(command, context);
    }
  } else {
    for (const spec of COMMANDS) program.command(spec.name).description(spec.description);
  }
  return program;
}

const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'invoke',
    description: 'invoke a function once and print its result',
    define: (command, { io, setExitCode, providerNames, exitCodes }) =>
      command
        .usage('[provider] <function> [options]')
        .argument('<provider>', `one of: ${providerNames.join(', ')} (may be left out when the profile sets one)`)
        .argument('[function]', 'the function name (FC 2.0: service/function; FunctionGraph: name or URN)')
        .option('-e, --event <json>', 'the event, as JSON text')
        .option('-f, --event-file <path>', "read the event from a file ('-' for stdin)")
        .option('-q, --qualifier <qualifier>', 'version or alias')
        .option('--namespace <namespace>', 'Tencent namespace (default: default)')
        .option('--routing-key <json>', 'Tencent traffic routing key, a JSON object of strings')
        .option('--region <region>', 'region, e.g. ap-guangzhou (default: from the environment or profile)')
        .option('--async', 'invoke asynchronously: the provider queues the event and returns an id')
        .option('--no-log', 'do not ask for the log tail')
        .addOption(new Option('--json', 'print one JSON result object on stdout').conflicts('raw'))
        .option('--raw', 'print only the function payload on stdout, byte for byte')
        .option('--endpoint <url>', 'send to this scheme://host[:port] instead of the provider default')
        .option('--allow-insecure-http', 'allow a plain http:// endpoint that is not loopback')
        .option('--timeout <ms>', 'give up after this many milliseconds (default: 60000)')
        .option('--local', 'run against the built-in emulator, started in-process with demo credentials')
        .option('--account-id <id>', 'Alibaba Cloud account id (FC 3.0 / FC 2.0 endpoint)')
        .option('--service <name>', 'Alibaba FC 2.0 service name')
        .option('--project-id <id>', 'Huawei Cloud project id')
        .option('--task-id <id>', 'async task id (Alibaba FC), makes async invocations idempotent')
        .option('--token <token>', 'Huawei IAM token, sent as X-Auth-Token (prefer HUAWEICLOUD_AUTH_TOKEN)')
        .option('--signature-method <method>', 'Tencent legacy v2 signature: HmacSHA256 (default) or HmacSHA1')
        .option('-o, --output-file <path>', 'write the payload to this file, byte for byte; the summary still prints')
        .option('--query <path>', 'print only this part of the JSON result, e.g. result.items[0].id or metrics.durationMs')
        .option('--dry-run', 'build and sign the request, print it as a curl command (or JSON with --json), send nothing')
        .addOption(new Option('--dry-run-unredacted', 'test only: --dry-run without redaction').hideHelp())
        .option('--events-file <path>', "batch: one invocation per line of an NDJSON file ('-' for stdin)")
        .option('--repeat <n>', 'batch: invoke the same event n times')
        .option('--concurrency <n>', 'batch: invocations in flight at once (default: 8)')
        .option('--unordered', 'batch: print results as they complete, not in input order')
        .option('--retries <n>', 'retries of throttled or never-sent requests (default: 2)')
        .option('--retry-unsafe', 'also retry sync invocations that may have reached the function')
        .option('--deadline <ms>', 'give up on all attempts (and the whole batch) after this many milliseconds')
        .option('--profile <name>', 'use this profile of the config file (default: FCINVOKE_PROFILE, then "default")')
        .option('--config <path>', 'use this config file only (default: FCINVOKE_CONFIG, then the search)')
        .option('--debug', 'trace the request and response on stderr (secrets redacted), and show stack traces')
        .option('--no-color', 'no colour on stderr or stdout')
        .addHelpText('after', () => invokeHelpFooter(exitCodes))
        .action(async (first: string, second: string | undefined, flags: InvokeFlags, self: Command) => {
          const explicit = new Set(Object.keys(flags).filter((name) => self.getOptionValueSource(name) === 'cli'));
          // Lazy: the invoke command's modules are loaded only when it runs.
          const { runInvoke } = await import('./commands/invoke.js');
          setExitCode(await runInvoke(first, second, flags, io, explicit));
        }),
  },
  {
    name: 'emulator',
    description: "run a local server that speaks the providers' invoke APIs and checks signatures",
    define: (command, { io, setExitCode }) =>
      command
        .option('-p, --port <port>', 'port to listen on (0 picks a free one)', '9000')
        .option('--host <host>', 'address to listen on', '127.0.0.1')
        .option('--functions <dir>', 'directory of handler files, one JS module per function')
        .option('--faults <spec>', 'inject faults into responses (see docs/emulator.md)')
        .option('--seed <n>', 'seed for the fault plan, so a run can be repeated exactly')
        .action(async (flags: EmulatorFlags) => {
          // Lazy: the emulator is never loaded by `invoke` against a real cloud.
          const { runEmulator } = await import('./commands/emulator.js');
          setExitCode(await runEmulator(flags, io));
        }),
  },
  {
    name: 'config',
    description: 'see and check configuration: files, profiles, credentials',
    define: (config, { io, setExitCode }) => {
      const configOptions = (command: Command) =>
        command.option('--config <path>', 'use this config file only').option('--profile <name>', 'select this profile');
      configOptions(config.command('path').description('list the config files found, in the order they apply')).action(
        async (flags: ConfigFlags) => {
          const { runConfigPath } = await import('./commands/config.js');
          setExitCode(await runConfigPath(flags, io));
        },
      );
      configOptions(
        config
          .command('list')
          .description('list profiles with provider and region; * marks the selected one')
          .addOption(new Option('--names', 'only the profile names, one per line (for completion)').hideHelp()),
      ).action(async (flags: ConfigFlags) => {
        const { runConfigList } = await import('./commands/config.js');
        setExitCode(await runConfigList(flags, io));
      });
      configOptions(
        config
          .command('show')
          .description('show the resolved profile: every value with its source, secrets masked')
          .argument('[profile]', 'the profile to show (default: the selected one)')
          .option('--json', 'print it as JSON'),
      ).action(async (profile: string | undefined, flags: ConfigFlags) => {
        const { runConfigShow } = await import('./commands/config.js');
        setExitCode(await runConfigShow(profile, flags, io));
      });
      configOptions(
        config
          .command('validate')
          .description('check config files against the schema (exit 0 when valid, 2 when not)')
          .argument('[file]', 'the file to check (default: the files found)'),
      ).action(async (file: string | undefined, flags: ConfigFlags) => {
        const { runConfigValidate } = await import('./commands/config.js');
        setExitCode(await runConfigValidate(file, flags, io));
      });
      config
        .command('schema')
        .description('print the JSON Schema of the config file, for editors')
        .action(async () => {
          const { runConfigSchema } = await import('./commands/config.js');
          setExitCode(await runConfigSchema(io));
        });
    },
  },
  {
    name: 'providers',
    description: 'list the providers with their aliases, identifiers and credential variables',
    define: (command, { io, setExitCode }) =>
      command.option('--json', 'print them as JSON').action(async (flags: { json?: boolean }) => {
        const { runProviders } = await import('./commands/providers.js');
        setExitCode(runProviders(flags, io));
      }),
  },
  {
    name: 'completion',
    description: 'print a shell completion script',
    define: (command, { io, program }) =>
      command.argument('<shell>', 'bash, zsh or fish').action(async (shell: string) => {
        // Lazy: completion scripts are generated only on request.
        const { completionModel, completionScript } = await import('./completion.js');
        io.stdout.write(completionScript(shell, completionModel(program)));
      }),
  },
  {
    name: 'schema',
    description: 'print the JSON Schema of an output format',
    define: (command, { io }) =>
      command.argument('<name>', "'result': the --json invocation result").action(async (name: string) => {
        if (name !== 'result') {
          const { UsageError } = await import('../core/errors.js');
          throw new UsageError(`unknown schema '${name}': the schemas are: result`);
        }
        // Lazy: zod is loaded only here, never on the invoke path.
        const { resultJsonSchema } = await import('../core/result-schema.js');
        io.stdout.write(`${JSON.stringify(resultJsonSchema(), null, 2)}\n`);
      }),
  },
];

function invokeHelpFooter(exitCodes: typeof EXIT_CODE_DESCRIPTIONS): string {
  return [
    '',
    'Examples:',
    '  Try it with no account, against the built-in emulator:',
    '  $ fcinvoke invoke tencent hello --local --event \'{"name":"Ada"}\'',
    '',
    '  Tencent SCF API 3.0 (TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY):',
    '  $ fcinvoke invoke tencent hello --region ap-guangzhou -e \'{"name":"Ada"}\'',
    '  Tencent legacy v2 API:',
    '  $ fcinvoke invoke tencent-v2 hello --region ap-guangzhou --async',
    '  Alibaba FC 3.0 (ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET):',
    '  $ fcinvoke invoke aliyun hello --region cn-hangzhou --account-id 1234567890123456 -q LATEST',
    '  Alibaba FC 2.0:',
    '  $ fcinvoke invoke fc2 my-service/hello --region cn-hangzhou --account-id 1234567890123456',
    '  Huawei FunctionGraph (HUAWEICLOUD_SDK_AK / _SK):',
    "  $ fcinvoke invoke huawei hello --region cn-north-4 --project-id 0123456789abcdef0123456789abcdef -q '!prod'",
    '',
    '  For scripts: one JSON result, or one value of it:',
    '  $ fcinvoke invoke scf hello --region ap-guangzhou --json | jq .result',
    '  $ fcinvoke invoke scf hello --region ap-guangzhou --query metrics.billedDurationMs',
    exitCodeHelp(exitCodes),
  ].join('\n');
}

function exitCodeHelp(exitCodes: typeof EXIT_CODE_DESCRIPTIONS): string {
  return ['', 'Exit codes:', ...exitCodes.map(([code, text]) => `  ${String(code).padStart(3)}  ${text}`)].join('\n');
}

/** Help and version are a normal end; any other commander error is one `error:` line and exit 2. */
function commanderExit(error: CommanderError, io: Io): ExitCode {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
    return OK;
  }
  // One line: commander puts its "did you mean" on a second line.
  const text = error.message.replace(/\s*\n\s*/g, ' ').trim();
  io.stderr.write(`${text.startsWith('error:') ? text : `error: ${text}`}\n`);
  return USAGE;
}
