#!/usr/bin/env node
/**
 * `npm run bench:levers`: what each start-up lever buys. Builds the CLI once per variant, each with one lever
 * taken away, and times `--version` and one `invoke` against a running emulator for all variants round-robin.
 * Prints a table of medians and their difference to the full build; writes bench/levers.json.
 *
 * Variants: the full build; no code splitting (one bundle); no bundle at all (tsc's per-file output, packages
 * resolved from node_modules at run time); each esbuild lever of scripts/build.mjs off; no --liftoff-only;
 * --liftoff-only set by the shim at start, or on the command line, instead of just before the request; every
 * command's options defined at start; the command definitions (with errors and the registry) imported at start. And two
 * levers measured and not kept, added back: exiting as soon as stdout and stderr are flushed, and importing Node
 * built-ins through require() instead of ESM facades.
 *
 * Options: --runs N (default 15), --inherit-env (time with this shell's environment instead of a clean one).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildFiles, LEVERS } from '../scripts/build.mjs';
import { formatNumber, progress, renderTable, ROOT, startServerProcess, stats, timeProcesses } from './lib.mjs';

const { values: options } = parseArgs({
  options: { runs: { type: 'string', default: '15' }, 'inherit-env': { type: 'boolean', default: false } },
});
const RUNS = Number(options.runs);
const NODE = process.execPath;
const scratch = mkdtempSync(join(tmpdir(), 'fcinvoke-levers-'));
const env = {
  ...(options['inherit-env'] ? process.env : { PATH: process.env.PATH }),
  HOME: scratch,
  TENCENTCLOUD_SECRET_ID: 'AKIDfcinvokeDEMO00000000000000000000',
  TENCENTCLOUD_SECRET_KEY: 'fcinvokeDEMOsecretKEY000000000000',
  TENCENTCLOUD_REGION: 'ap-guangzhou',
};
const SHIM = readFileSync(join(ROOT, 'bin/fcinvoke.js'), 'utf8');
const CLI_TS = /[\\/]src[\\/]cli\.ts$/;
const MAIN_TS = /[\\/]src[\\/]cli[\\/]main\.ts$/;
/** src/cli.ts hands main the hook that sets --liftoff-only just before a single invocation's request. */
const LIFTOFF_HOOK = /processIo\(controller\.signal, liftoffOnly\)/;
/** The shim as it was: the flag set at start, before the CLI loads, for single invocations. */
const SHIM_LIFTOFF = `if (process.argv.includes('invoke') && !process.argv.some((arg) => /^--(repeat|events-file)(=|$)/.test(arg))) {
  module.createRequire(import.meta.url)('node:v8').setFlagsFromString('--liftoff-only');
}
await import('../dist/cli.js');`;
const SHIM_IMPORT = /^await import\('\.\.\/dist\/cli\.js'\);$/m;
/** Appended to src/cli.ts for the "+ exit when flushed" variants. */
const FAST_EXIT = `
await new Promise((resolve) => process.stdout.write('', () => resolve()));
await new Promise((resolve) => process.stderr.write('', () => resolve()));
process.exit();
`;

