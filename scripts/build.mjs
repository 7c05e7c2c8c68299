#!/usr/bin/env node
/**
 * Builds dist/ with esbuild: src/cli.ts → dist/cli.js plus one chunk per dynamic import, so a command loads only
 * what it uses. Writes dist/meta.json, the metafile that bench/ reads to check what `invoke tencent` loads (it is
 * not packed: package.json `files`), and dist/THIRD-PARTY-NOTICES.txt, the licences of the bundled packages
 * (scripts/notices.mjs). Type checking is `npm run typecheck` (tsc --noEmit): esbuild only strips types.
 *
 * The library (`import … from 'fcinvoke'`, docs/library.md) is a second entry point of the same build:
 * src/index.ts → dist/index.js, sharing its chunks with the CLI (a separate build duplicated 1.4 MB of them and
 * took the installed package past 3 MB), and its declarations in dist/types/ (tsc, tsconfig.build.json, from
 * src/index.ts only, then packed into two files by scripts/bundle-types.mjs). What the CLI loads at start is unchanged: test/unit/bundle.test.ts.
 *
 * Each start-up lever below has a name so bench/levers.mjs can build without it and measure what it buys
 * (docs/performance.md).
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundledPackages, NOTICES_FILE, renderNotices } from './notices.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/**
 * Packages left as run-time imports, each with its reason. Everything else is bundled, because resolving and
 * reading many small files (undici alone is ~90) costs more at start-up than parsing one chunk, and so that the
 * installed package has no dependencies (package.json: they are all devDependencies).
 */
export const EXTERNAL = [
  // cosmiconfig's loader for a TypeScript config file imports the compiler when it reads one. fcinvoke searches
  // for no such file (src/config/find.ts); one named with --config loads with a typescript the user has installed,
  // as it did when cosmiconfig itself was a dependency.
  'typescript',
];

/** The start-up levers the build applies, by name; bench/levers.mjs turns each off in turn. */
export const LEVERS = {
  /** `undici` → scripts/undici-slim.js: the dispatchers without fetch, WebSocket and cookies. */
  undiciSlim: 'undici-slim',
  /** node:http and node:http2 (for undici), node:child_process (for commander) load on first use, not at start. */
  lazyBuiltins: 'lazy-builtins',
  /** Whitespace and syntax minified (names kept, so stack traces stay readable): less to parse. */
  minify: 'minify',
  /** esbuild's small shared chunks merged into one file (mergeSmallChunks): fewer files to load. */
  mergeChunks: 'merge-chunks',
};

/**
 * esbuild options for the build. `disable` lists levers (values of {@link LEVERS}) to leave out, for measuring;
 * `outdir` is relative to the repository root.
 */
export function buildOptions({ outdir = 'dist', disable = [] } = {}) {
  const on = (lever) => !disable.includes(lever);
  // Not levers: correctness fixes, always applied.
  const plugins = [informational1xxPlugin, cosmiconfigPlugin, importFreshPlugin];
  if (on(LEVERS.undiciSlim)) plugins.push(undiciSlimPlugin);
  if (on(LEVERS.lazyBuiltins)) plugins.push(lazyBuiltinsPlugin);
  return {
    absWorkingDir: root,
    entryPoints: { cli: 'src/cli.ts', index: 'src/index.ts' },
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
 * Builds into `outdir` (default dist/) and writes its meta.json and the third-party notices. New files are written
 * before stale ones are deleted, and a file whose content is unchanged is not written at all, so a CLI spawned
 * during a rebuild (`npm pack` in test/e2e/package.e2e.test.ts builds beside other e2e tests) never finds a file
 * of dist/ missing or half written.
 */
export async function buildDist({ outdir = 'dist', disable = [] } = {}) {
  const { files, metafile } = await buildFiles({ outdir, disable });
  const directory = resolve(root, outdir);
  const notices = renderNotices(bundledPackages(metafile, root), JSON.parse(await readFile(join(root, 'package.json'), 'utf8')));
  const written = new Set();
  for (const file of [
    ...files,
    { path: join(directory, 'meta.json'), text: JSON.stringify(metafile) },
    { path: join(directory, NOTICES_FILE), text: notices },
  ]) {
    await writeIfChanged(file.path, file.text);
    written.add(file.path);
  }
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath ?? entry.path, entry.name);
    if (entry.isFile() && !written.has(path)) await rm(path, { force: true });
  }
  await removeEmptyDirectories(directory);
  if (outdir === 'dist') await buildTypes();
  return { files: files.length, directory, metafile };
}

