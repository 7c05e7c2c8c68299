/**
 * Huawei Cloud SDK profile file: INI `~/.huaweicloud/credentials`, path from HUAWEICLOUD_SDK_CREDENTIALS_FILE
 * (providers.md §5.6; read by the Go, Python, Java and .NET SDKs, not by the Node SDK). FunctionGraph is a
 * regional service, so the `[basic]` section is the default (`[global]` is for global services); an explicit
 * profile picks another section. Keys: `ak`, `sk`, optional `security_token` (temporary keys) and `project_id`;
 * or `idp_id` + `id_token_file` (federated OIDC, as the SDKs read them), with `project_id`, `domain_id` and
 * `iam_endpoint`, which describe an exchange ({@link readHuaweicloudEntry}).
 */
import type { CloudId } from '../../providers/types.js';
import { iniValue, readIniSection } from './ini.js';
import {
  homePath,
  type NativeExchange,
  keys,
  malformed,
  type NativeCredentials,
  type NativeLookup,
} from './types.js';

/** Overrides the file's path. */
export const HUAWEICLOUD_FILE_VARIABLE = 'HUAWEICLOUD_SDK_CREDENTIALS_FILE';

/**
 * Reads one section of the Huawei Cloud SDK INI file: its keys, or the federated OIDC exchange it describes;
 * undefined when there is no file.
 */
export async function readHuaweicloudEntry(
  cloud: CloudId,
  lookup: NativeLookup,
): Promise<NativeCredentials | NativeExchange | undefined> {
  if (cloud !== 'huawei') return undefined;
  const found = await readIniSection(lookup, {
    paths: [lookup.env[HUAWEICLOUD_FILE_VARIABLE] || homePath(lookup.home, '.huaweicloud', 'credentials')],
    profileVariables: [],
    defaultSection: 'basic',
  });
  if (found === undefined) return undefined;
  const { section, where } = found;
  const idpId = iniValue(section, 'idp_id');
  const tokenFile = iniValue(section, 'id_token_file');
  const projectId = iniValue(section, 'project_id');
  if (idpId !== undefined || tokenFile !== undefined) {
    if (idpId === undefined) throw malformed(`${where}: idp_id is missing (id_token_file is set; federated OIDC needs both)`);
    if (tokenFile === undefined) throw malformed(`${where}: id_token_file is missing (idp_id is set; federated OIDC needs both)`);
    const optional = (key: string, name: string) => {
      const value = iniValue(section, key);
      return value === undefined ? {} : { [name]: value };
    };
    return {
      store: 'huaweicloud',
      cloud,
      exchange: {
        kind: 'federated-oidc',
        cloud,
        origin: where,
        idpId,
        tokenFile,
        ...optional('project_id', 'projectId'),
        ...optional('domain_id', 'domainId'),
        ...optional('iam_endpoint', 'iamEndpoint'),
      },
      source: where,
      ...(projectId === undefined ? {} : { projectId }),
    };
  }
  const ak = iniValue(section, 'ak');
  const sk = iniValue(section, 'sk');
  if (ak === undefined) throw malformed(`${where}: ak is missing`);
  if (sk === undefined) throw malformed(`${where}: sk is missing`);
  return {
    store: 'huaweicloud',
    cloud,
    credentials: keys(ak, sk, iniValue(section, 'security_token')),
    source: where,
    ...(projectId === undefined ? {} : { projectId }),
  };
}