/** Each variant: how to build it, the shim it gets, and extra node flags. */
const VARIANTS = [
  { name: 'full build', detail: 'every lever on' },
  { name: 'one bundle', detail: 'no code splitting: every command parsed at start', esbuild: { splitting: false, chunkNames: undefined } },
  { name: 'no bundle', detail: "tsc's per-file output, packages from node_modules", tsc: true },
  { name: 'full undici', detail: `without ${LEVERS.undiciSlim}`, disable: [LEVERS.undiciSlim] },
  { name: 'eager http2/child_process', detail: `without ${LEVERS.lazyBuiltins}`, disable: [LEVERS.lazyBuiltins] },
  { name: 'not minified', detail: `without ${LEVERS.minify}`, disable: [LEVERS.minify] },
  { name: 'small chunks unmerged', detail: `without ${LEVERS.mergeChunks}`, disable: [LEVERS.mergeChunks] },
  { name: 'no --liftoff-only', detail: 'V8 flags left alone', extraPlugins: () => [noLiftoffPlugin()] },
  {
    name: '--liftoff-only at start',
    detail: 'set by the shim before the CLI loads',
    shim: (text) => assertReplace(text, SHIM_IMPORT, SHIM_LIFTOFF),
    extraPlugins: () => [noLiftoffPlugin()],
  },
  {
    name: '--liftoff-only on node',
    detail: 'flag on the command line',
    extraPlugins: () => [noLiftoffPlugin()],
    nodeFlags: ['--liftoff-only'],
  },
  {
    name: 'every command defined',
    detail: "all commands' options built at start",
    extraPlugins: () => [
      sourcePlugin(MAIN_TS, (text) => assertReplace(text, /COMMANDS\.filter\(\(command\) => define === 'all' \|\| define === command\.name\)/, 'COMMANDS.filter(() => true)')),
    ],
  },
  {
    name: 'definitions at start',
    detail: 'main imports them (errors, registry) statically',
    extraPlugins: () => [
      sourcePlugin(MAIN_TS, (text) =>
        assertReplace(
          `import { defineCommands as eagerDefineCommands } from './definitions.js';\n${text}`,
          /const \{ defineCommands \} = await import\('\.\/definitions\.js'\);/,
          'const defineCommands = eagerDefineCommands;',
        ),
      ),
    ],
  },
  { name: '+ exit when flushed', detail: 'not kept: process.exit() once output is flushed', extraPlugins: () => [fastExitPlugin()] },
  {
    name: '+ exit, no --liftoff-only',
    detail: 'not kept: does exit() cut the wait for TurboFan?',
    extraPlugins: () => [sourcePlugin(CLI_TS, (text) => fastExit(noLiftoff(text)))],
  },
  { name: '+ built-ins via require', detail: 'not kept: no ESM facade for node:crypto & co.', extraPlugins: () => [builtinsViaRequirePlugin()] },
];

