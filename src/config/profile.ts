/**
 * Profiles: which one is selected, and its values after `extends` (cycles refused), each with the file and key
 * it came from. Pure: takes the loaded config and the environment.
 */
import { ConfigError } from '../core/errors.js';
import type { CloudId } from '../providers/types.js';
import type { LoadedConfig, MergedProfile } from './load.js';
import { isSet, type Env, type Sourced } from './resolve.js';
import type { RawProfile } from './schema.js';

/** A profile flattened through its `extends` chain; `origins` says `file: profiles.<name>.<key>` per field. */
export interface FlatProfile {
  name: string;
  values: Omit<RawProfile, 'extends'>;
  origins: Partial<Record<keyof RawProfile, string>>;
  /** Where each cloud's credentials block came from. */
  credentialOrigins: Partial<Record<CloudId, string>>;
  /** The file each cloud's credentials block came from: relative token file paths are relative to its directory. */
  credentialFiles?: Partial<Record<CloudId, string>> | undefined;
  /** The chain, selected profile first. */
  chain: string[];
  /** The config it came from, for `source: {profile: <name>}` in credentials (another profile of the same files). */
  config?: LoadedConfig | undefined;
}

/**
 * The profile to use: `--profile` > FCINVOKE_PROFILE > the file's `defaultProfile` > `default` if it exists.
 * Undefined when no profile applies.
 */
export function selectProfileName(
  flag: string | undefined,
  env: Env,
  config: LoadedConfig | undefined,
): Sourced<string> | undefined {
  if (flag !== undefined && flag !== '') return { value: flag, source: '--profile' };
  const fromEnv = env['FCINVOKE_PROFILE'];
  if (isSet(fromEnv)) return { value: fromEnv, source: 'FCINVOKE_PROFILE' };
  if (config?.defaultProfile !== undefined) {
    return { value: config.defaultProfile.value, source: `${config.defaultProfile.origin}: defaultProfile` };
  }
  if (config?.profiles['default'] !== undefined) return { value: 'default', source: 'built-in default' };
  return undefined;
}

/** Flattens a profile through `extends`. Throws ConfigError for a missing profile or a cycle. */
export function flattenProfile(config: LoadedConfig | undefined, selected: Sourced<string>): FlatProfile {
  const chain: string[] = [];
  const values: Record<string, unknown> = {};
  const origins: Partial<Record<keyof RawProfile, string>> = {};
  const credentialOrigins: Partial<Record<CloudId, string>> = {};
  const credentialFiles: Partial<Record<CloudId, string>> = {};
  const credentials: Record<string, unknown> = {};
  let name: string | undefined = selected.value;
  let requiredBy = selected.source;
  while (name !== undefined) {
    if (chain.includes(name)) {
      throw new ConfigError(`profiles.${chain[0]}: extends forms a cycle: ${[...chain, name].join(' → ')}`, {
        code: 'config.extends_cycle',
      });
    }
    const profile: MergedProfile | undefined = config?.profiles[name];
    if (profile === undefined) {
      const known = Object.keys(config?.profiles ?? {});
      throw new ConfigError(
        `profile '${name}' (from ${requiredBy}) is not defined${config === undefined ? ': no config file was found' : ''}`,
        {
          code: 'config.missing_profile',
          hint: known.length > 0 ? `defined profiles: ${known.join(', ')}` : 'create .fcinvokerc (see .fcinvokerc.example)',
        },
      );
    }
    chain.push(name);
    for (const [key, value] of Object.entries(profile.values) as Array<[keyof RawProfile, unknown]>) {
      if (key === 'extends' || value === undefined) continue;
      if (key === 'credentials') {
        // A nearer profile's credentials for a cloud win over the extended profile's for the same cloud.
        for (const [cloud, spec] of Object.entries(value as Record<string, unknown>)) {
          if (spec === undefined || cloud in credentials) continue;
          credentials[cloud] = spec;
          credentialOrigins[cloud as CloudId] = `${profile.origins.credentials}: profiles.${name}.credentials.${cloud}`;
          if (profile.origins.credentials !== undefined) credentialFiles[cloud as CloudId] = profile.origins.credentials;
        }
        continue;
      }
      if (key in values) continue;
      values[key] = value;
      origins[key] = `${profile.origins[key]}: profiles.${name}.${key}`;
    }
    requiredBy = `profiles.${name}.extends`;
    name = profile.values.extends;
  }
  if (Object.keys(credentials).length > 0) values['credentials'] = credentials;
  return { name: selected.value, values: values as FlatProfile['values'], origins, credentialOrigins, credentialFiles, chain, config };
}

/**
 * The profile a credentials block's `source: {profile: <name>}` names (`key` is that key's path), flattened, for
 * the same cloud. Throws ConfigError when it is not defined, has no credentials for the cloud, or is already in
 * `visiting` (the profiles followed so far, selected first): a cycle, named.
 */
export function sourceProfile(config: LoadedConfig | undefined, cloud: CloudId, name: string, key: string, visiting: readonly string[]): FlatProfile {
  if (visiting.includes(name)) {
    throw new ConfigError(`${key}: the credentials form a cycle: ${[...visiting, name].join(' → ')}`, { code: 'config.credentials_cycle' });
  }
  const profile = flattenProfile(config, { value: name, source: key });
  if (profile.values.credentials?.[cloud] === undefined) {
    throw new ConfigError(`${key}: profile '${name}' has no ${cloud} credentials`, { code: 'config.missing_credentials_profile' });
  }
  return profile;
}

/**
 * Checks every profile's `source: {profile: …}` references (defined, holding that cloud's credentials, no
 * cycle) without reading the environment or any store: `config validate`.
 */
export function checkCredentialSources(config: LoadedConfig): void {
  for (const name of Object.keys(config.profiles)) {
    const profile = flattenProfile(config, { value: name, source: 'config validate' });
    for (const cloud of Object.keys(profile.values.credentials ?? {}) as CloudId[]) {
      const visiting = [name];
      let current = profile;
      for (let next = sourceProfileName(current, cloud); next !== undefined; next = sourceProfileName(current, cloud)) {
        current = sourceProfile(config, cloud, next, `${current.credentialOrigins[cloud]}.source.profile`, visiting);
        visiting.push(next);
      }
    }
  }
}

/** The profile a block's `source:` names, if it names one. */
function sourceProfileName(profile: FlatProfile, cloud: CloudId): string | undefined {
  const spec: unknown = profile.values.credentials?.[cloud];
  const source = typeof spec === 'object' && spec !== null ? (spec as { source?: unknown }).source : undefined;
  return typeof source === 'object' && source !== null && 'profile' in source ? String(source.profile) : undefined;
}
