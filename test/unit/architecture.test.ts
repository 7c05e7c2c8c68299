/**
 * The floors of src/ and the one rule between them (docs/architecture.md): a module imports its own part or a part
 * on a lower floor, never one beside it or above it, and no chain of imports comes back to where it started.
 *
 * Every import counts: static `import`/`export … from`, side-effect `import '…'`, dynamic `import('…')`, and
 * `import type` too. A type-only import is erased from the build, but it still says "this module knows that one",
 * and a type cycle is a design cycle: the rule is about what depends on what, not about what esbuild emits.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** The floors, ground first. Parts on one floor sit side by side and may not import each other. */
const FLOORS: ReadonlyArray<readonly string[]> = [
  ['core'],
  ['providers', 'transport'],
  ['engine', 'config'],
  ['output', 'emulator'],
  ['library', 'cli'],
];

/** Packages and built-ins that only some parts may import (everything else may import any of them). */
const RESTRICTED_IMPORTS: ReadonlyArray<{ parts: readonly string[]; forbidden: RegExp; why: string }> = [
  {
    parts: ['core', 'providers'],
    forbidden: /^(?!node:)|^node:(fs|fs\/promises|http|https|http2|net|tls|dgram|child_process|worker_threads)$/,
    why: 'the ground floor and the providers are pure: no packages, no disk, no network',
  },
  {
    parts: ['engine', 'library', 'config', 'output', 'emulator', 'transport', 'core', 'providers'],
    forbidden: /^(commander|ora|@commander-js\/.*)$/,
    why: 'commander and the spinner belong to the CLI',
  },
];

interface Module {
  /** Repository-relative path with forward slashes, e.g. `src/engine/invoke.ts`. */
  path: string;
  text: string;
  /** Relative imports resolved to repository paths, and bare specifiers as written. */
  imports: Array<{ target: string; relative: boolean }>;
}

const root = normalize(join(import.meta.dirname, '..', '..'));
const modules = loadModules();
const byPath = new Map(modules.map((module) => [module.path, module]));

