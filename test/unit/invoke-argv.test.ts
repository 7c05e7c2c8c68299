/**
 * The invoke command line's fast path (cli/invoke-argv.ts) against commander: whatever the fast path accepts,
 * commander parses to the same arguments, flags and explicit options; what it leaves to commander includes every
 * command line commander refuses, so no error is reported differently. Property-tested over command lines made of
 * every option in every form, with the values that matter (empty, '-', dash-led, outside the choices).
 */
import { Command, CommanderError } from 'commander';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineCommands } from '../../src/cli/definitions.js';
import type { Io } from '../../src/cli/io.js';
import { parseInvokeArgv, type ParsedInvoke } from '../../src/cli/invoke-argv.js';
import { INVOKE_OPTIONS } from '../../src/cli/invoke-options.js';
import { COMMANDS } from '../../src/cli/main.js';
import { runMain } from '../helpers/cli.js';

type Commanded = { parsed: ParsedInvoke } | { error: string };

const quiet: Io['stdout'] = { write: () => undefined, isTTY: false };
const io = { stdout: quiet, stderr: quiet } as unknown as Io;

/** What commander makes of `argv`: the invoke action's arguments, or its error (help counts as one). */
async function commanderParse(argv: readonly string[]): Promise<Commanded> {
  const program = new Command('fcinvoke')
    .version('0.0.0', '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined, outputError: () => undefined });
  defineCommands(program, COMMANDS, ['invoke'], { io, program, setExitCode: () => undefined });
  let parsed: ParsedInvoke | undefined;
  program.commands
    .find((command) => command.name() === 'invoke')!
    .action((first: string, second: string | undefined, flags: ParsedInvoke['flags'], self: Command) => {
      const explicit = new Set(Object.keys(flags).filter((name) => self.getOptionValueSource(name) === 'cli'));
      parsed = { first, second, flags: { ...flags }, explicit };
    });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return { error: error.code };
    if (error instanceof Error) return { error: error.message };
    throw error;
  }
  return parsed === undefined ? { error: 'no action' } : { parsed };
}

const longs = INVOKE_OPTIONS.map((spec) => /--[a-z-]+/.exec(spec.flags)![0]);
const shorts = INVOKE_OPTIONS.flatMap((spec) => /^-[a-zA-Z]\b/.exec(spec.flags)?.[0] ?? []);
const values = ['{"name":"Ada"}', 'hello', '', ' ', '-', '-x', '--json', 'v0', 'v1', 'v2', '5', 'a=b', 'tencent'];

