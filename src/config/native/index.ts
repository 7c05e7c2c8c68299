/**
 * Readers of the credential stores other tools already keep on users' machines, so a user who has set up tccli,
 * the aliyun CLI, Serverless Devs, an SDK profile file or KooCLI can invoke with no fcinvoke set-up.
 * See docs/_sections/native-stores.md for the user-facing description of each store and the lookup order.
 */
import { maskKeyId } from '../../core/redact.js';
import { ConfigError } from '../../core/errors.js';
import type { CloudId } from '../../providers/types.js';
import { readAlibabacloud } from './alibabacloud.js';
import { readAliyunCli } from './aliyun-cli.js';
import { readHuaweicloudEntry } from './huaweicloud.js';
import { readKoocliEntry } from './koocli.js';
import { readOpenstackClouds } from './openstack-clouds.js';
import { findServerlessDevsAccountId, readServerlessDevs } from './serverless-devs.js';
import { readTccli } from './tccli.js';
import { readTencentcloud } from './tencentcloud.js';
import { NATIVE_ERROR_CODES, type NativeCredentials, type NativeExchange, type NativeLookup, type NativeStoreId } from './types.js';

export type { NativeCredentials, NativeExchange, NativeLookup, NativeStoreId, ReadText } from './types.js';

/** What a store entry holds: keys, or the description of an exchange (a role, OIDC, the instance, a process…). */
export type NativeFound = NativeCredentials | NativeExchange;
export { NATIVE_ERROR_CODES } from './types.js';

/**
 * Which stores each cloud looks in when nothing else supplies keys, in order.
 *
 * - The cloud's own CLI first (tccli, aliyun CLI): it is what the user set up on purpose, and it names a current
 *   profile and a region. For Alibaba this is also the order of the official SDK chain (`@alicloud/credentials`:
 *   CLI profile, then the INI file), so fcinvoke signs with the keys the SDK would use.
 * - The official SDKs' shared INI file next.
 * - Serverless Devs after those: a third-party, multi-cloud tool whose default alias may belong to another cloud.
 *   It is the only store with the Alibaba AccountID; when an earlier Alibaba store wins, the AccountID is still
 *   taken from an access.yaml alias holding the same AccessKeyID.
 * - Huawei: KooCLI last, because it encrypts its keys by default; reaching it means nothing else had keys, and its
 *   "encrypted" error then tells the user how to fix that.
 */
export const NATIVE_LOOKUP_ORDER: Readonly<Record<CloudId, readonly NativeStoreId[]>> = {
  tencent: ['tccli', 'tencentcloud', 'serverless-devs'],
  aliyun: ['aliyun-cli', 'alibabacloud', 'serverless-devs'],
  huawei: ['huaweicloud', 'serverless-devs', 'koocli'],
  // The Open Telekom Cloud: OpenStack's clouds.yaml, which openstackclient, the otcextensions and Terraform read.
  otc: ['openstack-clouds'],
};

/** Which cloud(s) a store can serve. */
export const STORE_CLOUDS: Readonly<Record<NativeStoreId, readonly CloudId[]>> = {
  tccli: ['tencent'],
  tencentcloud: ['tencent'],
  'aliyun-cli': ['aliyun'],
  alibabacloud: ['aliyun'],
  'serverless-devs': ['aliyun', 'tencent', 'huawei'],
  huaweicloud: ['huawei'],
  koocli: ['huawei'],
  'openstack-clouds': ['otc'],
};

const READERS: Record<NativeStoreId, (cloud: CloudId, lookup: NativeLookup) => Promise<NativeFound | undefined>> =
  {
    tccli: readTccli,
    tencentcloud: readTencentcloud,
    'aliyun-cli': readAliyunCli,
    alibabacloud: readAlibabacloud,
    'serverless-devs': readServerlessDevs,
    huaweicloud: readHuaweicloudEntry,
    koocli: readKoocliEntry,
    'openstack-clouds': readOpenstackClouds,
  };

/** Reads one store for one cloud. undefined when the store's file does not exist, or (no explicit profile) holds nothing for this cloud. Throws ConfigError (src/core/errors.ts; its message names the file and the key/profile, NEVER a secret value) when the file exists but is malformed, an explicitly asked profile is missing, a mode is unsupported, or KooCLI is encrypted. */
export async function readNativeStore(
  store: NativeStoreId,
  cloud: CloudId,
  lookup: NativeLookup,
): Promise<NativeFound | undefined> {
  if (!STORE_CLOUDS[store].includes(cloud)) return undefined;
  return READERS[store](cloud, lookup);
}

/** Walks NATIVE_LOOKUP_ORDER[cloud] and returns the first store that yields credentials. Profile selection per store follows each tool's own rules (TCCLI_PROFILE, ALIBABA_CLOUD_PROFILE/ALIBABACLOUD_PROFILE/ALICLOUD_PROFILE, aliyun `current`, Serverless Devs `__default`, …) when lookup.profile is not given. */
export async function findNativeCredentials(
  cloud: CloudId,
  lookup: NativeLookup,
): Promise<NativeFound | undefined> {
  // A named profile usually lives in one store only, so a store without it is skipped; the error is raised only
  // when no store had it, and then lists every store that was looked in.
  const missing: string[] = [];
  for (const store of NATIVE_LOOKUP_ORDER[cloud]) {
    let found: NativeFound | undefined;
    try {
      found = await readNativeStore(store, cloud, lookup);
    } catch (error) {
      if (error instanceof ConfigError && error.code === NATIVE_ERROR_CODES.profileMissing) {
        missing.push(error.message);
        continue;
      }
      throw error;
    }
    if (found !== undefined) return cloud === 'aliyun' ? withAccountId(found, lookup) : found;
  }
  if (missing.length > 0) {
    throw new ConfigError(`profile not found: ${missing.join('; ')}`, {
      code: NATIVE_ERROR_CODES.profileMissing,
      hint: "check the profile name, or leave it out to use each tool's default profile",
    });
  }
  return undefined;
}

/** Masks a secret for display: first 4 and last 4 characters at most, e.g. "AKID…abcd"; short values become "****". */
export function maskSecret(value: string): string {
  return maskKeyId(value);
}

/**
 * Fills in the Alibaba AccountID from Serverless Devs when another store supplied the same AccessKeyID (keys only:
 * an exchange's AccessKeyID is known only after it ran).
 */
async function withAccountId(found: NativeFound, lookup: NativeLookup): Promise<NativeFound> {
  if (found.credentials === undefined || found.accountId !== undefined || found.store === 'serverless-devs') return found;
  const extra = await findServerlessDevsAccountId(found.credentials.accessKeyId, { ...lookup, profile: undefined });
  if (extra === undefined) return found;
  return { ...found, accountId: extra.accountId, source: `${found.source}; AccountID from ${extra.source}` };
}
