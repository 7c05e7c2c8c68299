/**
 * Alibaba Cloud SDK profile file: INI `~/.alibabacloud/credentials`, path from ALIBABA_CLOUD_CREDENTIALS_FILE
 * (providers.md §3.6; `@alicloud/credentials` 2.4.7 `providers/profile.js` and the older
 * `provider/profile_credentials_provider.js`). Section: lookup.profile, else ALIBABA_CLOUD_PROFILE, else `default`.
 *
 * Types: `access_key` and `sts` (`security_token`) hold keys; `ram_role_arn` (the section's keys → `role_arn`,
 * `role_session_name`, `policy`), `oidc_role_arn` (`role_arn`, `oidc_provider_arn`, `oidc_token_file_path`,
 * `role_session_name`, `policy`), `ecs_ram_role` (`role_name`) and `credentials_uri` (`credentials_uri`) describe
 * an exchange. `rsa_key_pair` (retired) and `bearer` (a bearer token cannot sign Function Compute requests) are
 * refused by name.
 */
import type { ExchangeSource } from '../../core/credential-source.js';
import type { CloudId } from '../../providers/types.js';
import { iniValue, readIniSection } from './ini.js';
import {
  homePath,
  keys,
  malformed,
  unsupported,
  type NativeCredentials,
  type NativeExchange,
  type NativeLookup,
} from './types.js';

/** Overrides the file's path. */
export const ALIBABACLOUD_FILE_VARIABLE = 'ALIBABA_CLOUD_CREDENTIALS_FILE';

/** The SDK's profile variable. */
export const ALIBABACLOUD_PROFILE_VARIABLES = ['ALIBABA_CLOUD_PROFILE'] as const;

const ALTERNATIVES =
  'use a section with type = access_key, sts, ram_role_arn, oidc_role_arn, ecs_ram_role or credentials_uri, or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET';

/** Reads one section of the Alibaba Cloud SDK INI file: keys or the exchange it describes; undefined when there is no file. */
export async function readAlibabacloud(cloud: CloudId, lookup: NativeLookup): Promise<NativeCredentials | NativeExchange | undefined> {
  if (cloud !== 'aliyun') return undefined;
  const found = await readIniSection(lookup, {
    paths: [lookup.env[ALIBABACLOUD_FILE_VARIABLE] || homePath(lookup.home, '.alibabacloud', 'credentials')],
    profileVariables: ALIBABACLOUD_PROFILE_VARIABLES,
    defaultSection: 'default',
  });
  if (found === undefined) return undefined;
  const { section, where } = found;
  const value = (key: string) => iniValue(section, key);
  const accessKeyId = value('access_key_id');
  // The SDK insists on `type`; a hand-written section with just the two keys is plainly an access key.
  const type = value('type') ?? (accessKeyId === undefined ? undefined : 'access_key');
  if (type === undefined) throw malformed(`${where}: type is missing`);
  const need = (key: string): string => {
    const found = value(key);
    if (found === undefined) throw malformed(`${where}: ${key} is missing`);
    return found;
  };
  const region = value('region_id');
  const common = { store: 'alibabacloud' as const, cloud, source: where, ...(region === undefined ? {} : { region }) };
  if (type === 'access_key' || type === 'sts') {
    const id = need('access_key_id');
    const secret = need('access_key_secret');
    return { ...common, credentials: keys(id, secret, type === 'sts' ? need('security_token') : undefined) };
  }
  const base = { cloud: 'aliyun' as const, origin: where };
  const role = () => {
    const sessionName = value('role_session_name');
    const policy = value('policy');
    return {
      roleArn: need('role_arn'),
      ...(sessionName === undefined ? {} : { sessionName }),
      ...(policy === undefined ? {} : { policy }),
    };
  };
  let exchange: ExchangeSource;
  switch (type) {
    case 'ram_role_arn':
      exchange = {
        ...base,
        kind: 'assume-role',
        ...role(),
        via: { ...base, kind: 'static', credentials: keys(need('access_key_id'), need('access_key_secret')) },
      };
      break;
    case 'oidc_role_arn':
      exchange = { ...base, kind: 'web-identity', ...role(), providerId: need('oidc_provider_arn'), tokenFile: need('oidc_token_file_path') };
      break;
    case 'ecs_ram_role': {
      const roleName = value('role_name');
      exchange = { ...base, kind: 'instance', ...(roleName === undefined ? {} : { roleName }) };
      break;
    }
    case 'credentials_uri':
      exchange = { ...base, kind: 'uri', url: need('credentials_uri') };
      break;
    case 'bearer':
      throw unsupported(`${where}: type bearer holds a bearer token, which cannot sign Function Compute requests`, ALTERNATIVES);
    case 'rsa_key_pair':
      throw unsupported(`${where}: type rsa_key_pair is retired by Alibaba Cloud and not supported`, ALTERNATIVES);
    default:
      throw unsupported(`${where}: type ${type} is not a type of the Alibaba Cloud credentials file`, ALTERNATIVES);
  }
  return { ...common, exchange };
}

