/**
 * Credentials and defaults from the environment, with the name of the variable that supplied each value.
 * Pure: the environment is passed in.
 */
import { CLOUD_TITLES } from '../core/describe-source.js';
import { ConfigError } from '../core/errors.js';
import type { CloudId, Credentials } from '../providers/types.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** The variables each cloud's own tools read, first match wins (providers.md §1.6, §3.6, §5.6). */
export const CREDENTIAL_VARIABLES: Record<
  CloudId,
  { id: readonly string[]; secret: readonly string[]; token: readonly string[]; region: readonly string[] }
> = {
  tencent: {
    id: ['TENCENTCLOUD_SECRET_ID'],
    secret: ['TENCENTCLOUD_SECRET_KEY'],
    token: ['TENCENTCLOUD_SESSION_TOKEN', 'TENCENTCLOUD_SECURITY_TOKEN', 'TENCENTCLOUD_TOKEN'],
    region: ['TENCENTCLOUD_REGION'],
  },
  aliyun: {
    id: ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABACLOUD_ACCESS_KEY_ID', 'ALICLOUD_ACCESS_KEY_ID'],
    secret: ['ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABACLOUD_ACCESS_KEY_SECRET', 'ALICLOUD_ACCESS_KEY_SECRET'],
    token: ['ALIBABA_CLOUD_SECURITY_TOKEN', 'ALIBABACLOUD_SECURITY_TOKEN', 'ALICLOUD_SECURITY_TOKEN'],
    region: ['ALIBABA_CLOUD_REGION_ID', 'ALIBABACLOUD_REGION_ID', 'ALICLOUD_REGION_ID'],
  },
  huawei: {
    id: ['HUAWEICLOUD_SDK_AK'],
    secret: ['HUAWEICLOUD_SDK_SK'],
    token: ['HUAWEICLOUD_SDK_SECURITY_TOKEN'],
    region: ['HUAWEICLOUD_SDK_REGION'],
  },
  // The variables of OTC's own FunctionGraph sample (providers.md §9.1); OTC documents no temporary-key variable.
  otc: {
    id: ['OTC_SDK_AK'],
    secret: ['OTC_SDK_SK'],
    token: [],
    region: ['OTC_SDK_REGION'],
  },
};

/** A value and the name of where it came from (a flag or a variable). */
export interface Sourced<T> {
  value: T;
  source: string;
}

/**
 * The first variable among `names` that is set to something. A variable set to an empty or blank value counts
 * as not set, as most tools treat it (`FCINVOKE_PROFILE= fcinvoke …`, `export TENCENTCLOUD_REGION=`), so the
 * next source applies; a flag given an empty value, by contrast, is an error (cli/options.ts `refuseEmpty`).
 */
export function firstEnv(env: Env, names: readonly string[]): Sourced<string> | undefined {
  for (const name of names) {
    const value = env[name];
    if (isSet(value)) return { value, source: name };
  }
  return undefined;
}

/** True when an environment value is set to something other than blanks. */
export function isSet(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

/** Access keys for a cloud from the environment; a clear ConfigError naming the variables when missing. */
export function resolveKeyCredentials(cloud: CloudId, env: Env): Credentials {
  const names = CREDENTIAL_VARIABLES[cloud];
  const id = firstEnv(env, names.id);
  const secret = firstEnv(env, names.secret);
  if (id === undefined || secret === undefined) {
    const missing = [id === undefined ? names.id[0] : undefined, secret === undefined ? names.secret[0] : undefined]
      .filter((name) => name !== undefined)
      .join(' and ');
    throw new ConfigError(`missing ${cloudTitle(cloud)} credentials: set ${missing}`, {
      code: 'config.missing_credentials',
      hint: 'or use --local to try the built-in emulator with demo credentials',
    });
  }
  const token = firstEnv(env, names.token);
  return {
    kind: 'keys',
    accessKeyId: id.value,
    accessKeySecret: secret.value,
    ...(token === undefined ? {} : { securityToken: token.value }),
  };
}

/** A cloud's name for messages. */
export function cloudTitle(cloud: CloudId): string {
  return CLOUD_TITLES[cloud];
}

/** `${env:NAME}` anywhere in a config string. */
const ENV_REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Expands `${env:NAME}` references; a variable that is not set is a ConfigError naming it and where it was used. */
export function expandEnv(value: string, env: Env, where: string): string {
  return value.replace(ENV_REFERENCE, (_match, name: string) => {
    const found = env[name];
    if (!isSet(found)) {
      throw new ConfigError(`${where}: environment variable ${name} is not set`, { code: 'config.missing_env' });
    }
    return found;
  });
}

/** True when a config string is nothing but one `${env:…}` reference (so the file holds no literal secret). */
export function isEnvReference(value: string): boolean {
  return /^\$\{env:[A-Za-z_][A-Za-z0-9_]*\}$/.test(value);
}