const token = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('tencent', 'scf', 'hello', 'svc/fn', 'a b', '-') },
  { weight: 6, arbitrary: fc.constantFrom(...longs) },
  { weight: 2, arbitrary: fc.constantFrom(...shorts) },
  { weight: 4, arbitrary: fc.constantFrom(...values) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...longs), fc.constantFrom(...values)).map(([name, value]) => `${name}=${value}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...shorts), fc.constantFrom('{}', 'x', 'q')).map(([name, value]) => `${name}${value}`) },
  { weight: 1, arbitrary: fc.constantFrom('--', '-h', '--help', '-V', '--version', '--nope', '-z', '--log', '--color', '-eq', '--no-json') },
);

/** Command lines that parse most of the time: an option's value follows it. */
const plainToken = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('tencent', 'hello', '-').map((word) => [word]) },
  {
    weight: 5,
    arbitrary: fc.constantFrom(...INVOKE_OPTIONS).chain((spec): fc.Arbitrary<string[]> => {
      const long = /--[a-z-]+/.exec(spec.flags)![0];
      const short = /^-[a-zA-Z]\b/.exec(spec.flags)?.[0];
      if (!spec.flags.includes('<')) return fc.constant([long]);
      const value = spec.choices === undefined ? fc.constantFrom('{"a":1}', 'x', '5', 'a b', '-') : fc.constantFrom(...spec.choices);
      return fc.tuple(fc.constantFrom(...[long, ...(short === undefined ? [] : [short])]), value, fc.boolean()).map(([name, text, joined]) =>
        joined && name.startsWith('--') ? [`${name}=${text}`] : [name, text],
      );
    }),
  },
);

async function check(argv: string[]): Promise<'fast' | 'commander'> {
  const fast = parseInvokeArgv(argv);
  if (fast === undefined) return 'commander';
  const commanded = await commanderParse(argv);
  expect(commanded, argv.join(' ')).toEqual({ parsed: fast });
  return 'fast';
}

describe('parseInvokeArgv', () => {
  it('reads the plain forms as commander does', async () => {
    const cases = [
      ['invoke', 'tencent', 'hello', '-e', '{"name":"Ada"}'],
      ['invoke', 'scf', 'hello', '--event={"a":1}', '--json', '--no-log', '--no-color'],
      ['invoke', 'hello', '--region', 'ap-guangzhou', '-q', 'LATEST', '--repeat', '3', '--concurrency', '2'],
      ['invoke', 'huawei', 'fn', '--request-version', 'v0', '--token-file', '-', '--async'],
      ['invoke', 'tencent', '--dry-run', 'hello', '-f', '-', '--dry-run-unredacted', '--debug'],
      ['invoke', 'tencent', 'hello', '--json', '--json', '--region', 'a', '--region', 'b'],
    ];
    for (const argv of cases) expect(await check(argv), argv.join(' ')).toBe('fast');
    expect(parseInvokeArgv(cases[2]!)).toEqual({
      first: 'hello',
      second: undefined,
      flags: { log: true, color: true, region: 'ap-guangzhou', qualifier: 'LATEST', repeat: '3', concurrency: '2' },
      explicit: new Set(['region', 'qualifier', 'repeat', 'concurrency']),
    });
    expect(parseInvokeArgv(cases[1]!)?.flags).toMatchObject({ log: false, color: false, json: true, event: '{"a":1}' });
  });

  it('leaves to commander what commander refuses or reads in its own way', async () => {
    const cases = [
      ['invoke'],
      ['invoke', 'a', 'b', 'c'],
      ['invoke', 'tencent', 'hello', '--help'],
      ['invoke', 'tencent', 'hello', '-h'],
      ['invoke', 'tencent', 'hello', '--nope'],
      ['invoke', 'tencent', 'hello', '--jsn'],
      ['invoke', 'tencent', 'hello', '-e'],
      ['invoke', 'tencent', 'hello', '-e', ''],
      ['invoke', 'tencent', 'hello', '--region', '  '],
      ['invoke', 'tencent', 'hello', '--region='],
      ['invoke', 'tencent', 'hello', '--timeout', '-5'],
      ['invoke', 'tencent', 'hello', '-e{}'],
      ['invoke', 'tencent', 'hello', '--json=yes'],
      ['invoke', 'tencent', 'hello', '--json', '--raw'],
      ['invoke', 'tencent', 'hello', '--local', '--endpoint', 'http://127.0.0.1:1'],
      ['invoke', 'huawei', 'fn', '--token', 't', '--token-file', 'f'],
      ['invoke', 'huawei', 'fn', '--request-version', 'v2'],
      ['invoke', 'tencent', '--', 'hello'],
      ['invoke', 'tencent', 'hello', '--log'],
      ['--debug', 'invoke', 'tencent', 'hello'],
    ];
    for (const argv of cases) expect(parseInvokeArgv(argv), argv.join(' ')).toBeUndefined();
    // Each goes to commander, which refuses it (most) or reads it in its own way (`-e{}`, `--timeout -5`).
    expect(await commanderParse(['invoke', 'tencent', 'hello', '--json', '--raw'])).toEqual({ error: 'commander.conflictingOption' });
    expect(await commanderParse(['invoke', 'tencent', 'hello', '-e', ''])).toMatchObject({ error: expect.stringContaining('empty') });
  });

  it('agrees with commander on any command line it accepts (fuzzed)', async () => {
    let fast = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 8 }), async (tokens) => {
        if ((await check(['invoke', ...tokens])) === 'fast') fast += 1;
      }),
      { numRuns: 400 },
    );
    let plain = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(plainToken, { minLength: 1, maxLength: 6 }), async (parts) => {
        if ((await check(['invoke', ...parts.flat()])) === 'fast') plain += 1;
      }),
      { numRuns: 300 },
    );
    // The property is not vacuous: the random lines reach the fast path, the plain ones mostly.
    expect(fast).toBeGreaterThan(0);
    expect(plain).toBeGreaterThan(100);
  });
});

describe('the fast path through main', () => {
  // '-e{…}' (a value joined to a short option) is left to commander, which reads it as '-e {…}': the same
  // invocation through each path.
  const fastLine = (provider: string) => ['invoke', provider, 'hello', '--local', '-e', '{"name":"Ada"}', '--json'];
  const commanderLine = (provider: string) => ['invoke', provider, 'hello', '--local', '-e{"name":"Ada"}', '--json'];

  it('gives the same result and exit code as commander', async () => {
    expect(parseInvokeArgv(fastLine('tencent'))).toBeDefined();
    expect(parseInvokeArgv(commanderLine('tencent'))).toBeUndefined();
    const viaFast = await runMain(fastLine('tencent'));
    const viaCommander = await runMain(commanderLine('tencent'));
    expect(viaFast.code).toBe(0);
    expect(viaCommander.code).toBe(0);
    const stable = (stdout: string) => {
      const { requestId: _r, functionRequestId: _f, metrics: _m, ...rest } = JSON.parse(stdout) as Record<string, unknown>;
      return rest;
    };
    expect(stable(viaFast.stdout)).toEqual(stable(viaCommander.stdout));
    expect(JSON.parse(viaFast.stdout).result).toEqual({ message: 'Hello, Ada!' });
  });

  it('reports an error from the command exactly as commander’s path does', async () => {
    const viaFast = await runMain(fastLine('nosuch'));
    const viaCommander = await runMain(commanderLine('nosuch'));
    expect(viaFast.code).toBe(2);
    expect(viaFast.stderr).toMatch(/^error: /);
    expect(viaFast).toEqual(viaCommander);
  });
});
