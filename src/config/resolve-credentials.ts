/**
 * Credentials and identifiers for a provider as the CLI finds them, for library callers: the config file's
 * profile, the cloud's environment variables and the other tools' credential stores, in the order of
 * docs/config.md. Everything it reads from the process is passed in (environment, home and working directory).
 */
import { ConfigError } from '../core/errors.js';
import { findProvider } from '../providers/registry.js';
import { loadConfigContext, readTextFile } from './context.js';
import { resolveCredentialChain, type ResolvedCredentials } from './credentials.js';
import type { ExchangeSource } from '../core/credential-source.js';
import type { Env } from './resolve.js';
import { resolveSettings, storeSettings } from './settings.js';

/** Where {@link resolveCredentials} looks. */
export interface ResolveCredentialsOptions {
  /** A provider id or alias (`tencent`, `fc2`…): its cloud decides which credentials are looked for. */
  provider: string;
  /** The environment variables to read (e.g. `process.env`). */
  env: Env;
  /** The home directory, where config files and other tools' credential stores live (e.g. `os.homedir()`). */
  home: string;
  /** Where the config file search starts (e.g. `process.cwd()`). */
  cwd: string;
  /** The profile to use, as `--profile`. @default FCINVOKE_PROFILE, then the file's default profile */
  profile?: string | undefined;
  /** This config file only, as `--config`. @default FCINVOKE_CONFIG, then the search */
  configPath?: string | undefined;
  /** A Huawei IAM token, as `--token`. */
  token?: string | undefined;
}

/**
 * Credentials with their source, and the identifiers found beside them. `credentials` sign as they are; when the
 * chain names an exchange (a role, OIDC federation, an agency, the instance), `exchange` describes it instead
 * (a {@link ExchangeSource}: pure data, no secret but the static keys it may be signed with).
 */
export type ResolvedProviderCredentials = ResolvedCredentials & {
  /** Region, account id, project id and the other settings from the environment, the profile or the store. */
  settings: { region?: string; accountId?: string; projectId?: string; service?: string; namespace?: string; qualifier?: string; endpoint?: string };
  /** Warnings about the config files (readable secrets), for the caller to show or not. */
  warnings: string[];
};

/** Finds credentials for a provider; throws a ConfigError naming everything tried when there are none. */
export async function resolveCredentials(options: ResolveCredentialsOptions): Promise<ResolvedProviderCredentials> {
  const entry = findProvider(options.provider);
  if (entry === undefined) throw new ConfigError(`unknown provider '${options.provider}'`, { code: 'config.unknown_provider' });
  const context = await loadConfigContext({
    cwd: options.cwd,
    home: options.home,
    env: options.env,
    configPath: options.configPath,
    profileFlag: options.profile,
  });
  const resolved = await resolveCredentialChain({
    cloud: entry.cloud,
    env: options.env,
    token: options.token === undefined ? undefined : { value: options.token, source: 'token option' },
    profile: context.profile,
    lookup: { home: options.home, cwd: options.cwd, readText: readTextFile },
  });
  const native = resolved.native;
  const keys = ['region', 'accountId', 'projectId', 'service', 'namespace', 'qualifier', 'endpoint'] as const;
  const found = resolveSettings(
    {
      flags: {},
      env: options.env,
      cloud: entry.cloud,
      profile: context.profile,
      native: storeSettings(native),
    },
    keys,
  );
  const settings: ResolvedProviderCredentials['settings'] = {};
  for (const key of keys) if (found[key] !== undefined) settings[key] = String(found[key].value);
  return { ...resolved, settings, warnings: context.warnings };
}
