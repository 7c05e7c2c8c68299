/**
 * Builds the commander program and runs it. `main` never exits the process: it returns the exit code, so tests
 * can call it with a captured {@link Io}.
 */
import { Command, CommanderError } from 'commander';
import type { EXIT_CODES, ExitCode } from '../core/errors.js';
import type { CommandName } from './flags.js';
import { signalName, type Io } from './io.js';

// This module and src/cli.ts are all `fcinvoke --version` loads: the modules that every command shares (errors,
// the provider registry…) are imported when a command needs them, since each file the CLI loads at start costs
// ~0.5 ms (docs/performance.md). The two exit codes main returns itself are checked against EXIT_CODES by tsc.
const OK: (typeof EXIT_CODES)['ok'] = 0;
const USAGE: (typeof EXIT_CODES)['usage'] = 2;
const INTERRUPTED: (typeof EXIT_CODES)['interrupted'] = 130;
const TERMINATED: (typeof EXIT_CODES)['terminated'] = 143;

const VERSION = '0.1.0';

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<ExitCode> {
  let exitCode: ExitCode = OK;
  const debug = argv.includes('--debug');
  const define = commandsToDefine(argv);
  if (define === 'invoke' && !argv.includes('--help') && !argv.includes('-h')) preloadInvoke(argv);
  try {
    // `invoke` in a plain form is read without commander (cli/invoke-argv.ts); any other command line, help and
    // errors included, goes through commander.
    const fast = define === 'invoke' ? await import('./invoke-argv.js') : undefined;
    const parsed = fast?.parseInvokeArgv(argv);
    if (fast !== undefined && parsed !== undefined) exitCode = await fast.runInvokeCommand(parsed, io);
    else {
      const program = await buildProgram(io, define, (code) => {
        exitCode = code;
      });
      await program.parseAsync([...argv], { from: 'user' });
    }
  } catch (error) {
    if (error instanceof CommanderError) exitCode = commanderExit(error, io);
    else {
      const { reportError } = await import('./report-error.js');
      exitCode = reportError(error, io, debug);
    }
  }
  if (exitCode === INTERRUPTED && signalName(io.signal) === 'SIGTERM') exitCode = TERMINATED;
  return finishOutput(exitCode, io, debug);
}

/**
 * Waits for stdout to take everything written (a pipe or file completes writes later, and reports its errors
 * later), then reports a failed write: one `error:` line and exit 74, unless the exit code already says more
 * (a signal). A reader that closed the pipe (EPIPE) is quiet and leaves the exit code alone.
 */
async function finishOutput(exitCode: ExitCode, io: Io, debug: boolean): Promise<ExitCode> {
  await io.stdout.flush?.();
  const failure = io.stdout.failure;
  if (failure === undefined || failure.closed) return exitCode;
  const [{ reportError }, { OutputError }, { describeFsError }] = await Promise.all([
    import('./report-error.js'),
    import('../core/errors.js'),
    import('./fs-errors.js'),
  ]);
  const code = reportError(new OutputError(`cannot write to standard output: ${describeFsError(failure.code)}`), io, debug);
  return exitCode > code ? exitCode : code;
}

/**
 * Starts loading the invoke command's modules, and the provider named after `invoke`, before the command line is
 * parsed (by the fast path or commander): reading the files overlaps with the parsing and with each other instead
 * of following it (loading them after the fast path's own module cost one invocation ~5 ms). The
 * command imports the same modules when it runs, and gets these; a provider wrongly guessed (a function named like
 * a provider, with the provider from the profile) is only loaded, never used. Errors surface when the command
 * imports the module itself.
 */
function preloadInvoke(argv: readonly string[]): void {
  const ignore = () => undefined;
  import('./commands/invoke.js').catch(ignore);
  const name = argv[argv.indexOf('invoke') + 1];
  if (name !== undefined && !name.startsWith('-')) preloadProvider(name);
}

/** Starts loading the provider called `name`, if one is; a failure shows when it is used. */
function preloadProvider(name: string): void {
  import('../providers/registry.js')
    .then(({ findProvider }) => findProvider(name)?.load())
    .catch(() => undefined);
}

/** The top-level commands and their summaries, in help order. Their arguments and options: cli/definitions.ts. */
export const COMMANDS = [
  { name: 'invoke', description: 'invoke a function once and print its result' },
  { name: 'emulator', description: "run a local server that speaks the providers' invoke APIs and checks signatures" },
  { name: 'config', description: 'see and check configuration: files, profiles, credentials' },
  { name: 'providers', description: 'list the providers with their aliases, identifiers and credential variables' },
  { name: 'completion', description: 'print a shell completion script' },
  { name: 'schema', description: 'print the JSON Schema of an output format' },
] as const satisfies ReadonlyArray<{ name: CommandName; description: string }>;

// Every CommandName is listed, and nothing else: checked by tsc.
const _allCommands: [Exclude<CommandName, (typeof COMMANDS)[number]['name']>] extends [never] ? true : false = true;
void _allCommands;

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
  return first === 'help' || first === 'completion' || !COMMANDS.some((command) => command.name === first) ? 'all' : first;
}

async function buildProgram(
  io: Io,
  define: 'all' | string | undefined,
  setExitCode: (code: ExitCode) => void,
): Promise<Command> {
  const program = new Command('fcinvoke')
    .description('Invoke serverless functions on Tencent SCF, Alibaba Function Compute, Huawei FunctionGraph and the Open Telekom Cloud')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Errors are printed once, by main, in our one-line format.
      outputError: () => undefined,
    });
  const defining = COMMANDS.filter((command) => define === 'all' || define === command.name).map((command) => command.name);
  if (defining.length === 0) {
    for (const command of COMMANDS) program.command(command.name).description(command.description);
    return program;
  }
  // Lazy: the definitions, with what they need (the errors module, the provider registry), load only when a
  // command runs or help is shown.
  const { defineCommands } = await import('./definitions.js');
  defineCommands(program, COMMANDS, defining, { io, program, setExitCode });
  return program;
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
