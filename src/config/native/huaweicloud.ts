/**
 * Huawei Cloud SDK profile file: INI `~/.huaweicloud/credentials`, path from HUAWEICLOUD_SDK_CREDENTIALS_FILE
 * (providers.md §5.6; read by the Go, Python, Java and .NET SDKs, not by the Node SDK). FunctionGraph is a
 * regional service, so the `[basic]` section is the default (`[global]` is for global services); an explicit
 * profile picks another section. Keys: `ak`, `sk`, optional `security_token` (temporary keys) and `project_id`.
 */
import type { CloudId } from '../../providers/types.js';
import { iniValue, readIniSection } from './ini.js';
import {
  homePath,
  keys,
  malformed,
  type NativeCredentials,
  type NativeLookup,
} from './types.js';

/** Overrides the file's path. */
export const HUAWEICLOUD_FILE_VARIABLE = 'HUAWEICLOUD_SDK_CREDENTIALS_FILE';

/** Reads one section of the Huawei Cloud SDK INI file; undefined when there is no file. */
export async function readHuaweicloud(cloud: CloudId, lookup: NativeLookup): Promise<NativeCredentials | undefined> {
  if (cloud !== 'huawei') return undefined;
  const found = await readIniSection(lookup, {
    paths: [lookup.env[HUAWEICLOUD_FILE_VARIABLE] || homePath(lookup.home, '.huaweicloud', 'credentials')],
    profileVariables: [],
    defaultSection: 'basic',
  });
  if (found === undefined) return undefined;
  const { section, where } = found;
  const ak = iniValue(section, 'ak');
  const sk = iniValue(section, 'sk');
  if (ak === undefined) throw malformed(`${where}: ak is missing`);
  if (sk === undefined) throw malformed(`${where}: sk is missing`);
  const projectId = iniValue(section, 'project_id');
  return {
    store: 'huaweicloud',
    cloud,
    credentials: keys(ak, sk, iniValue(section, 'security_token')),
    source: where,
    ...(projectId === undefined ? {} : { projectId }),
  };
}
