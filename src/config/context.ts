/**
 * The configuration context of a command: config files found and loaded (only when there are any), the
 * selected profile flattened, and a file reader for the native stores. The one place cli/ reaches config/.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../core/errors.js';
import { findConfigFiles } from './find.js';
import type { LoadedConfig } from './load.js';
import type { ReadText } from './native/index.js';
import { flattenProfile, selectProfileName, type FlatProfile } from './profile.js';
import type { Env, Sourced } from './resolve.js';

/** What a command knows about configuration. */
export interface ConfigContext {
  config: LoadedConfig | undefined;
  profile: FlatProfile | undefined;
  profileName: Sourced<string> | undefined;
  /** Warnings to print once (readable secrets). */
  warnings: string[];
}

/** Options naming the files and profile. */
export interface ContextOptions {
  cwd: string;
  home: string;
  env: Env;
  configPath?: string | undefined;
  profileFlag?: string | undefined;
}

/** Loads the config context; cosmiconfig and zod are imported only when a file exists. */
export async function loadConfigContext(options: ContextOptions): Promise<ConfigContext> {
  const places = await findConfigFiles({
    cwd: options.cwd,
    home: options.home,
    env: options.env,
    explicitPath: options.configPath,
  });
  let config: LoadedConfig | undefined;
  let warnings: string[] = [];
  if (places.length > 0) {
    // Lazy: the loader pulls in cosmiconfig and zod.
    const { readConfigFile, mergeConfigFiles } = await import('./load.js');
    const { permissionWarnings } = await import('./permissions.js');
    const files = [];
    for (const place of places) files.push(await readConfigFile(place.path, place.scope));
    config = mergeConfigFiles(files);
    warnings = permissionWarnings(files);
  }
  const profileName = selectProfileName(options.profileFlag, options.env, config);
  if (profileName !== undefined && config === undefined && profileName.source === 'FCINVOKE_PROFILE') {
    throw new ConfigError(`FCINVOKE_PROFILE is '${profileName.value}' but no config file was found`, {
      code: 'config.missing_profile',
    });
  }
  const profile = profileName === undefined ? undefined : flattenProfile(config, profileName);
  return { config, profile, profileName, warnings };
}

/** The native stores' file reader: text of a file, or undefined when it does not exist. */
export const readTextFile: ReadText = async (path) => {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new ConfigError(`cannot read ${path}: ${code ?? String(error)}`, { code: 'config.unreadable' });
  }
};
