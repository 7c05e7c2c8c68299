/**
 * Settings precedence, pure: command-line flags > environment variables > selected profile > profile it extends
 * > values a native credential store carries (region, account id, project id) > built-in defaults.
 * Every value keeps the name of its source, for `config show` and error messages.
 */
import type { CloudId } from '../providers/types.js';
import type { FlatProfile } from './profile.js';
import { CREDENTIAL_VARIABLES, expandEnv, firstEnv, type Env, type Sourced } from './resolve.js';
import type { SettingKey } from './schema.js';

export type SettingValue = string | number | boolean;
export type ResolvedSettings = Partial<Record<SettingKey, Sourced<SettingValue>>>;

/**
 * Built-in defaults, the last resort. The timeout has none here: it depends on the provider and the invocation
 * type (providers/<p>/limits.ts `defaultTimeoutMs`), and is passed in {@link SettingsInput.defaults}.
 */
export const BUILT_IN_DEFAULTS: Partial<Record<SettingKey, SettingValue>> = {
  retries: 2,
  output: 'human',
  log: true,
};

/** The environment variables that may supply a setting, per cloud. */
export function settingVariables(key: SettingKey, cloud: CloudId | undefined): readonly string[] {
  switch (key) {
    case 'region':
      return cloud === undefined ? [] : CREDENTIAL_VARIABLES[cloud].region;
    case 'accountId':
      return cloud === 'aliyun' ? ['ALIBABA_CLOUD_ACCOUNT_ID', 'ALIBABACLOUD_ACCOUNT_ID', 'ALICLOUD_ACCOUNT_ID'] : [];
    case 'projectId':
      return cloud === 'huawei' ? ['HUAWEICLOUD_SDK_PROJECT_ID'] : cloud === 'otc' ? ['OTC_SDK_PROJECT_ID'] : [];
    default:
      return [];
  }
}

/** Inputs to {@link resolveSettings}. */
export interface SettingsInput {
  /** Values given on the command line, with the flag's name as source. */
  flags: Partial<Record<SettingKey, Sourced<SettingValue>>>;
  env: Env;
  cloud: CloudId | undefined;
  profile?: FlatProfile | undefined;
  /** Identifiers found beside native credentials. */
  native?: Partial<Record<'region' | 'accountId' | 'projectId', Sourced<string>>> | undefined;
  /** Defaults that depend on the provider, ranked with (and before) the built-in ones. */
  defaults?: Partial<Record<SettingKey, Sourced<SettingValue>>> | undefined;
}

/** The identifiers a credential store carried beside its keys (or its exchange), with the store as their source. */
export function storeSettings(
  native: { region?: string | undefined; accountId?: string | undefined; projectId?: string | undefined; source: string } | undefined,
): NonNullable<SettingsInput['native']> {
  const found: NonNullable<SettingsInput['native']> = {};
  for (const key of ['region', 'accountId', 'projectId'] as const) {
    const value = native?.[key];
    if (value) found[key] = { value, source: native!.source };
  }
  return found;
}

/** Resolves each setting to its highest-precedence value. */
export function resolveSettings(input: SettingsInput, keys: readonly SettingKey[]): ResolvedSettings {
  const resolved: ResolvedSettings = {};
  for (const key of keys) {
    const value =
      input.flags[key] ??
      firstEnv(input.env, settingVariables(key, input.cloud)) ??
      fromProfile(input.profile, key, input.env) ??
      (key === 'region' || key === 'accountId' || key === 'projectId' ? input.native?.[key] : undefined) ??
      input.defaults?.[key] ??
      builtIn(key);
    if (value !== undefined) resolved[key] = value;
  }
  return resolved;
}

function fromProfile(profile: FlatProfile | undefined, key: SettingKey, env: Env): Sourced<SettingValue> | undefined {
  const value = profile?.values[key];
  if (value === undefined) return undefined;
  const source = profile?.origins[key] ?? `profile ${profile?.name}`;
  return { value: typeof value === 'string' ? expandEnv(value, env, source) : value, source };
}

function builtIn(key: SettingKey): Sourced<SettingValue> | undefined {
  const value = BUILT_IN_DEFAULTS[key];
  return value === undefined ? undefined : { value, source: 'built-in default' };
}
