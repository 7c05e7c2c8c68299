/**
 * The arguments, options and actions of fcinvoke's commands, loaded only when a command runs or help is shown
 * (cli/main.ts defines each command's name and summary, which is all `--version` needs).
 */
import type { Command } from 'commander';
import { EXIT_CODE_DESCRIPTIONS, UsageError, type ExitCode } from '../core/errors.js';
import { providerNames } from '../providers/registry.js';
import type { Io } from './io.js';
import type { CommandName, ConfigFlags, EmulatorFlags, InvokeFlags } from './flags.js';
import { runInvokeCommand } from './invoke-argv.js';
import { INVOKE_OPTIONS } from './invoke-options.js';

/** What a command's definition needs. */
export interface DefineContext {
  io: Io;
  program: Command;
  setExitCode: (code: ExitCode) => void;
}

/**
 * Adds `commands` to `program`, with the arguments, options and action of those named in `defining`. (The list
 * comes from main rather than an import of it, which would make esbuild move main and commander out of the
 * start file into a chunk of their own.)
 */
export function defineCommands(
  program: Command,
  commands: ReadonlyArray<{ name: CommandName; description: string }>,
  defining: readonly CommandName[],
  context: DefineContext,
): void {
  program.addHelpText('after', exitCodeHelp);
  // Before any command runs: an option given an empty value is an error, never a silent default.
  program.hook('preAction', async (_program, action) => {
    for (const option of action.options) {
      const key = option.attributeName();
      const value: unknown = action.getOptionValue(key);
      if (typeof value !== 'string' || value.trim() !== '' || action.getOptionValueSource(key) !== 'cli') continue;
      // With --raw-event an empty -e is an empty body, asked for (bytes are sent as they are).
      if (key === 'event' && action.getOptionValue('rawEvent') === true) continue;
      // Lazy: the parsers load only when there is something to refuse.
      const { refuseEmpty } = await import('./options.js');
      refuseEmpty(value, option.long ?? option.flags);
    }
  });
  for (const { name, description } of commands) {
    const command = program.command(name).description(description);
    if (defining.includes(name)) DEFINITIONS[name](command, context);
  }
}

const DEFINITIONS: Record<CommandName, (command: Command, context: DefineContext) => void> = {
  invoke: (command, { io, setExitCode }) => {
    command
      .usage('[provider] <function> [options]')
      .argument('<provider>', `one of: ${providerNames().join(', ')} (may be left out when the profile sets one)`)
      .argument('[function]', 'the function name (FC 2.0: service/function; FunctionGraph: name or URN)');
    // The options are a table (cli/invoke-options.ts) that the command line's fast path reads too.
    for (const spec of INVOKE_OPTIONS) {
      const option = command.createOption(spec.flags, spec.description);
      if (spec.conflicts !== undefined) option.conflicts([...spec.conflicts]);
      if (spec.choices !== undefined) option.choices(spec.choices);
      if (spec.hidden === true) option.hideHelp();
      command.addOption(option);
    }
    command.addHelpText('after', invokeHelpFooter).action(async (first: string, second: string | undefined, flags: InvokeFlags, self: Command) => {
      const explicit = new Set(Object.keys(flags).filter((name) => self.getOptionValueSource(name) === 'cli'));
      setExitCode(await runInvokeCommand({ first, second, flags, explicit }, io));
    });
  },
  emulator: (command, { io, setExitCode }) =>
    command
      .option('-p, --port <port>', 'port to listen on (0 picks a free one)', '9000')
      .option('--host <host>', 'address to listen on', '127.0.0.1')
      .option('--functions <dir>', 'directory of handler files, one JS module per function')
      .option('--faults <spec>', 'inject faults into responses (see docs/emulator.md)')
      .option('--seed <n>', 'seed for the fault plan, so a run can be repeated exactly')
      .option('--print-oidc-token', "print a demo OIDC token the emulator's STS and IAM accept, and exit (no server)")
      .option('--oidc-subject <subject>', 'with --print-oidc-token: the token\'s sub claim (default: repo:example/app:ref:refs/heads/main)')
      .option('--oidc-ttl <seconds>', 'with --print-oidc-token: seconds until the token expires, 1 to 86400 (default: 3600)')
      .action(async (flags: EmulatorFlags) => {
        // Lazy: the emulator is never loaded by `invoke` against a real cloud.
        const { runEmulator } = await import('./commands/emulator.js');
        setExitCode(await runEmulator(flags, io));
      }),
  config: (config, { io, setExitCode }) => {
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
        .addOption(config.createOption('--names', 'only the profile names, one per line (for completion)').hideHelp()),
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
  providers: (command, { io, setExitCode }) =>
    command.option('--json', 'print them as JSON').action(async (flags: { json?: boolean }) => {
      const { runProviders } = await import('./commands/providers.js');
      setExitCode(runProviders(flags, io));
    }),
  completion: (command, { io, program }) =>
    command.argument('<shell>', 'bash, zsh or fish').action(async (shell: string) => {
      // Lazy: completion scripts are generated only on request.
      const { completionModel, completionScript } = await import('./completion.js');
      io.stdout.write(completionScript(shell, completionModel(program)));
    }),
  schema: (command, { io }) =>
    command
      .argument('<name>', "'result': the --json invocation result; 'batch-line': one line of --json batch output")
      .action(async (name: string) => {
        // Lazy: zod is loaded only here, never on the invoke path.
        const { JSON_SCHEMAS, jsonSchema } = await import('../output/result-schema.js');
        if (!Object.hasOwn(JSON_SCHEMAS, name)) {
          throw new UsageError(`unknown schema '${name}': the schemas are: ${Object.keys(JSON_SCHEMAS).join(', ')}`);
        }
        io.stdout.write(`${JSON.stringify(jsonSchema(name as keyof typeof JSON_SCHEMAS), null, 2)}\n`);
      }),
};

function invokeHelpFooter(): string {
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
    '  Open Telekom Cloud FunctionGraph (OTC_SDK_AK / _SK, or clouds.yaml with OS_CLOUD):',
    '  $ fcinvoke invoke otc hello --region eu-de --project-id 0123456789abcdef0123456789abcdef',
    '',
    '  For scripts: one JSON result, or one value of it:',
    '  $ fcinvoke invoke scf hello --region ap-guangzhou --json | jq .result',
    '  $ fcinvoke invoke scf hello --region ap-guangzhou --query metrics.billedDurationMs',
    exitCodeHelp(),
  ].join('\n');
}

function exitCodeHelp(): string {
  return ['', 'Exit codes:', ...EXIT_CODE_DESCRIPTIONS.map(([code, text]) => `  ${String(code).padStart(3)}  ${text}`)].join('\n');
}

