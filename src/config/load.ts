/**
 * Reading, validating and merging config files (cosmiconfig + zod). Loaded only when a file exists or a config
 * command runs; find.ts does the cheap search.
 */
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { fileMode, findConfigFiles, type ConfigPlace, type FindOptions } from './find.js';
import { configFileSchema, formatIssues, type RawConfig, type RawProfile } from './schema.js';
import { findJsonSyntaxError } from './syntax.js';

/** One config file found. */
export interface ConfigFile {
  path: string;
  scope: ConfigPlace['scope'];
  /** Unix permission bits, for the readable-secret warning. */
  mode: number;
  config: RawConfig;
}

/** A profile after merging files, with the file each field came from. */
export interface MergedProfile {
  values: RawProfile;
  origins: Partial<Record<keyof RawProfile, string>>;
}

/** The config files in effect and the merged result. */
export interface LoadedConfig {
  files: ConfigFile[];
  defaultProfile: { value: string; origin: string } | undefined;
  profiles: Record<string, MergedProfile>;
}

/** Finds, reads and validates the config files, then merges them (project over global). */
export async function loadConfig(options: FindOptions): Promise<LoadedConfig | undefined> {
  const places = await findConfigFiles(options);
  if (places.length === 0) return undefined;
  const files: ConfigFile[] = [];
  for (const place of places) files.push(await readConfigFile(place.path, place.scope));
  return mergeConfigFiles(files);
}

/** Reads and validates one file. Throws ConfigError naming the file and each bad key path. */
export async function readConfigFile(path: string, scope: ConfigFile['scope']): Promise<ConfigFile> {
  const mode = fileMode(path);
  if (mode === undefined) {
    const isDirectory = isDirectoryPath(path);
    throw new ConfigError(`config file ${path} ${isDirectory ? 'is a directory, not a file' : 'does not exist'}`, {
      code: 'config.file_missing',
    });
  }
  // Lazy: cosmiconfig (YAML, JS loaders) only when a config file exists.
  const { cosmiconfig, defaultLoaders } = await import('cosmiconfig');
  // An explicitly named file may have any extension (e.g. `.fcinvokerc.example`): read unknown ones as YAML,
  // which also covers JSON.
  const extension = extname(path);
  const loaders = extension !== '' && !(extension in defaultLoaders) ? { [extension]: defaultLoaders['.yaml'] } : {};
  const explorer = cosmiconfig('fcinvoke', { searchStrategy: 'none', cache: false, loaders });
  let content: unknown;
  try {
    const result = await explorer.load(path);
    content = result?.config ?? {};
  } catch (error) {
    throw readError(path, error);
  }
  return { path, scope, mode, config: validateConfig(path, content) };
}

/** Validates parsed content against the schema; every issue becomes one `file: key.path: message` line. */
export function validateConfig(path: string, content: unknown): RawConfig {
  const parsed = configFileSchema.safeParse(content ?? {});
  if (parsed.success) return parsed.data;
  const problems = formatIssues(path, parsed.error.issues);
  throw new ConfigError(problems.join('\n'), { code: 'config.invalid', problems });
}

/** Merges files: later entries are lower priority (explicit/project first, global last). */
export function mergeConfigFiles(files: ConfigFile[]): LoadedConfig {
  const profiles: Record<string, MergedProfile> = {};
  let defaultProfile: LoadedConfig['defaultProfile'];
  for (const file of [...files].reverse()) {
    if (file.config.defaultProfile !== undefined) defaultProfile = { value: file.config.defaultProfile, origin: file.path };
    for (const [name, profile] of Object.entries(file.config.profiles ?? {})) {
      const merged = (profiles[name] ??= { values: {}, origins: {} });
      for (const [key, value] of Object.entries(profile) as Array<[keyof RawProfile, unknown]>) {
        if (value === undefined) continue;
        if (key === 'credentials') {
          // Per cloud, the higher-priority file's credentials replace the lower one's whole.
          merged.values.credentials = { ...merged.values.credentials, ...(value as RawProfile['credentials']) };
        } else {
          (merged.values as Record<string, unknown>)[key] = value;
        }
        merged.origins[key] = file.path;
      }
    }
  }
  return { files, defaultProfile, profiles };
}

/**
 * One line for a file that cannot be parsed: a syntax error names its line, column and reason (cosmiconfig's
 * own message puts those on later lines, under a code frame).
 */
function readError(path: string, error: unknown): ConfigError {
  const thrown = error as { name?: unknown; reason?: unknown; mark?: { line?: unknown; column?: unknown } };
  // js-yaml's YAMLException: `reason` and a 0-based `mark`.
  if (thrown?.name === 'YAMLException' && typeof thrown.reason === 'string') {
    const { line, column } = thrown.mark ?? {};
    const where = typeof line === 'number' && typeof column === 'number' ? ` at line ${line + 1}, column ${column + 1}` : '';
    return new ConfigError(`${path}: YAML syntax error${where}: ${thrown.reason}`, { code: 'config.syntax' });
  }
  // parse-json's JSONError has the position only inside a code frame: parse the text again for it.
  if (thrown?.name === 'JSONError') {
    let syntax;
    try {
      syntax = findJsonSyntaxError(readFileSync(path, 'utf8'));
    } catch {
      syntax = undefined;
    }
    if (syntax !== undefined) {
      const where = syntax.at === undefined ? '' : ` at line ${syntax.at.line}, column ${syntax.at.column}`;
      return new ConfigError(`${path}: JSON syntax error${where}: ${syntax.reason}`, { code: 'config.syntax' });
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  const reason = message.split('\n').find((line) => line.trim() !== '') ?? message;
  return new ConfigError(`${path}: cannot be read: ${reason.trim()}`, { code: 'config.unreadable' });
}

function isDirectoryPath(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}
