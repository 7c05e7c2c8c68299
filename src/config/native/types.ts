/**
 * Shared types and small helpers for the readers of other tools' credential stores (providers.md §1.6, §3.6, §5.6).
 *
 * Every reader is pure: the only I/O is the injected {@link ReadText}, and the home directory and environment are
 * passed in. Readers never write, and never put a secret value in an error message or in `source`.
 */
import { isAbsolute, join, relative, sep } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import type { ExchangeSource } from '../../core/credential-source.js';
import type { CloudId, KeyCredentials } from '../../providers/types.js';

/** The credential stores fcinvoke can read, named after the tool that writes each one. */
export type NativeStoreId =
  | 'tccli'
  | 'tencentcloud'
  | 'aliyun-cli'
  | 'alibabacloud'
  | 'serverless-devs'
  | 'huaweicloud'
  | 'koocli'
  | 'openstack-clouds';

/** Reads a file's text, or undefined when it does not exist (the only I/O, injected so readers are pure). */
export type ReadText = (path: string) => Promise<string | undefined>;

/** Where and how to look. */
export interface NativeLookup {
  /** The user's home directory; `~` in every documented path. */
  home: string;
  /** The environment, for path overrides and each tool's own profile variables. */
  env: Readonly<Record<string, string | undefined>>;
  readText: ReadText;
  /** The working directory, for stores looked up there too (OpenStack's `./clouds.yaml`); absent: not looked in. */
  cwd?: string | undefined;
  /** a profile/alias/section name asked for explicitly */
  profile?: string | undefined;
}

/** Keys found in a store, with where they came from. */
export interface NativeCredentials {
  store: NativeStoreId;
  cloud: CloudId;
  /** kind 'keys'; securityToken when the store has one */
  credentials: KeyCredentials;
  exchange?: undefined;
  /** where it came from, for `config show`: e.g. "~/.tccli/default.credential" or "~/.aliyun/config.json profile default" — no secrets */
  source: string;
  region?: string | undefined;
  accountId?: string | undefined;
  projectId?: string | undefined;
}

/**
 * A store entry that describes an exchange rather than holding keys (a tccli `role-arn`, an aliyun CLI `RamRoleArn`
 * profile, an `oidc_role_arn` section…): carried out by engine/credentials/. Readers may return it where they
 * return {@link NativeCredentials}.
 */
export interface NativeExchange {
  store: NativeStoreId;
  cloud: CloudId;
  exchange: ExchangeSource;
  /** Absent: the keys come from the exchange (tells the two kinds apart, as ResolvedCredentials does). */
  credentials?: undefined;
  /** where it came from, as in NativeCredentials — no secrets */
  source: string;
  region?: string | undefined;
  accountId?: string | undefined;
  projectId?: string | undefined;
}

/** How a reader chose the profile it reads: explicit ones must exist, default ones may be absent. */
export interface ProfileChoice {
  name: string;
  /** True when the user named it (lookup.profile, or the tool's own environment variable). */
  explicit: boolean;
  /** Said in errors so the user knows where the name came from, e.g. "TCCLI_PROFILE". */
  from: string;
}

/** Error codes the readers throw (all ConfigError, exit 2). */
export const NATIVE_ERROR_CODES = {
  malformed: 'config.native_malformed',
  profileMissing: 'config.native_profile_missing',
  unsupported: 'config.native_unsupported',
  encrypted: 'config.native_encrypted',
  unreadable: 'config.native_unreadable',
} as const;

/** The profile asked for in the lookup, else the first set variable among `variables`, else `fallback`. */
export function chooseProfile(
  lookup: NativeLookup,
  variables: readonly string[],
  fallback: string | undefined,
): ProfileChoice | undefined {
  if (lookup.profile !== undefined && lookup.profile !== '') {
    return { name: lookup.profile, explicit: true, from: 'the requested profile' };
  }
  for (const variable of variables) {
    const value = lookup.env[variable];
    if (value !== undefined && value !== '') return { name: value, explicit: true, from: variable };
  }
  return fallback === undefined ? undefined : { name: fallback, explicit: false, from: 'the default' };
}

/** A path for messages and `source`: `~/…` under the home directory, else as given. */
export function displayPath(path: string, home: string): string {
  const inside = relative(home, path);
  if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) return `~/${inside.split(sep).join('/')}`;
  return path;
}

