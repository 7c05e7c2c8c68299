/**
 * aliyun CLI: `~/.aliyun/config.json` (providers.md §3.6). Profile: lookup.profile, else ALIBABACLOUD_PROFILE,
 * ALIBABA_CLOUD_PROFILE or ALICLOUD_PROFILE, else the file's `current`, else `default`.
 * ALIBABA_CLOUD_IGNORE_PROFILE=TRUE (CLI) and ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true (SDK) skip the file.
 * The file has no account ID.
 *
 * Modes, as `@alicloud/credentials` 2.4.7 providers/cli_profile.js reads them:
 * - `AK`, `StsToken`: keys ({@link NativeCredentials}).
 * - `RamRoleArn` (keys of the profile → `ram_role_arn`), `ChainableRamRoleArn` (`source_profile` → `ram_role_arn`,
 *   chains followed, cycles refused), `EcsRamRole` (`ram_role_name`), `OIDC` (`ram_role_arn`, `oidc_provider_arn`,
 *   `oidc_token_file`), `External` (`process_command`), `CredentialsURI` (`credentials_uri`): an exchange
 *   ({@link NativeExchange}). Session name `ram_session_name`, duration `expired_seconds` (OIDC also
 *   `duration_seconds`), STS region `sts_region`, `external_id` where the CLI has it.
 * - `CloudSSO`, `OAuth`: refused: their sign-in is interactive (a browser) and their tokens are the CLI's to
 *   refresh. `RsaKeyPair`: refused: the key-pair session API is retired (Japan site only).
 */
import type { CredentialSource, ExchangeSource } from '../../core/credential-source.js';
import type { CloudId } from '../../providers/types.js';
import {
  displayPath,
  homePath,
  isRecord,
  keys,
  malformed,
  optionalString,
  readCliProfile,
  unsupported,
  type NativeCredentials,
  type NativeExchange,
  type NativeLookup,
} from './types.js';

/** The aliyun CLI's profile variables, in the order it reads them. */
export const ALIYUN_PROFILE_VARIABLES = ['ALIBABACLOUD_PROFILE', 'ALIBABA_CLOUD_PROFILE', 'ALICLOUD_PROFILE'] as const;

const ALTERNATIVES =
  'use a profile in AK, StsToken, RamRoleArn, OIDC, EcsRamRole, External or CredentialsURI mode, or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET';

/** Reads one aliyun CLI profile: keys, or the exchange it describes; undefined when there is no file or profile. */
export async function readAliyunCli(cloud: CloudId, lookup: NativeLookup): Promise<NativeCredentials | NativeExchange | undefined> {
  if (cloud !== 'aliyun') return undefined;
  if (lookup.env.ALIBABA_CLOUD_IGNORE_PROFILE?.toUpperCase() === 'TRUE') return undefined;
  if (lookup.env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED?.toLowerCase() === 'true') return undefined;
  const found = await readCliProfile(lookup, homePath(lookup.home, '.aliyun', 'config.json'), ALIYUN_PROFILE_VARIABLES);
  if (found === undefined) return undefined;
  const { config, profile, where } = found;
  const file = { config, display: displayPath(homePath(lookup.home, '.aliyun', 'config.json'), lookup.home) };
  const source = profileSource(profile, file, []);
  const region = optionalString(profile, 'region_id', where);
  const common = { store: 'aliyun-cli' as const, cloud, source: where, ...(region === undefined ? {} : { region }) };
  return source.kind === 'static'
    ? { ...common, credentials: keys(source.credentials.accessKeyId, source.credentials.accessKeySecret, source.credentials.securityToken) }
    : { ...common, exchange: source };
}

/**
 * The keys-only view the Serverless Devs reader needs (its `default` alias points at the CLI's profile): an exchange
 * profile is refused there, by name.
 */
export async function readAliyunCliKeys(cloud: CloudId, lookup: NativeLookup): Promise<NativeCredentials | undefined> {
  const found = await readAliyunCli(cloud, lookup);
  if (found?.exchange === undefined) return found;
  throw unsupported(`${found.source} describes a credential exchange (${found.exchange.kind}); only AK or StsToken profiles can be used here`, ALTERNATIVES);
}

type KeySource = CredentialSource & { kind: 'static'; credentials: { kind: 'keys' } };

