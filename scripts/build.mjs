#!/usr/bin/env node
/**
 * Builds dist/ with esbuild: src/cli.ts → dist/cli.js plus one chunk per dynamic import, so a command loads only
 * what it uses. Writes dist/meta.json, the metafile that test/unit/bundle.test.ts and bench/ read to check what
 * `invoke tencent` loads. Type checking is `npm run typecheck` (tsc --noEmit): esbuild only strips types.
 *
 * Each start-up lever below has a name so bench/levers.mjs can build without it and measure what it buys
 * (docs/performance.md).
 */
import { createRequire } from 'node:module';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/**
 * Packages left as run-time imports, each with its reason. Everything else is bundled, because resolving and
 * reading many small files (undici alone is ~90) costs more at start-up than parsing one chunk.
 */
export const EXTERNAL = [
  // Loaded only when a config file exists; its loaders use import-fresh, which inspects require.cache and the
  // calling module's path, and does not survive being bundled.
  'cosmiconfig',
];

/** The start-up levers the build applies, by name; bench/levers.mjs turns each off in turn. */
export const LEVERS = {
  /** `undici` → scripts/undici-slim.js: the dispatchers without fetch, WebSocket and cookies. */
  undiciSlim: 'undici-slim',
  /** node:http and node:http2 (for undici), node:child_process (for commander) load on first use, not at start. */
  lazyBuiltins: 'lazy-builtins',
  /** Whitespace and syntax minified (names kept, so stack traces stay readable): less to parse. */
  minify: 'minify',
};

/**
 * esbuild options for the build. `disable` lists levers (values of {@link LEVERS}) to leave out, for measuring;
 * `outdir` is relative to the repository root.
 */
export function buildOptions({ outdir = 'dist', disable = [] } = {}) {
  const on = (lever) => !disable.includes(lever);
  const plugins = [];
  if (on(LEVERS.undiciSlim)) plugins.push(undiciSlimPlugin);
  if (on(LEVERS.lazyBuiltins)) plugins.push(lazyBuiltinsPlugin);
  return {
    absWorkingDir: root,
    entryPoints: { cli: 'src/cli.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunks/[name]-[hash]',
    external: EXTERNAL,
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
    minifyWhitespace: on(LEVERS.minify),
    minifySyntax: on(LEVERS.minify),
    plugins,
  };
}

/**
 * Bundled CommonJS (undici, commander) calls require() for Node built-ins, and an ES module has no require. The
 * line that makes one goes only into the files that mention `require`, so the other chunks skip a createRequire.
 */
export const REQUIRE_BANNER =
  "import { createRequire as __fcinvokeCreateRequire } from 'node:module';const require = __fcinvokeCreateRequire(import.meta.url);\n";

/** The contents of an output file, with {@link REQUIRE_BANNER} when it needs require. */
export function withRequireBanner(contents) {
  const text = Buffer.from(contents).toString('utf8');
  return /\brequire\b/.test(text) ? REQUIRE_BANNER + text : text;
}

/**
 * Builds into `outdir` (default dist/) and writes its meta.json. New files are written before stale ones are
 * deleted, so a CLI spawned during a rebuild (tests run beside other builds) never finds dist/cli.js missing.
 */
export async function buildDist({ outdir = 'dist', disable = [] } = {}) {
  const result = await build({ ...buildOptions({ outdir, disable }), write: false });
  const directory = resolve(root, outdir);
  const written = new Set();
  for (const file of result.outputFiles) {
    await mkdir(dirname(file.path), { recursive: true });
    await writeFile(file.path, withRequireBanner(file.contents));
    written.add(file.path);
  }
  const metaPath = join(directory, 'meta.json');
  await writeFile(metaPath, JSON.stringify(result.metafile));
  written.add(metaPath);
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath ?? entry.path, entry.name);
    if (entry.isFile() && !written.has(path)) await rm(path, { force: true });
  }
  await removeEmptyDirectories(directory);
  return { files: result.outputFiles.length, directory, metafile: result.metafile };
}