describe('the floors', () => {
  it('places every source file in a part of a floor', () => {
    const unplaced = modules.filter((module) => floorOf(partOf(module.path)) === -1).map((module) => module.path);
    expect(unplaced).toEqual([]);
  });

  it('finds the imports it checks (static, re-exports, type-only and dynamic)', () => {
    const targets = (path: string) => byPath.get(path)!.imports.map((entry) => entry.target);
    expect(targets('src/cli/main.ts')).toContain('src/cli/definitions.ts');
    expect(targets('src/providers/registry.ts')).toContain('src/providers/tencent/index.ts');
    expect(targets('src/providers/types.ts')).toContain('src/core/credentials.ts');
  });

  it('has no import from a floor above, or from a part beside on the same floor', () => {
    const violations: string[] = [];
    for (const module of modules) {
      const from = partOf(module.path);
      for (const { target, relative: isRelative } of module.imports) {
        if (!isRelative) continue;
        const to = partOf(target);
        if (to === from || floorOf(to) < floorOf(from)) continue;
        violations.push(`${module.path} (${from}, floor ${floorOf(from)}) imports ${target} (${to}, floor ${floorOf(to)})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('has no import cycle, of values or of types', () => {
    expect(cycles().map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('keeps packages and I/O built-ins where they belong', () => {
    const violations: string[] = [];
    for (const module of modules) {
      const part = partOf(module.path);
      for (const { target, relative: isRelative } of module.imports) {
        if (isRelative) continue;
        for (const rule of RESTRICTED_IMPORTS) {
          if (rule.parts.includes(part) && rule.forbidden.test(target)) violations.push(`${module.path} imports ${target}: ${rule.why}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('exits, handles signals and writes to the console only where the process is', () => {
    const uses = (pattern: RegExp) =>
      modules.filter((module) => pattern.test(stripComments(module.text))).map((module) => module.path).sort();
    expect(uses(/\bprocess\s*\.\s*(exit|exitCode|kill)\b/)).toEqual(['src/cli.ts']);
    expect(uses(/\bprocess\s*\.\s*(on|once|off)\b/)).toEqual(['src/cli.ts', 'src/cli/io.ts']);
    expect(uses(/\bprocess\s*\.\s*(stdout|stderr|stdin|cwd|argv)\b/)).toEqual(['src/cli.ts', 'src/cli/io.ts']);
    // The emulator's built-in functions log as a user's function does; the runner captures that output per run.
    expect(uses(/\bconsole\s*[.[]/)).toEqual(['src/emulator/functions/builtins.ts', 'src/emulator/functions/runner.ts']);
  });
});

describe('a provider is one folder', () => {
  const providerFolder = (path: string) => /^src\/providers\/([^/]+)\//.exec(path)?.[1];
  const isProviderFolder = (folder: string | undefined) => folder !== undefined && folder !== 'shared';

  it('imports no other provider folder, and the shared helpers import none', () => {
    const violations: string[] = [];
    for (const module of modules) {
      const own = providerFolder(module.path);
      if (own === undefined) continue;
      for (const { target } of module.imports) {
        const other = providerFolder(target);
        if (isProviderFolder(other) && other !== own) violations.push(`${module.path} imports ${target}`);
        if (target === 'src/providers/registry.ts') violations.push(`${module.path} imports the registry, which imports it`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps its client off its emulated API, and its emulated API off its client (verifiers stay independent)', () => {
    const violations: string[] = [];
    for (const module of modules) {
      const own = providerFolder(module.path);
      if (!isProviderFolder(own)) continue;
      const inEmulator = module.path.startsWith(`src/providers/${own}/emulator/`);
      for (const { target } of module.imports) {
        if (!target.startsWith(`src/providers/${own}/`)) {
          if (!inEmulator && target === 'src/providers/emulator-api.ts') violations.push(`${module.path} imports ${target}`);
          continue;
        }
        const targetInEmulator = target.startsWith(`src/providers/${own}/emulator/`);
        if (inEmulator !== targetInEmulator) violations.push(`${module.path} imports ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps an API shared by several providers (providers/shared/<api>/) as apart: client off emulator, and back', () => {
    const violations: string[] = [];
    for (const module of modules) {
      const api = /^src\/providers\/shared\/([^/]+)\/.+\//.exec(module.path)?.[1] ?? /^src\/providers\/shared\/([^/]+)\/[^/]+$/.exec(module.path)?.[1];
      if (api === undefined || api === 'emulator') continue;
      const inEmulator = module.path.startsWith(`src/providers/shared/${api}/emulator/`);
      for (const { target } of module.imports) {
        if (!target.startsWith(`src/providers/shared/${api}/`)) continue;
        if (inEmulator !== target.startsWith(`src/providers/shared/${api}/emulator/`)) violations.push(`${module.path} imports ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });
});

function loadModules(): Module[] {
  const files = [...walk(join(root, 'src'))].filter((file) => file.endsWith('.ts'));
  return files.map((file) => {
    const path = repoPath(file);
    const text = readFileSync(file, 'utf8');
    const imports = ts.preProcessFile(text, true, true).importedFiles.map(({ fileName }) =>
      fileName.startsWith('.')
        ? { target: repoPath(join(dirname(file), fileName)).replace(/\.js$/, '.ts'), relative: true }
        : { target: fileName, relative: false },
    );
    return { path, text, imports };
  });
}

function* walk(directory: string): Generator<string> {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

function repoPath(file: string): string {
  return relative(root, file).split(sep).join('/');
}

/** The part a source file belongs to: its top folder under src/, `cli` for src/cli.ts, `library` for src/index.ts. */
function partOf(path: string): string {
  if (path === 'src/cli.ts') return 'cli';
  if (path === 'src/index.ts') return 'library';
  return /^src\/([^/]+)\//.exec(path)?.[1] ?? path;
}

function floorOf(part: string): number {
  return FLOORS.findIndex((floor) => floor.includes(part));
}

/** Every import cycle among the modules (Tarjan's strongly connected components), each as a closed path. */
function cycles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const edges = (path: string) =>
    (byPath.get(path)?.imports ?? []).filter((entry) => entry.relative && byPath.has(entry.target)).map((entry) => entry.target);
  const visit = (path: string) => {
    index.set(path, counter);
    low.set(path, counter);
    counter += 1;
    stack.push(path);
    onStack.add(path);
    for (const next of edges(path)) {
      if (!index.has(next)) {
        visit(next);
        low.set(path, Math.min(low.get(path)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(path, Math.min(low.get(path)!, index.get(next)!));
      }
    }
    if (low.get(path) === index.get(path)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== path);
      if (component.length > 1 || edges(path).includes(path)) found.push(closedPath(component, edges));
    }
  };
  for (const module of modules) if (!index.has(module.path)) visit(module.path);
  return found;
}

/** One cycle through a strongly connected component, for the message: a → b → … → a. */
function closedPath(component: string[], edges: (path: string) => string[]): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0]!;
  const path = [start];
  const seen = new Set([start]);
  let current = start;
  for (;;) {
    const next = edges(current).filter((target) => members.has(target));
    const back = next.find((target) => target === start);
    if (back !== undefined && path.length > 1) return [...path, start];
    const step = next.find((target) => !seen.has(target)) ?? back;
    if (step === undefined) return [...path, '…'];
    if (step === start) return [...path, start];
    path.push(step);
    seen.add(step);
    current = step;
  }
}

/** The text without comments, so a comment that mentions `process.exit` is not a use of it. */
function stripComments(text: string): string {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  let out = '';
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    out += kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia ? ' ' : scanner.getTokenText();
  }
  return out;
}