/** One profile as a credential source; `chain` holds the profiles that led here (ChainableRamRoleArn). */
function profileSource(
  profile: Record<string, unknown>,
  file: { config: Record<string, unknown>; display: string },
  chain: readonly string[],
): KeySource | ExchangeSource {
  const self = String(profile.name);
  const where = `${file.display} profile ${self}`;
  const mode = optionalString(profile, 'mode', where) ?? 'AK';
  const at = `${where} (mode ${mode})`;
  const field = (key: string) => optionalString(profile, key, where);
  const need = (key: string): string => {
    const value = field(key);
    if (value === undefined) throw malformed(`${at}: ${key} is missing`);
    return value;
  };
  const base = { cloud: 'aliyun' as const, origin: where };
  const role = () => {
    const sessionName = field('ram_session_name');
    const duration = durationOf(profile, mode === 'OIDC' ? ['duration_seconds', 'expired_seconds'] : ['expired_seconds'], at);
    const region = field('sts_region');
    return {
      roleArn: need('ram_role_arn'),
      ...(sessionName === undefined ? {} : { sessionName }),
      ...(duration === undefined ? {} : { durationSeconds: duration }),
      ...(region === undefined ? {} : { region }),
    };
  };
  switch (mode) {
    case 'AK':
    case 'StsToken': {
      const accessKeyId = need('access_key_id');
      const accessKeySecret = need('access_key_secret');
      const token = mode === 'StsToken' ? need('sts_token') : undefined;
      return { ...base, kind: 'static', credentials: keys(accessKeyId, accessKeySecret, token) };
    }
    case 'RamRoleArn': {
      const via: KeySource = { ...base, kind: 'static', credentials: keys(need('access_key_id'), need('access_key_secret')) };
      const externalId = field('external_id');
      return { ...base, kind: 'assume-role', ...role(), ...(externalId === undefined ? {} : { externalId }), via };
    }
    case 'ChainableRamRoleArn': {
      const name = need('source_profile');
      if (name === self || chain.includes(name)) {
        throw malformed(`${at}: source_profile ${name} leads back to itself (${[...chain, self, name].join(' → ')})`);
      }
      const profiles = Array.isArray(file.config.profiles) ? (file.config.profiles as unknown[]) : [];
      const next = profiles.find((entry) => isRecord(entry) && entry.name === name);
      if (!isRecord(next)) throw malformed(`${at}: source_profile ${name} is not a profile of ${file.display}`);
      const via = profileSource(next, file, [...chain, self]);
      return { ...base, kind: 'assume-role', ...role(), via };
    }
    case 'EcsRamRole': {
      const roleName = field('ram_role_name');
      return { ...base, kind: 'instance', ...(roleName === undefined ? {} : { roleName }) };
    }
    case 'OIDC':
      return { ...base, kind: 'web-identity', ...role(), providerId: need('oidc_provider_arn'), tokenFile: need('oidc_token_file') };
    case 'External':
      return { ...base, kind: 'process', command: need('process_command') };
    case 'CredentialsURI':
      return { ...base, kind: 'uri', url: need('credentials_uri') };
    case 'CloudSSO':
    case 'OAuth':
      throw unsupported(
        `${where}: mode ${mode} signs in through a browser and cannot be used by fcinvoke`,
        `sign in with the aliyun CLI, then use an External profile whose process_command prints that profile's credentials; or ${ALTERNATIVES}`,
      );
    case 'RsaKeyPair':
      throw unsupported(`${where}: mode RsaKeyPair is retired by Alibaba Cloud and not supported`, ALTERNATIVES);
    default:
      throw unsupported(`${where}: mode ${mode} is not a mode of the aliyun CLI`, ALTERNATIVES);
  }
}

/** The first of `names` set to a whole number of seconds (0 or absent: the default). */
function durationOf(profile: Record<string, unknown>, names: readonly string[], at: string): number | undefined {
  for (const name of names) {
    const value = profile[name];
    if (value === undefined || value === null || value === 0 || value === '') continue;
    const seconds = typeof value === 'number' ? value : Number(value);
    if (!Number.isInteger(seconds) || seconds < 0) throw malformed(`${at}: ${name} must be a whole number of seconds`);
    return seconds;
  }
  return undefined;
}
