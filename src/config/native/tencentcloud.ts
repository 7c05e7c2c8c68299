/**
 * Tencent Cloud SDK profile file: INI `~/.tencentcloud/credentials` (providers.md §1.6). The Go SDK takes the path
 * from TENCENTCLOUD_CREDENTIALS_FILE; the Node and Python SDKs fall back to `/etc/tencentcloud/credentials` when the
 * home file is missing. The SDKs read only `[default]` (`secret_id`, `secret_key`, optional `token`); an explicit
 * profile picks another section.
 */
import type { CloudId } from '../../providers/types.js';
import { iniValue, readIniSection } from './ini.js';
import {
  homePath,
  keys,
  malformed,
  type NativeCredentials,
  type NativeExchange,
  type NativeLookup,
} from './types.js';

/** Overrides the file's path (Go SDK). */
export const TENCENTCLOUD_FILE_VARIABLE = 'TENCENTCLOUD_CREDENTIALS_FILE';

/** The system-wide fallback the Node and Python SDKs read when the home file is missing. */
export const TENCENTCLOUD_SYSTEM_FILE = '/etc/tencentcloud/credentials';

/** Reads one section of the Tencent Cloud SDK INI file; undefined when there is no file. */
export async function readTencentcloud(
  cloud: CloudId,
  lookup: NativeLookup,
): Promise<NativeCredentials | NativeExchange | undefined> {
  if (cloud !== 'tencent') return undefined;
  const override = lookup.env[TENCENTCLOUD_FILE_VARIABLE];
  const found = await readIniSection(lookup, {
    // The system-wide file is a fallback for the home file only, not for a path the variable names.
    paths: override ? [override] : [homePath(lookup.home, '.tencentcloud', 'credentials'), TENCENTCLOUD_SYSTEM_FILE],
    profileVariables: [],
    defaultSection: 'default',
  });
  if (found === undefined) return undefined;
  const { section, where } = found;
  const secretId = iniValue(section, 'secret_id');
  const secretKey = iniValue(section, 'secret_key');
  if (secretId === undefined) throw malformed(`${where}: secret_id is missing`);
  if (secretKey === undefined) throw malformed(`${where}: secret_key is missing`);
  const region = iniValue(section, 'region');
  const credentials = keys(secretId, secretKey, iniValue(section, 'token'));
  const roleArn = iniValue(section, 'role_arn');
  const regional = region === undefined ? {} : { region };
  if (roleArn === undefined) return { store: 'tencentcloud', cloud, credentials, source: where, ...regional };
  return {
    store: 'tencentcloud',
    cloud,
    exchange: {
      kind: 'assume-role',
      cloud: 'tencent',
      origin: `${where} role_arn`,
      roleArn,
      sessionName: iniValue(section, 'role_session_name'),
      via: { kind: 'static', cloud: 'tencent', origin: `${where} secret_id`, credentials },
    },
    source: `${where} (role ${roleArn})`,
    ...regional,
  };
}