progress(`levers: load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}; building ${VARIANTS.length} variants`);
const servers = [];
try {
  for (const variant of VARIANTS) variant.bin = await buildVariant(variant);
  const emulator = await startServerProcess([NODE, join(ROOT, 'bin/fcinvoke.js'), 'emulator', '--port', '0']);
  servers.push(emulator);
  const commands = [{ name: 'node -e 0', argv: [NODE, '-e', '0'] }];
  for (const variant of VARIANTS) {
    const node = [NODE, ...(variant.nodeFlags ?? []), variant.bin];
    commands.push({ name: `${variant.name} | version`, argv: [...node, '--version'] });
    commands.push({ name: `${variant.name} | invoke`, argv: [...node, 'invoke', 'tencent', 'hello', '--endpoint', emulator.url, '-e', '{}'] });
  }
  progress(`levers: timing ${commands.length} commands × ${RUNS} runs, round-robin`);
  const times = timeProcesses(commands, RUNS, { env, cwd: scratch });
  const floor = stats(times['node -e 0']);
  const full = { version: stats(times['full build | version']), invoke: stats(times['full build | invoke']) };
  const rows = [['node -e 0', 'the floor', ms(floor), '', '', '', '']];
  const results = { date: new Date().toISOString(), loadAverage: loadavg(), env: options['inherit-env'] ? 'inherited' : 'clean', floor, variants: {} };
  for (const variant of VARIANTS) {
    const version = stats(times[`${variant.name} | version`]);
    const invoke = stats(times[`${variant.name} | invoke`]);
    results.variants[variant.name] = { detail: variant.detail, version, invoke };
    rows.push([
      variant.name,
      variant.detail,
      ms(version),
      `${(version.median / floor.median).toFixed(2)}×`,
      ms(invoke),
      `${(invoke.median / floor.median).toFixed(2)}×`,
      variant.name === 'full build' ? '' : `${signed(version.median - full.version.median)} / ${signed(invoke.median - full.invoke.median)}`,
    ]);
  }
  writeFileSync(join(ROOT, 'bench/levers.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(
    `${renderTable(['variant', 'what changes', '--version ms', 'ratio', 'invoke ms', 'ratio', 'vs full (ms)'], rows)}\n`,
  );
  progress('levers: wrote bench/levers.json');
} finally {
  for (const server of servers) await server.stop();
  rmSync(scratch, { recursive: true, force: true });
}

/** Builds one variant into its own directory (bin/ + dist/) and returns its shim's path. */
async function buildVariant(variant) {
  const directory = join(scratch, variant.name.replace(/[^a-z0-9]+/gi, '-'));
  mkdirSync(join(directory, 'bin'), { recursive: true });
  writeFileSync(join(directory, 'bin/fcinvoke.js'), variant.shim ? variant.shim(SHIM) : SHIM);
  if (variant.tsc) {
    const result = spawnSync(NODE, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(directory, 'dist')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (!readFileSafe(join(directory, 'dist/cli.js'))) throw new Error(`tsc produced no dist/cli.js: ${result.stdout}`);
    symlinkNodeModules(directory);
  } else {
    const { files } = await buildFiles({
      outdir: join(directory, 'dist'),
      disable: variant.disable ?? [],
      esbuild: variant.esbuild ?? {},
      plugins: variant.extraPlugins?.() ?? [],
    });
    for (const file of files) {
      mkdirSync(join(file.path, '..'), { recursive: true });
      writeFileSync(file.path, file.text);
    }
    symlinkNodeModules(directory);
  }
  progress(`levers: built ${variant.name}`);
  return join(directory, 'bin/fcinvoke.js');
}

/** An esbuild plugin: the source file matching `filter`, transformed by `transform` (levers added or taken away). */
function sourcePlugin(filter, transform) {
  return {
    name: `source ${filter}`,
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter }, (args) => ({ contents: transform(readFileSync(args.path, 'utf8')), loader: 'ts' }));
    },
  };
}

/** src/cli.ts ending in process.exit() as soon as stdout and stderr are flushed. */
function fastExit(text) {
  return text + FAST_EXIT;
}

/** src/cli.ts without the hook that sets --liftoff-only before a single request. */
function noLiftoff(text) {
  return assertReplace(text, LIFTOFF_HOOK, 'processIo(controller.signal)');
}

function fastExitPlugin() {
  return sourcePlugin(CLI_TS, fastExit);
}

function noLiftoffPlugin() {
  return sourcePlugin(CLI_TS, noLiftoff);
}

/**
 * An esbuild plugin: src/'s `import … from 'node:x'` through require(), so Node builds no ESM facade (which reads
 * every export of the module, lazy getters such as crypto.webcrypto included).
 */
function builtinsViaRequirePlugin() {
  return {
    name: 'builtins-via-require',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^node:/ }, (args) =>
        args.kind === 'import-statement' && !args.importer.includes('node_modules') && args.namespace === 'file'
          ? { path: args.path, namespace: 'builtin-via-require' }
          : undefined,
      );
      pluginBuild.onLoad({ filter: /.*/, namespace: 'builtin-via-require' }, (args) => ({
        loader: 'js',
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
      }));
    },
  };
}

/** package.json (for "type": "module") and node_modules, so run-time package imports resolve as in the repository. */
function symlinkNodeModules(directory) {
  copyFileSync(join(ROOT, 'package.json'), join(directory, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(directory, 'node_modules'));
}

function assertReplace(text, pattern, replacement) {
  if (!pattern.test(text)) throw new Error(`levers: ${pattern} not found; update bench/levers.mjs`);
  return text.replace(pattern, replacement);
}

function readFileSafe(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function ms(figure) {
  return `${formatNumber(figure.median, 1)} (${formatNumber(figure.min, 1)}–${formatNumber(figure.max, 1)})`;
}

function signed(value) {
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;
}
