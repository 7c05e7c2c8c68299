/**
 * KooCLI (`hcloud`): `~/.hcloud/config.json` (providers.md §5.6). Profile: lookup.profile, else the file's `current`,
 * else `default`. Field names follow the shape third-party readers use (`accessKeyId`, `secretAccessKey`,
 * `securityToken`, `region`, `projectId`); Huawei does not document the file (providers.md §8 item 6).
 *
 * By default KooCLI encrypts the authentication fields with a per-installation key (`authEncrypt: "true"`), which
 * nothing outside that installation can decrypt; such a profile is refused with a clear error and a way out.
 */
import { ConfigError } from '../../core/errors.js';
import type { CloudId } from '../../providers/types.js';
import {
  NATIVE_ERROR_CODES,
  homePath,
  keys,
  malformed,
  optionalString,
  readCliProfile,
  unsupported,
  type NativeCredentials,
  type NativeLookup,
} from './types.js';

/** Reads one KooCLI profile; undefined when there is no file, or no profile chosen by default. */
export async function readKoocli(cloud: CloudId, lookup: NativeLookup): Promise<NativeCredentials | undefined> {
  if (cloud !== 'huawei') return undefined;
  const found = await readCliProfile(lookup, homePath(lookup.home, '.hcloud', 'config.json'), []);
  if (found === undefined) return undefined;
  const { config, profile, where } = found;
  if (isEncrypted(config.authEncrypt) || isEncrypted(profile.authEncrypt)) {
    throw new ConfigError(
      `${where}: KooCLI encrypts its keys with a key unique to each installation, so fcinvoke cannot read them`,
      {
        code: NATIVE_ERROR_CODES.encrypted,
        hint: 'put the keys in ~/.huaweicloud/credentials under [basic] (ak, sk, project_id), or set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (and HUAWEICLOUD_SDK_PROJECT_ID)',
      },
    );
  }
  const mode = optionalString(profile, 'mode', where) ?? 'AKSK';
  if (mode !== 'AKSK') {
    throw unsupported(
      `${where}: mode ${mode} is not supported yet`,
      'use a profile in AKSK mode, or set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK',
    );
  }
  const accessKeyId = optionalString(profile, 'accessKeyId', where);
  const secretAccessKey = optionalString(profile, 'secretAccessKey', where);
  if (accessKeyId === undefined) throw malformed(`${where}: accessKeyId is missing`);
  if (secretAccessKey === undefined) throw malformed(`${where}: secretAccessKey is missing`);
  const region = optionalString(profile, 'region', where);
  const projectId = optionalString(profile, 'projectId', where);
  return {
    store: 'koocli',
    cloud,
    credentials: keys(accessKeyId, secretAccessKey, optionalString(profile, 'securityToken', where)),
    source: where,
    ...(region === undefined ? {} : { region }),
    ...(projectId === undefined ? {} : { projectId }),
  };
}

/** KooCLI writes the string "true"; accept a JSON boolean too. */
function isEncrypted(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}