/** The library's declarations, dist/types/ (tsconfig.build.json), for package.json's `types`. */
async function buildTypes() {
  const tsc = require.resolve('typescript/bin/tsc');
  const { spawnSync } = await import('node:child_process');
  const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed (exit ${run.status})`);
  // One file per module took ~870 KB on disk for ~410 KB of text: packed into two (scripts/bundle-types.mjs).
  const { bundleTypes } = await import('./bundle-types.mjs');
  await bundleTypes(join(root, 'dist', 'types'));
}

/**
 * Builds in memory: the files to write (absolute `path`, final `text`, banner included) and the metafile that
 * describes them, after {@link mergeSmallChunks} unless that lever is disabled.
 */
export async function buildFiles({ outdir = 'dist', disable = [], esbuild = {}, plugins = [] } = {}) {
  const options = buildOptions({ outdir, disable });
  const result = await build({ ...options, ...esbuild, plugins: [...options.plugins, ...plugins], write: false });
  let files = result.outputFiles.map((file) => ({ path: file.path, text: Buffer.from(file.contents).toString('utf8') }));
  let metafile = result.metafile;
  if (!disable.includes(LEVERS.mergeChunks) && (esbuild.splitting ?? options.splitting)) {
    ({ files, metafile } = await mergeSmallChunks(files, metafile, resolve(root, outdir)));
  }
  return { files: files.map((file) => ({ ...file, text: withRequireBanner(file.text) })), metafile };
}

/** Chunks at most this big may be merged: parsing one where it is not needed costs less than loading a file. */
export const SMALL_CHUNK_BYTES = 10 * 1024;

/**
 * esbuild puts each set of modules shared by a distinct set of entry points (the CLI and every dynamic import) in
 * a chunk of its own, and many are tiny: `invoke tencent` loaded 20 files, 14 of them under 5 KiB (errors, the
 * registry, the config resolver, hmac…). Each file costs the ESM loader ~0.5 ms (resolve, four asynchronous reads,
 * compile, link). This merges the small shared chunks into one file, `chunks/shared-<hash>.js`, and points every
 * import at it.
 *
 * Safe by construction: a chunk joins the group only if everything it imports statically is in the group, a Node
 * built-in or a chunk outside it that imports nothing back (the chunks `dist/cli.js` loads at start, left alone so
 * `--version` stays lean). The group is re-bundled by esbuild from the chunks' own output, so evaluation order
 * and names stay right, and each module is still evaluated once. What it costs: a command that needs one of
 * these modules parses all of them (~30 KiB). Entry chunks (targets of dynamic imports) are never merged.
 */
export async function mergeSmallChunks(files, metafile, outdir) {
  const key = (path) => relative(root, path).split(sep).join('/');
  const byKey = new Map(files.map((file) => [key(file.path), file]));
  const outputs = metafile.outputs;
  const staticImports = (path) =>
    outputs[path].imports.filter((imported) => imported.kind === 'import-statement' && !imported.external).map((imported) => imported.path);
  const entry = Object.keys(outputs).find((path) => outputs[path].entryPoint !== undefined && normalizeEntry(outputs[path].entryPoint) === 'src/cli.ts');
  const atStart = new Set(entry === undefined ? [] : closure(entry, staticImports));
  const candidates = Object.keys(outputs).filter(
    (path) => path.endsWith('.js') && outputs[path].entryPoint === undefined && outputs[path].bytes <= SMALL_CHUNK_BYTES && !atStart.has(path),
  );
  const group = new Set();
  for (let grew = true; grew; ) {
    grew = false;
    for (const path of candidates) {
      if (group.has(path)) continue;
      if (staticImports(path).every((imported) => group.has(imported) || (atStart.has(imported) && staticImports(imported).length === 0))) {
        group.add(path);
        grew = true;
      }
    }
  }
  // One file cannot export a name twice: of two chunks that export the same name, the later one stays out, and so
  // does every member that then imports from outside the group (until nothing changes).
  for (let changed = true; changed; ) {
    changed = false;
    const owner = new Map();
    for (const path of [...group].sort()) {
      if (outputs[path].exports.some((name) => owner.has(name))) {
        group.delete(path);
        changed = true;
        continue;
      }
      for (const name of outputs[path].exports) owner.set(name, path);
    }
    for (const path of [...group]) {
      if (!staticImports(path).every((imported) => group.has(imported) || (atStart.has(imported) && staticImports(imported).length === 0))) {
        group.delete(path);
        changed = true;
      }
    }
  }
  if (group.size < 2) return { files, metafile };

  const members = [...group].sort();
  const result = await build({
    stdin: {
      contents: members.map((path) => `export * from ${JSON.stringify(`./${basename(path)}`)};`).join('\n'),
      resolveDir: join(outdir, 'chunks'),
      loader: 'js',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'warning',
    minifyWhitespace: true,
    minifySyntax: true,
    plugins: [
      {
        name: 'chunks',
        setup(pluginBuild) {
          // Members are read from memory; anything else (other chunks, node:*) stays an import.
          pluginBuild.onResolve({ filter: /.*/ }, (args) => {
            const path = args.path.startsWith('./') ? `${dirname(key(join(args.resolveDir, args.path)))}/${basename(args.path)}` : undefined;
            return path !== undefined && group.has(path) ? { path, namespace: 'chunk' } : { path: args.path, external: true };
          });
          pluginBuild.onLoad({ filter: /.*/, namespace: 'chunk' }, (args) => ({
            contents: byKey.get(args.path).text,
            loader: 'js',
            resolveDir: join(outdir, 'chunks'),
          }));
        },
      },
    ],
  });
  const text = result.outputFiles[0].text;
  const name = `shared-${createHash('sha256').update(text).digest('hex').slice(0, 8).toUpperCase()}.js`;
  const mergedKey = `${key(outdir)}/chunks/${name}`;
  const rewrite = (content, from) => {
    let out = content;
    for (const path of members) {
      const target = relative(dirname(from), join(root, path)).split(sep).join('/');
      const replacement = relative(dirname(from), join(root, mergedKey)).split(sep).join('/');
      out = out.split(JSON.stringify(target.startsWith('.') ? target : `./${target}`)).join(JSON.stringify(replacement.startsWith('.') ? replacement : `./${replacement}`));
    }
    return out;
  };
  const newFiles = files
    .filter((file) => !group.has(key(file.path)))
    .map((file) => ({ path: file.path, text: rewrite(file.text, file.path) }));
  newFiles.push({ path: join(root, mergedKey), text });

  const newOutputs = {};
  const retarget = (imports) => {
    const seen = new Set();
    return imports
      .map((imported) => (group.has(imported.path) ? { ...imported, path: mergedKey } : imported))
      .filter((imported) => {
        const id = `${imported.kind}:${imported.path}`;
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
  };
  for (const [path, output] of Object.entries(outputs)) {
    if (group.has(path)) continue;
    newOutputs[path] = { ...output, imports: retarget(output.imports), bytes: byteLength(newFiles.find((file) => key(file.path) === path)?.text, output.bytes) };
  }
  newOutputs[mergedKey] = {
    imports: retarget(members.flatMap((path) => outputs[path].imports)).filter((imported) => imported.path !== mergedKey),
    exports: members.flatMap((path) => outputs[path].exports),
    inputs: Object.assign({}, ...members.map((path) => outputs[path].inputs)),
    bytes: Buffer.byteLength(text),
    mergedFrom: members,
  };
  return { files: newFiles, metafile: { ...metafile, outputs: newOutputs } };
}

function closure(start, next) {
  const seen = new Set();
  const pending = [start];
  while (pending.length > 0) {
    const path = pending.pop();
    if (seen.has(path)) continue;
    seen.add(path);
    pending.push(...next(path));
  }
  return seen;
}

function normalizeEntry(entryPoint) {
  const at = entryPoint.lastIndexOf('node_modules/');
  return at > 0 ? entryPoint.slice(at) : entryPoint;
}

function byteLength(text, fallback) {
  return text === undefined ? fallback : Buffer.byteLength(text);
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
 * undici's HTTP/1 client destroys the connection when a server sends `100 Continue` the client did not ask for
 * (client-h1.js: `if (statusCode === 100) { util.destroy(socket, new SocketError('bad response')) }`), so a
 * front end that sends one before the real answer made an invocation that succeeded look like "outcome unknown"
 * (exit 5). RFC 9110 §15.2: "A client MUST be able to parse one or more 1xx responses received prior to a final
 * response, even if the client does not expect one." Here that check is removed at build time, so a 100 is parsed
 * like any other 1xx (103 already is) and the final response follows; transport/http.ts ignores 1xx heads. The
 * exact text must be found, or the build fails: an undici upgrade cannot drop the fix silently.
 */
const UNSOLICITED_100 = `    if (statusCode === 100) {
      util.destroy(socket, new SocketError('bad response', util.getSocketInfo(socket)))
      return -1
    }
`;

export const informational1xxPlugin = {
  name: 'informational-1xx',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /node_modules[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client-h1\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(UNSOLICITED_100)) {
        throw new Error(`${args.path}: the unsolicited-100 check to remove was not found; review informational1xxPlugin`);
      }
      return { contents: source.replace(UNSOLICITED_100, '    // fcinvoke: an unsolicited 100 is parsed like any 1xx.\n'), loader: 'js' };
    });
  },
};

/**
 * src/config/load.ts imports cosmiconfig lazily, `await import('cosmiconfig')`, and takes named exports from it.
 * cosmiconfig is CommonJS; Node finds its named exports by scanning the source (cjs-module-lexer), but a
 * CommonJS module that esbuild puts in a chunk of its own for a dynamic import exports only `default`. Here
 * `cosmiconfig` from src/ is an ES module that imports the real one statically and exports its names, which are
 * read from the package at build time.
 */
const cosmiconfigPlugin = {
  name: 'cosmiconfig-esm',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^cosmiconfig$/ }, (args) =>
      args.namespace === 'file' && !/node_modules[\\/]/.test(args.importer) ? { path: 'cosmiconfig', namespace: 'cosmiconfig-esm' } : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'cosmiconfig-esm' }, () => {
      const names = Object.keys(require('cosmiconfig')).filter((name) => name !== 'default' && name !== '__esModule');
      return {
        loader: 'js',
        resolveDir: root,
        contents: `import * as cjs from 'cosmiconfig';\nexport const { ${names.join(', ')} } = cjs;\n`,
      };
    });
  },
};

/**
 * cosmiconfig reads a JS config file with import() and, when that throws, again with import-fresh, to report the
 * CommonJS error. import-fresh finds its caller through `__filename` and the call stack; in an ES module bundle
 * `__filename` is not defined, so the second read would throw a ReferenceError in place of the file's own error.
 * cosmiconfig passes it absolute paths only (Explorer resolves them), so this stand-in needs no caller: it drops
 * the file from require's cache, then requires it.
 */
const IMPORT_FRESH = `const { createRequire } = require('node:module');
const { resolve } = require('node:path');
module.exports = function importFresh(moduleId) {
  const load = createRequire(resolve(moduleId));
  const filename = load.resolve(resolve(moduleId));
  delete load.cache[filename];
  return load(filename);
};
`;

const importFreshPlugin = {
  name: 'import-fresh',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^import-fresh$/ }, (args) =>
      /node_modules[\\/]cosmiconfig[\\/]/.test(args.importer) ? { path: 'import-fresh', namespace: 'import-fresh' } : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'import-fresh' }, () => ({ contents: IMPORT_FRESH, loader: 'js' }));
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

async function writeIfChanged(path, text) {
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current === text) return;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

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
