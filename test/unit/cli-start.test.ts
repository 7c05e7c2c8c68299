/**
 * What the CLI defines and loads at start: only the command on the command line is defined in full (the help and
 * errors stay as if every command were), `--version` loads no module shared with the commands, and the V8 hook
 * for a one-shot process runs just before a single invocation's request, never for a batch or a dry run.
 */
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOptions } from '../../scripts/build.mjs';
import { inputsOf, normalizeInput, staticClosure } from '../../scripts/bundle-graph.mjs';
import { commandsToDefine } from '../../src/cli/main.js';
import { runMain } from '../helpers/cli.js';

describe('commandsToDefine', () => {
  it('defines the command named on the command line', () => {
    expect(commandsToDefine(['invoke', 'tencent', 'hello', '-e', '{}'])).toBe('invoke');
    expect(commandsToDefine(['config', 'show', '--json'])).toBe('config');
    expect(commandsToDefine(['emulator', '--port', '0'])).toBe('emulator');
    expect(commandsToDefine(['invoke', '--help'])).toBe('invoke');
  });

  it('defines none for --version alone', () => {
    expect(commandsToDefine(['--version'])).toBeUndefined();
    expect(commandsToDefine(['-V'])).toBeUndefined();
  });

  it('defines all when help, completion or an unknown word may list them', () => {
    for (const argv of [[], ['--help'], ['-h'], ['-h', 'invoke'], ['--help', '-V'], ['help'], ['help', 'invoke'], ['completion', 'bash'], ['invok'], ['-x']]) {
      expect(commandsToDefine(argv), argv.join(' ')).toBe('all');
    }
  });
});

describe('help and errors with one command defined', () => {
  for (const command of ['invoke', 'emulator', 'config', 'providers', 'completion', 'schema']) {
    it(`prints the same help for '${command} --help' as for 'help ${command}' (every command defined)`, async () => {
      const one = await runMain([command, '--help']);
      const all = await runMain(['help', command]);
      expect(one.code).toBe(0);
      expect(one.stdout).toContain(`Usage: fcinvoke ${command}`);
      expect(one.stdout).toBe(all.stdout);
    });
  }

  it("lists every command with its arguments in the program's help, however it is asked for", async () => {
    const help = await runMain(['--help']);
    expect(help.stdout).toContain('invoke [options] <provider> [function]');
    expect(help.stdout).toContain('completion <shell>');
    expect(help.stdout).toContain('Exit codes:');
    expect((await runMain(['-h', 'invoke'])).stdout).toBe(help.stdout);
  });

  it('suggests a command for a typo, with exit 2 and one line', async () => {
    const run = await runMain(['invok', 'tencent', 'hello']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: unknown command 'invok' \(Did you mean invoke\?\)\n$/);
  });
});

describe('what --version loads', () => {
  let metafile: Metafile;
  beforeAll(async () => {
    metafile = (await build({ ...buildOptions({ outdir: 'dist' }), write: false })).metafile!;
  }, 60_000);

  it('only the process entry, main and io from src/, with commander', () => {
    const start = staticClosure(metafile, ['dist/cli.js']);
    const inputs = inputsOf(metafile, start).map(normalizeInput);
    expect(inputs.filter((input) => input.startsWith('src/'))).toEqual(['src/cli.ts', 'src/cli/io.ts', 'src/cli/main.ts']);
    expect(new Set(inputs.filter((input) => input.startsWith('node_modules/')).map((input) => input.split('/')[1]))).toEqual(
      new Set(['commander']),
    );
  });
});

describe('the one-shot hook', () => {
  const local = ['invoke', 'tencent', 'hello', '--local', '-e', '{"name":"Ada"}'];

  it('runs once, before the request, for a single invocation', async () => {
    let calls = 0;
    const run = await runMain(local, { beforeSingleRequest: () => void (calls += 1) });
    expect(run.code).toBe(0);
    expect(calls).toBe(1);
  });

  it('does not run for a batch or a dry run', async () => {
    let calls = 0;
    const hook = () => void (calls += 1);
    expect((await runMain([...local, '--repeat', '3', '--json'], { beforeSingleRequest: hook })).code).toBe(0);
    expect((await runMain([...local, '--dry-run'], { beforeSingleRequest: hook })).code).toBe(0);
    expect(calls).toBe(0);
  });
});
