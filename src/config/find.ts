/**
 * Finding config files without reading them. Kept apart from load.ts so that the invoke path only stats a few
 * names: cosmiconfig and zod are imported only when a file exists.
 */
import { readFile, stat } from 'node:fs/promises';
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
  const project = await findProjectFile(resolve(options.cwd));
  if (project !== undefined) found.push({ path: project, scope: 'project' });
  const configHome = nonEmpty(options.env['XDG_CONFIG_HOME']) ?? join(options.home, '.config');
  for (const name of GLOBAL_NAMES) {
    const path = join(configHome, 'fcinvoke', name);
    if ((await fileMode(path)) !== undefined && path !== project) {
      found.push({ path, scope: 'global' });
      break;
    }
  }
  return found;
}

/** Whether a file exists, and its permission bits. */
export async function fileMode(path: string): Promise<number | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.mode & 0o777 : undefined;
  } catch {
    return undefined;
  }
}

async function findProjectFile(start: string): Promise<string | undefined> {
  let dir = start;
  for (;;) {
    for (const name of SEARCH_PLACES) {
      const path = join(dir, name);
      if ((await fileMode(path)) === undefined) continue;
      if (name === 'package.json' && !(await hasPackageKey(path))) continue;
      return path;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

async function hasPackageKey(path: string): Promise<boolean> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && 'fcinvoke' in parsed;
  } catch {
    return false;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
