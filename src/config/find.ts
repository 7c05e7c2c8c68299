/**
 * Finding config files without reading them. Kept apart from load.ts so that the invoke path only stats a few
 * names: cosmiconfig and zod are imported only when a file exists.
 *
 * The stats are synchronous on purpose: the walk from the working directory to `/` checks up to a dozen names
 * per directory one after another, and each asynchronous stat is a round trip through the thread pool (~0.15 ms
 * here, ~6 ms for a walk of four directories, on every invocation); a synchronous one takes a few microseconds.
 * Nothing else runs while a command starts, so there is nothing for the event loop to do in the meantime.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Env } from './resolve.js';

/** Names searched in each directory from the working directory upward, in order (first found wins). */
export const SEARCH_PLACES = [
  'package.json',
  '.fcinvokerc',
  '.fcinvokerc.json',
  '.fcinvokerc.yaml',
  '.fcinvokerc.yml',
  '.fcinvokerc.js',
  '.fcinvokerc.cjs',
  '.fcinvokerc.mjs',
  'fcinvoke.config.js',
  'fcinvoke.config.cjs',
  'fcinvoke.config.mjs',
] as const;

/** Names of the user's global file, in `$XDG_CONFIG_HOME/fcinvoke/` (default `~/.config/fcinvoke/`). */
export const GLOBAL_NAMES = ['config.json', 'config.yaml', 'config.yml'] as const;

/** Where to look. */
export interface FindOptions {
  cwd: string;
  home: string;
  env: Env;
  /** `--config <path>`: this file only. */
  explicitPath?: string | undefined;
}

/** A config file's place and how it was found. */
export interface ConfigPlace {
  path: string;
  scope: 'explicit' | 'project' | 'global';
}

/** Finds the files in effect without reading them: the explicit one, or the nearest project file and the global one. */
export async function findConfigFiles(options: FindOptions): Promise<ConfigPlace[]> {
  const explicit = options.explicitPath ?? nonEmpty(options.env['FCINVOKE_CONFIG']);
  if (explicit !== undefined) return [{ path: resolve(options.cwd, explicit), scope: 'explicit' }];
  const found: ConfigPlace[] = [];
  const project = findProjectFile(resolve(options.cwd));
  if (project !== undefined) found.push({ path: project, scope: 'project' });
  const configHome = nonEmpty(options.env['XDG_CONFIG_HOME']) ?? join(options.home, '.config');
  for (const name of GLOBAL_NAMES) {
    const path = join(configHome, 'fcinvoke', name);
    if (fileMode(path) !== undefined && path !== project) {
      found.push({ path, scope: 'global' });
      break;
    }
  }
  return found;
}

/** Whether a file exists, and its permission bits. */
export function fileMode(path: string): number | undefined {
  try {
    const info = statSync(path, { throwIfNoEntry: false });
    return info?.isFile() ? info.mode & 0o777 : undefined;
  } catch {
    // ENOTDIR (a path component is a file), EACCES, ELOOP…: not a config file we can use.
    return undefined;
  }
}

function findProjectFile(start: string): string | undefined {
  let dir = start;
  for (;;) {
    for (const name of SEARCH_PLACES) {
      const path = join(dir, name);
      if (fileMode(path) === undefined) continue;
      if (name === 'package.json' && !hasPackageKey(path)) continue;
      return path;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function hasPackageKey(path: string): boolean {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && 'fcinvoke' in parsed;
  } catch {
    return false;
  }
}

/** An environment value, or undefined when it is not set or blank (config/resolve.ts `isSet`). */
function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
