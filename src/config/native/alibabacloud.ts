/**
 * Alibaba Cloud SDK profile file: INI `~/.alibabacloud/credentials`, path from ALIBABA_CLOUD_CREDENTIALS_FILE
 * (providers.md §3.6; `@alicloud/credentials` 2.4.7 `providers/profile.js`). Section: lookup.profile, else
 * ALIBABA_CLOUD_PROFILE, else `default`. `type = access_key` (and the older `sts`, with `security_token`) hold
 * usable keys; `ecs_ram_role`, `ram_role_arn`, `oidc_role_arn`, … need a network exchange and are refused by name.
 */
import type { CloudId } from '../../providers/types.js';
import { iniValue, readIniSection } from './ini.js';
import {
  homePath,
  keys,
  malformed,
  unsupported,
  type NativeCredentials,
  type NativeLookup,
} from './types.js';

/** Overrides the file's path. */
export const ALIBABACLOUD_FILE_VARIABLE = 'ALIBABA_CLOUD_CREDENTIALS_FILE';

/** The SDK's profile variable. */
export const ALIBABACLOUD_PROFILE_VARIABLES = ['ALIBABA_CLOUD_PROFILE'] as const;

/** Reads one section of the Alibaba Cloud SDK INI file; undefined when there is no file. */
export async function readAlibabacloud(cloud: CloudId, lookup: NativeLookup): Promise<NativeCredentials | undefined> {
  if (cloud !== 'aliyun') return undefined;
  const found = await readIniSection(lookup, {
    paths: [lookup.env[ALIBABACLOUD_FILE_VARIABLE] || homePath(lookup.home, '.alibabacloud', 'credentials')],
    profileVariables: ALIBABACLOUD_PROFILE_VARIABLES,
    defaultSection: 'default',
  });
  if (found === undefined) return undefined;
  const { section, where } = found;
  const accessKeyId = iniValue(section, 'access_key_id');
  // The SDK insists on `type`; a hand-written section with just the two keys is plainly an access key.
  const type = iniValue(section, 'type') ?? (accessKeyId === undefined ? undefined : 'access_key');
  if (type === undefined) throw malformed(`${where}: type is missing`);
  if (type !== 'access_key' && type !== 'sts') {
    throw unsupported(
      `${where}: type ${type} is not supported yet`,
      'use a section with type = access_key, or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    );
  }
  const accessKeySecret = iniValue(section, 'access_key_secret');
  if (accessKeyId === undefined) throw malformed(`${where}: access_key_id is missing`);
  if (accessKeySecret === undefined) throw malformed(`${where}: access_key_secret is missing`);
  const token = type === 'sts' ? iniValue(section, 'security_token') : undefined;
  if (type === 'sts' && token === undefined) throw malformed(`${where}: security_token is missing`);
  const region = iniValue(section, 'region_id');
  return {
    store: 'alibabacloud',
    cloud,
    credentials: keys(accessKeyId, accessKeySecret, token),
    source: where,
    ...(region === undefined ? {} : { region }),
  };
}