/** `home` joined with the parts. */
export function homePath(home: string, ...parts: string[]): string {
  return join(home, ...parts);
}

/** Reads one file through the injected reader; an I/O failure becomes a ConfigError naming the file (not its text). */
export async function readStoreFile(lookup: NativeLookup, path: string): Promise<string | undefined> {
  try {
    const text = await lookup.readText(path);
    return text === undefined ? undefined : text.replace(/^\uFEFF/, '');
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    throw new ConfigError(
      `cannot read ${displayPath(path, lookup.home)}${typeof code === 'string' ? ` (${code})` : ''}`,
      { code: NATIVE_ERROR_CODES.unreadable },
    );
  }
}

/**
 * Parses JSON without ever repeating the file's text: V8's SyntaxError messages quote the input, which may hold
 * a secret, so only a line and column are kept.
 */
export function parseJsonFile(text: string, display: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    const where = position === null ? '' : ` at ${lineColumn(text, Number(position[1]))}`;
    throw malformed(`${display} is not valid JSON${where}`);
  }
}

/** A ConfigError for a file that exists but cannot be used as it is. */
export function malformed(message: string): ConfigError {
  return new ConfigError(message, { code: NATIVE_ERROR_CODES.malformed });
}

/** A ConfigError for a profile the user asked for that the file does not hold. */
export function profileMissing(display: string, kind: string, choice: ProfileChoice): ConfigError {
  const via = choice.from === 'the requested profile' ? '' : ` (named by ${choice.from})`;
  return new ConfigError(`${display} has no ${kind} "${choice.name}"${via}`, {
    code: NATIVE_ERROR_CODES.profileMissing,
  });
}

/** A ConfigError for a credential mode fcinvoke cannot use yet. */
export function unsupported(message: string, hint?: string): ConfigError {
  return new ConfigError(message, { code: NATIVE_ERROR_CODES.unsupported, hint });
}

/** True for a plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field that must be a string when present; anything else is a ConfigError naming the key (never the value). */
export function optionalString(record: Record<string, unknown>, key: string, where: string): string | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') throw malformed(`${where}: ${key} must be a string`);
  return value === '' ? undefined : value;
}

/** Builds KeyCredentials, leaving the token out when there is none. */
export function keys(accessKeyId: string, accessKeySecret: string, securityToken?: string): KeyCredentials {
  return {
    kind: 'keys',
    accessKeyId,
    accessKeySecret,
    ...(securityToken === undefined || securityToken === '' ? {} : { securityToken }),
  };
}

/** Profile names become file names (tccli), so a separator or `..` could read outside the store. */
export function assertSafeProfileName(choice: ProfileChoice, store: string): void {
  if (/[\\/]/.test(choice.name) || choice.name === '.' || choice.name === '..') {
    throw new ConfigError(`invalid ${store} profile name "${choice.name}": it must not contain / or \\`, {
      code: NATIVE_ERROR_CODES.profileMissing,
    });
  }
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/**
 * The chosen profile of a CLI's JSON config (`{ "current": …, "profiles": [{ "name": …, … }] }`, as the aliyun
 * CLI and KooCLI write it), with the whole file and `where` (`~/.x/config.json profile name`) for messages. The
 * profile is the requested one, else the first variable set, else the file's `current`, else `default`.
 * Undefined when there is no file, or when a profile chosen by default is absent; a named one must exist.
 */
export async function readCliProfile(
  lookup: NativeLookup,
  path: string,
  profileVariables: readonly string[],
): Promise<{ config: Record<string, unknown>; profile: Record<string, unknown>; where: string } | undefined> {
  const text = await readStoreFile(lookup, path);
  if (text === undefined) return undefined;
  const display = displayPath(path, lookup.home);
  const config = parseJsonFile(text, display);
  if (!isRecord(config)) throw malformed(`${display} must hold a JSON object`);
  const profiles = config.profiles ?? [];
  if (!Array.isArray(profiles)) throw malformed(`${display}: profiles must be an array`);
  const current = optionalString(config, 'current', display);
  const choice = chooseProfile(lookup, profileVariables, current ?? 'default');
  if (choice === undefined) return undefined;
  const profile: unknown = profiles.find((entry) => isRecord(entry) && entry.name === choice.name);
  if (!isRecord(profile)) {
    if (choice.explicit) throw profileMissing(display, 'profile', choice);
    return undefined;
  }
  return { config, profile, where: `${display} profile ${choice.name}` };
}
