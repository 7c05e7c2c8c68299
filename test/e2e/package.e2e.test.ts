/**
 * The package as npm would publish it: `npm pack` in this repository, then `npm install -g` of the tarball into an
 * empty prefix with an empty npm cache and --offline, so no registry is involved. Checks what the tarball holds
 * (what the docs name, the notices of the bundled code; no build artefacts, install-time scripts or
 * dependencies), that the install prints no warning and stays small, and that the installed command runs,
 * config files included.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAX_INSTALLED_BYTES = 3_000_000;
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'preprepare', 'prepare', 'postprepare'];

interface Packed {
  filename: string;
  files: Array<{ path: string }>;
}

let work: string;
let packageJsonBefore: string;
let packageJsonAfter: string;
let packed: Packed;
let install: SpawnSyncReturns<string>;
/** The installed package, `<prefix>/lib/node_modules/fcinvoke`, and its command, `<prefix>/bin/fcinvoke`. */
let installed: { prefix: string; directory: string; bin: string };

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'fcinvoke-package-'));
  packageJsonBefore = readFileSync(join(ROOT, 'package.json'), 'utf8');
  // prepack builds dist/ (unchanged files are not rewritten, so the other e2e tests' CLI runs are safe).
  const pack = npm(['pack', '--json', '--pack-destination', work], ROOT);
  packageJsonAfter = readFileSync(join(ROOT, 'package.json'), 'utf8');
  expect(pack.status, pack.stderr).toBe(0);
  packed = (JSON.parse(pack.stdout.slice(pack.stdout.search(/^\[/m))) as Packed[])[0]!;

  const prefix = join(work, 'prefix');
  install = npm(['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', join(work, packed.filename)], work);
  expect(install.status, install.stderr).toBe(0);
  installed = { prefix, directory: join(prefix, 'lib', 'node_modules', 'fcinvoke'), bin: join(prefix, 'bin', 'fcinvoke') };
}, 120_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('packs the command, the built code, the notices, the README and the docs', () => {
    const files = packedPaths();
    for (const path of ['package.json', 'README.md', 'LICENSE', '.fcinvokerc.example', 'bin/fcinvoke.js', 'dist/cli.js', 'dist/THIRD-PARTY-NOTICES.txt']) {
      expect(files).toContain(path);
    }
    const built = listFiles(join(ROOT, 'dist')).map((path) => `dist/${path}`).filter((path) => path !== 'dist/meta.json');
    expect(files.filter((path) => path.startsWith('dist/')).sort()).toEqual(built.sort());
    for (const doc of readdirSync(join(ROOT, 'docs'))) expect(files).toContain(`docs/${doc}`);
  });

  it('packs every file the README and the docs point to', () => {
    const references = new Set<string>();
    for (const [path, text] of [['README.md', readFileSync(join(ROOT, 'README.md'), 'utf8')], ...docs()] as const) {
      for (const match of text.matchAll(/(?<![\w/.-])(\.fcinvokerc\.example|docs\/[\w-]+\.md)\b/g)) references.add(match[1]!);
      // Links between docs are relative to docs/.
      if (path.startsWith('docs/')) for (const match of text.matchAll(/\]\(([\w-]+\.md)(?:#[\w-]*)?\)/g)) references.add(`docs/${match[1]!}`);
    }
    expect(references).toContain('.fcinvokerc.example');
    expect([...references].filter((reference) => !packedPaths().includes(reference))).toEqual([]);
  });

  it('leaves out the metafile, the sources, the tests and the build scripts', () => {
    const files = packedPaths();
    expect(files).not.toContain('dist/meta.json');
    expect(files.filter((path) => /^(src|test|scripts|bench|node_modules)\//.test(path) || /\.map$|(?<!\.d)\.ts$/.test(path))).toEqual([]);
    // The library's declarations ship, and only those the library reaches (not the CLI's).
    expect(files).toContain('dist/types/index.d.ts');
    expect(files).not.toContain('dist/types/cli.d.ts');
  });

  it('ships a package.json with no install-time script and no dependency', () => {
    const manifest = JSON.parse(readFileSync(join(installed.directory, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(Object.keys(manifest['scripts'] ?? {}).filter((name) => INSTALL_SCRIPTS.includes(name))).toEqual([]);
    expect(manifest['dependencies']).toBeUndefined();
    expect(manifest['optionalDependencies']).toBeUndefined();
    expect(manifest['peerDependencies']).toBeUndefined();
  });

  it('leaves the repository package.json as it was, prepare included', () => {
    expect(packageJsonAfter).toBe(packageJsonBefore);
    expect(JSON.parse(packageJsonAfter).scripts.prepare).toBe('npm run build');
  });

  it('lists every package bundled into dist/ in the notices, with its licence', () => {
    const notices = readFileSync(join(installed.directory, 'dist/THIRD-PARTY-NOTICES.txt'), 'utf8');
    const metafile = JSON.parse(readFileSync(join(ROOT, 'dist/meta.json'), 'utf8')) as Metafile;
    const bundled = bundledPackages(metafile);
    expect(bundled.map((entry) => entry.name)).toEqual(expect.arrayContaining(['commander', 'undici', 'zod', 'chalk', 'ora', 'cosmiconfig', 'js-yaml']));
    const sections = notices.split(/^={100}$/m).slice(1);
    for (const entry of bundled) {
      const section = sections.find((text) => text.startsWith(`\n${entry.name} ${entry.version}\n`));
      expect(section, `${entry.name} ${entry.version}`).toBeDefined();
      expect(section).toContain(`License: ${entry.license}\n`);
      expect(section).toMatch(/^(LICEN[CS]E|COPYING|NOTICE)[^\n]*:\n\s*\S|The package ships no licence file/im);
    }
    expect(sections).toHaveLength(bundled.length);
  });
});

describe('npm install -g of the tarball', () => {
  it('prints no warning', () => {
    const lines = `${install.stdout}\n${install.stderr}`.split('\n');
    expect(lines.filter((line) => /\bwarn/i.test(line))).toEqual([]);
    expect(install.stdout).toMatch(/added 1 package/);
  });

  it(`takes at most ${MAX_INSTALLED_BYTES / 1e6} MB on disk`, () => {
    const bytes = diskUsage(installed.prefix);
    expect(bytes, `${(bytes / 1e6).toFixed(2)} MB installed`).toBeLessThanOrEqual(MAX_INSTALLED_BYTES);
    expect(readdirSync(installed.directory)).not.toContain('node_modules');
  });
});

describe('the installed command', () => {
  it('prints the version of the package', () => {
    const run = fcinvoke(['--version'], work);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${JSON.parse(packageJsonBefore).version}\n`);
  });

  it('invokes a function on the embedded emulator', () => {
    const run = fcinvoke(['invoke', 'tencent', 'hello', '--local', '--event', '{"name":"Ada"}'], work);
    expect(run.stderr).toContain('ok');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('{"message":"Hello, Ada!"}');
  });

  it('reads a .fcinvokerc.yaml in the working directory', () => {
    const directory = project('yaml', { '.fcinvokerc.yaml': 'profiles:\n  default:\n    region: ap-tokyo\n' });
    const shown = configShow(directory);
    expect(shown.settings.region).toEqual({ value: 'ap-tokyo', source: `${join(directory, '.fcinvokerc.yaml')}: profiles.default.region` });
  });

  it('reads a CommonJS and an ES module config file', () => {
    const cjs = project('cjs', { '.fcinvokerc.cjs': 'module.exports = { profiles: { default: { region: "ap-cjs" } } };\n' });
    expect(configShow(cjs).settings.region?.value).toBe('ap-cjs');
    const esm = project('esm', { 'fcinvoke.config.mjs': 'export default { profiles: { default: { region: "ap-esm" } } };\n' });
    expect(configShow(esm).settings.region?.value).toBe('ap-esm');
  });

  it("reports a JS config file's own error", () => {
    const directory = project('throws', { '.fcinvokerc.cjs': 'throw new Error("boom in the config file");\n' });
    const run = fcinvoke(['config', 'show', '--json'], directory);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`error: ${join(directory, '.fcinvokerc.cjs')}: cannot be read: boom in the config file\n`);
  });

  // The library entry (`import … from 'fcinvoke'`) gets its own describe beside this one: a module written under
  // `installed.prefix`/lib resolves 'fcinvoke' to the installed package.
});

/** npm with this process's npm settings left out (npm test sets npm_* variables), an empty cache, no colour. */
function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  Object.assign(env, {
    npm_config_cache: join(work, 'npm-cache'),
    npm_config_loglevel: 'warn',
    npm_config_color: 'false',
    // prepack and postpack must run, whatever the user's npm config says.
    npm_config_ignore_scripts: 'false',
    npm_config_update_notifier: 'false',
  });
  return spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 90_000 });
}

function fcinvoke(args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(installed.bin, args, { cwd, env: cleanEnv() as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 20_000 });
}

function configShow(cwd: string): { settings: Record<string, { value: unknown; source: string }> } {
  const run = fcinvoke(['config', 'show', '--json'], cwd);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout);
}

function project(name: string, files: Record<string, string>): string {
  const directory = join(work, 'projects', name);
  mkdirSync(directory, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(directory, file), text);
  return directory;
}

function packedPaths(): string[] {
  return packed.files.map((file) => file.path);
}

function docs(): Array<[string, string]> {
  return readdirSync(join(ROOT, 'docs')).map((name) => [`docs/${name}`, readFileSync(join(ROOT, 'docs', name), 'utf8')]);
}

function listFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

/** Bytes the files under `directory` occupy on disk, as du counts them (allocated blocks, links not followed). */
function diskUsage(directory: string): number {
  let bytes = lstatSync(directory).blocks * 512;
  for (const entry of readdirSync(directory, { recursive: true })) bytes += lstatSync(join(directory, String(entry))).blocks * 512;
  return bytes;
}

/**
 * The packages with code in the bundle, read from the metafile here rather than with scripts/notices.mjs, so the
 * notices are checked against an independent reading: every node_modules input that put bytes into an output.
 */
function bundledPackages(metafile: Metafile): Array<{ name: string; version: string; license: string }> {
  const directories = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (match !== null && !input.includes(':') && bytesInOutput > 0) directories.add(resolve(ROOT, match[1]!));
    }
  }
  const entries = [...directories].map((directory) => {
    const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { name: string; version: string; license: string };
    return { name: manifest.name, version: manifest.version, license: manifest.license };
  });
  return [...new Map(entries.map((entry) => [`${entry.name}@${entry.version}`, entry])).values()];
}

describe('the installed declarations', () => {
  /** Type-checks `source` as a strict ES module that imports the installed package by name; tsc's output. */
  function typeCheck(name: string, source: string): SpawnSyncReturns<string> {
    const directory = join(installed.prefix, 'lib', `types-${name}`);
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, 'package.json'), '{"type":"module"}\n');
    writeFileSync(join(directory, 'use.ts'), source);
    writeFileSync(
      join(directory, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')] },
        files: ['use.ts'],
      }),
    );
    return spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', directory], { encoding: 'utf8', timeout: 60_000 });
  }

  it('ship as two files that type-check a consumer of the library, strict, with no error in them', () => {
    expect(readdirSync(join(installed.directory, 'dist', 'types')).sort()).toEqual(['index.d.ts', 'modules.d.ts']);
    const run = typeCheck(
      'ok',
      [
        "import { createCredentialProvider, CredentialError, invoke, providers, resolveCredentials, type CredentialSource, type TimedInvocation } from 'fcinvoke';",
        "const source: CredentialSource = { kind: 'instance', cloud: 'aliyun', origin: 'the test' };",
        "const provider = await createCredentialProvider(source, { env: {}, home: '/nonexistent' });",
        'export const ids: string[] = providers.map((entry) => entry.id);',
        'export const refused = new CredentialError("refused", 3).exitCode;',
        'export type Answer = Awaited<ReturnType<typeof invoke>> extends TimedInvocation ? true : never;',
        'export { provider, resolveCredentials };',
        '',
      ].join('\n'),
    );
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('are real types: a wrong use is an error', () => {
    const run = typeCheck('wrong', "import { providers } from 'fcinvoke';\nexport const count: number = providers;\n");
    expect(run.status).not.toBe(0);
    expect(run.stdout).toMatch(/use\.ts\(2,14\): error TS2322/);
  });
});
