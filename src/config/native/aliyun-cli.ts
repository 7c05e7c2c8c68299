/**
 * aliyun CLI: `~/.aliyun/config.json` (providers.md §3.6). Profile: lookup.profile, else ALIBABACLOUD_PROFILE,
 * ALIBABA_CLOUD_PROFILE or ALICLOUD_PROFILE, else the file's `current`, else `default`. Only the `AK` and `StsToken`
 * modes hold usable keys; every other mode needs a network exchange fcinvoke does not do yet, and is refused by name.
 * ALIBABA_CLOUD_IGNORE_PROFILE=TRUE (CLI) and ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true (SDK) skip the file.
 * The file has no account ID.
 */
import type { CloudId } from '../../providers/types.js';
import {
  homePath,
  keys,
  malformed,
  optionalString,
  readCliProfile,
  unsupported,
  type NativeCredentials,
  type NativeLookup,
} from './types.js';

/** The aliyun CLI's profile variables, in the order it reads them. */
export const ALIYUN_PROFILE_VARIABLES = ['ALIBABACLOUD_PROFILE', 'ALIBABA_CLOUD_PROFILE', 'ALICLOUD_PROFILE'] as const;

/** Reads one aliyun CLI profile; undefined when there is no file, or no profile chosen by default. */
export async function readAliyunCli(cloud: CloudId, lookup: NativeLookup): Promise<NativeCredentials | undefined> {
  if (cloud !== 'aliyun') return undefined;
  if (lookup.env.ALIBABA_CLOUD_IGNORE_PROFILE?.toUpperCase() === 'TRUE') return undefined;
  if (lookup.env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED?.toLowerCase() === 'true') return undefined;
  const found = await readCliProfile(lookup, homePath(lookup.home, '.aliyun', 'config.json'), ALIYUN_PROFILE_VARIABLES);
  if (found === undefined) return undefined;
  const { profile, where } = found;
  const mode = optionalString(profile, 'mode', where) ?? 'AK';
  if (mode !== 'AK' && mode !== 'StsToken') {
    throw unsupported(
      `${where}: mode ${mode} is not supported yet`,
      'use a profile in AK or StsToken mode (aliyun configure --mode AK --profile <name>), or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    );
  }
  const accessKeyId = optionalString(profile, 'access_key_id', where);
  const accessKeySecret = optionalString(profile, 'access_key_secret', where);
  if (accessKeyId === undefined) throw malformed(`${where} (mode ${mode}): access_key_id is missing`);
  if (accessKeySecret === undefined) throw malformed(`${where} (mode ${mode}): access_key_secret is missing`);
  const stsToken = mode === 'StsToken' ? optionalString(profile, 'sts_token', where) : undefined;
  if (mode === 'StsToken' && stsToken === undefined) throw malformed(`${where} (mode StsToken): sts_token is missing`);
  const region = optionalString(profile, 'region_id', where);
  return {
    store: 'aliyun-cli',
    cloud,
    credentials: keys(accessKeyId, accessKeySecret, stsToken),
    source: where,
    ...(region === undefined ? {} : { region }),
  };
}