/**
 * Resolves src/'s bare `undici` to scripts/undici-slim.js, read with node_modules/undici as its base. undici's
 * own modules keep their relative requires, so nothing inside undici changes.
 */
const undiciSlimPlugin = {
  name: LEVERS.undiciSlim,
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^undici$/ }, (args) =>
      args.importer.includes('node_modules') ? undefined : { path: join(root, 'scripts/undici-slim.js'), namespace: 'undici-slim' },
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'undici-slim' }, async (args) => ({
      contents: await readFile(args.path, 'utf8'),
      loader: 'js',
      resolveDir: dirname(require.resolve('undici/package.json')),
    }));
  },
};

/**
 * Built-in modules required at load time for a value or two, which pull in much more: undici requires node:http2
 * to read `http2.constants` (and so tls and http2's core), node:http for `http.maxHeaderSize` and an instanceof
 * check (and so Node's whole HTTP client and server), and commander requires node:child_process only for
 * executable subcommands, which fcinvoke has none of (and so dgram). Here they become stand-ins that load the real
 * module on first use of anything else. The values read at load time are computed without it:
 * - http2.constants: copied from this Node at build time; they are protocol values (':path', 'content-length', 8).
 * - http.maxHeaderSize: Node's `--max-http-header-size` (default 16 KiB) from the command line or NODE_OPTIONS,
 *   as node:http reads it. undici uses it only for dispatchers given no maxHeaderSize, and fcinvoke's gives one.
 * - http.IncomingMessage: a class of its own. undici compares a body stream's constructor with it to work around
 *   a Node bug when destroying an IncomingMessage used as a request body; fcinvoke's bodies are always bytes.
 * Measured: ~4.5 ms of one invocation for node:http, ~9 ms for the three (docs/performance.md).
 */
const LAZY_BUILTINS = {
  'node:http2': /node_modules[\\/]undici[\\/]/,
  'node:http': /node_modules[\\/]undici[\\/]/,
  'node:child_process': /node_modules[\\/]commander[\\/]/,
};

const lazyBuiltinsPlugin = {
  name: LEVERS.lazyBuiltins,
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^(node:)?(http2|http|child_process)$/ }, (args) => {
      const name = args.path.startsWith('node:') ? args.path : `node:${args.path}`;
      return LAZY_BUILTINS[name]?.test(args.importer) ? { path: name, namespace: 'lazy-builtin' } : undefined;
    });
    pluginBuild.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
      const eager =
        args.path === 'node:http2'
          ? `{ constants: ${JSON.stringify(require('node:http2').constants)} }`
          : args.path === 'node:http'
            ? `{ maxHeaderSize: ${maxHeaderSizeSource}, IncomingMessage: class IncomingMessage {} }`
            : '{}';
      return {
        loader: 'js',
        contents: [
          `const eager = ${eager};`,
          'let real;',
          `const load = () => (real ??= require(${JSON.stringify(args.path)}));`,
          'module.exports = new Proxy(eager, {',
          '  get: (target, key) => (Object.hasOwn(target, key) ? target[key] : load()[key]),',
          '  has: (target, key) => Object.hasOwn(target, key) || key in load(),',
          '});',
        ].join('\n'),
      };
    });
  },
};

/** An expression for Node's `--max-http-header-size`, read from the command line and NODE_OPTIONS. */
const maxHeaderSizeSource = `(() => {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\\s+/)];
  let size = 16384;
  flags.forEach((flag, index) => {
    const match = /^--max-http-header-size(?:=(\\d+))?$/.exec(flag);
    if (match) size = Number(match[1] ?? flags[index + 1]) || size;
  });
  return size;
})()`;

async function removeEmptyDirectories(directory) {
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(directory, entry.name);
    await removeEmptyDirectories(path);
    if ((await readdir(path)).length === 0) await rm(path, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { files, directory } = await buildDist();
  process.stderr.write(`built ${files} files into ${relative(process.cwd(), directory) || '.'}\n`);
}
