/**
 * KooCLI (`hcloud`): `~/.hcloud/config.json` (providers.md §5.6). Profile: lookup.profile, else the file's `current`,
 * else `default`. Field names follow the shape third-party readers use (`accessKeyId`, `secretAccessKey`,
 * `securityToken`, `region`, `projectId`); Huawei does not document the file (providers.md §8 item 6).
 *
 * Modes ({@link readKoocliEntry}): `AKSK` holds keys; `ecsAgency` is the ECS's cloud service agency (the metadata
 * security key: an `instance` exchange); a profile with `agencyName` (KooCLI's `--cli-agency-name`, with
 * `agencyDomainId` or `agencyDomainName` and `sourceProfile`, as `--cli-agency-domain-id`, `--cli-agency-domain-name`
 * and `--cli-source-profile` set them; mode `agency` in older versions) assumes that agency with the source
 * profile's keys, or its own. `SSO` (interactive sign-in) and `token` cannot be used and are refused by name.
 *
 * By default KooCLI encrypts the authentication fields with a per-installation key (`authEncrypt: "true"`), which
 * nothing outside that installation can decrypt; such a profile is refused with a clear error and a way out.
 */
import type { AgencySource, CredentialSource } from '../../core/credential-source.js';
import { ConfigError } from '../../core/errors.js';
import type { CloudId } from '../../providers/types.js';
import {
  NATIVE_ERROR_CODES,
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

/** How many source profiles an agency profile may chain through. */
const MAX_CHAIN = 5;

/** Reads one KooCLI profile: keys, or the exchange it describes; undefined when there is no file, or no profile chosen by default. */
export async function readKoocliEntry(cloud: CloudId, lookup: NativeLookup): Promise<NativeCredentials | NativeExchange | undefined> {
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
  const region = optionalString(profile, 'region', where);
  const projectId = optionalString(profile, 'projectId', where);
  const extra = { ...(region === undefined ? {} : { region }), ...(projectId === undefined ? {} : { projectId }) };
  const source = profileSource(config, profile, where, []);
  if (source.kind === 'static') {
    if (source.credentials.kind !== 'keys') throw malformed(`${where}: no keys`);
    return { store: 'koocli', cloud, credentials: source.credentials, source: where, ...extra };
  }
  return { store: 'koocli', cloud, exchange: source, source: where, ...extra };
}


/** What one profile describes: its keys, the ECS agency, or an agency assumed with its source profile's credentials. */
function profileSource(
  config: Record<string, unknown>,
  profile: Record<string, unknown>,
  where: string,
  seen: readonly string[],
): CredentialSource {
  const name = String(profile.name);
  if (seen.includes(name) || seen.length >= MAX_CHAIN) {
    throw malformed(`${where}: sourceProfile chain ${[...seen, name].join(' → ')} loops or is longer than ${MAX_CHAIN}`);
  }
  const mode = optionalString(profile, 'mode', where) ?? 'AKSK';
  const agencyName = optionalString(profile, 'agencyName', where);
  if (mode === 'ecsAgency') return { kind: 'instance', cloud: 'huawei', origin: where };
  if (agencyName !== undefined || mode === 'agency') return agency(config, profile, where, [...seen, name]);
  if (mode !== 'AKSK') {
    throw unsupported(
      `${where}: mode ${mode} cannot be used by fcinvoke${mode === 'SSO' ? ' (it signs in interactively)' : ''}`,
      'use a profile in AKSK or ecsAgency mode, or set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK',
    );
  }
  const accessKeyId = optionalString(profile, 'accessKeyId', where);
  const secretAccessKey = optionalString(profile, 'secretAccessKey', where);
  if (accessKeyId === undefined) throw malformed(`${where}: accessKeyId is missing`);
  if (secretAccessKey === undefined) throw malformed(`${where}: secretAccessKey is missing`);
  return {
    kind: 'static',
    cloud: 'huawei',
    origin: where,
    credentials: keys(accessKeyId, secretAccessKey, optionalString(profile, 'securityToken', where)),
  };
}

function agency(config: Record<string, unknown>, profile: Record<string, unknown>, where: string, seen: readonly string[]): AgencySource {
  const agencyName = optionalString(profile, 'agencyName', where);
  const domainId = optionalString(profile, 'agencyDomainId', where);
  const domainName = optionalString(profile, 'agencyDomainName', where);
  if (agencyName === undefined) throw malformed(`${where}: agencyName is missing (mode agency)`);
  if (domainId === undefined && domainName === undefined) {
    throw malformed(`${where}: agencyDomainId or agencyDomainName is missing (the account that owns agency ${agencyName})`);
  }
  const sourceName = optionalString(profile, 'sourceProfile', where);
  let via: CredentialSource;
  if (sourceName === undefined) {
    via = profileSource(config, { ...profile, mode: 'AKSK', agencyName: undefined }, where, []);
  } else {
    const profiles = Array.isArray(config.profiles) ? config.profiles : [];
    const source: unknown = profiles.find((entry) => isRecord(entry) && entry.name === sourceName);
    if (!isRecord(source)) throw malformed(`${where}: sourceProfile "${sourceName}" is not a profile of the file`);
    via = profileSource(config, source, where.replace(/profile .*$/, `profile ${sourceName}`), seen);
  }
  return {
    kind: 'agency',
    cloud: 'huawei',
    origin: where,
    agencyName,
    ...(domainId === undefined ? { domainName } : { domainId }),
    ...durationOf(profile, where),
    via,
  };
}

function durationOf(profile: Record<string, unknown>, where: string): { durationSeconds?: number } {
  const text = optionalString(profile, 'agencyDurationSeconds', where);
  if (text === undefined) return {};
  const seconds = Number(text);
  if (!Number.isInteger(seconds)) throw malformed(`${where}: agencyDurationSeconds must be a whole number of seconds`);
  return { durationSeconds: seconds };
}

/** KooCLI writes the string "true"; accept a JSON boolean too. */
function isEncrypted(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}
