/**
 * tccli (Tencent Cloud CLI): `~/.tccli/<profile>.credential` for keys and `~/.tccli/<profile>.configure` for the
 * region (providers.md §1.6). Profile: lookup.profile, else TCCLI_PROFILE, else `default`, as tccli does.
 *
 * Layouts, from the tencentcloud-cli history:
 * - `.credential` has always been a flat JSON object with `secretId` and `secretKey` (tccli 2.x `tccli/configure.py`
 *   wrote only those two). Newer tccli adds `token`, `role-arn`, `role-session-name` and `type` (`cvm-role`,
 *   `default`), and for `tccli auth login` / `tccli sso login` writes `type: "oauth" | "sso"` with `token`,
 *   `expiresAt` (Unix seconds) and a nested `oauth` / `sso` object used to refresh (`tccli/oauth.py`, `tccli/sso.py`).
 *   tccli writes the literal string "None" when `tccli configure` is left empty, so "None" counts as missing.
 *   `tccli configure set use-cvm-role true` writes `type: "cvm-role"`: the CVM instance role (metadata service).
 *   `role-arn` (with `role-session-name`) makes tccli assume that role with the profile's keys (STS AssumeRole).
 *   Both are returned as a {@link NativeExchange} (engine/credentials/tencent/). tccli has no duration setting.
 * - `.configure` was flat in the old layout (`{"region": …, "output": …, "scf": {…}}`); current tccli moves
 *   `region`, `output`, `arrayCount`, `warning`, `language` under `_sys_param` (and migrates old files on its next run).
 *   Both are read: `_sys_param.region` first, then top-level `region`.
 */
import { join } from 'node:path';
import type { CloudId } from '../../providers/types.js';
import {
  assertSafeProfileName,
  chooseProfile,
  displayPath,
  isRecord,
  keys,
  malformed,
  optionalString,
  parseJsonFile,
  profileMissing,
  readStoreFile,
  unsupported,
  type NativeCredentials,
  type NativeExchange,
  type NativeLookup,
} from './types.js';

/** tccli's profile variable. */
export const TCCLI_PROFILE_VARIABLES = ['TCCLI_PROFILE'] as const;

/** tccli credential types whose keys fcinvoke can use as they are. */
const USABLE_TYPES = new Set(['', 'default', 'oauth', 'sso']);

/** Reads tccli's files for one profile; undefined when its `.credential` file does not exist. */
export async function readTccli(cloud: CloudId, lookup: NativeLookup): Promise<NativeCredentials | NativeExchange | undefined> {
  if (cloud !== 'tencent') return undefined;
  const choice = chooseProfile(lookup, TCCLI_PROFILE_VARIABLES, 'default');
  if (choice === undefined) return undefined;
  assertSafeProfileName(choice, 'tccli');
  const directory = join(lookup.home, '.tccli');
  const credentialPath = join(directory, `${choice.name}.credential`);
  const display = displayPath(credentialPath, lookup.home);
  const text = await readStoreFile(lookup, credentialPath);
  if (text === undefined) {
    // A missing file for a named profile is only an error when tccli is evidently set up (its default exists).
    if (choice.explicit && choice.name !== 'default') {
      const fallback = await readStoreFile(lookup, join(directory, 'default.credential'));
      if (fallback !== undefined) throw profileMissing(displayPath(directory, lookup.home), 'profile', choice);
    }
    return undefined;
  }

  const credential = parseJsonFile(text, display);
  if (!isRecord(credential)) throw malformed(`${display} must hold a JSON object`);
  const type = optionalString(credential, 'type', display) ?? '';
  const regionOf = async () => {
    const region = await readRegion(lookup, join(directory, `${choice.name}.configure`));
    return region === undefined ? {} : { region };
  };
  if (type === 'cvm-role') {
    return {
      store: 'tccli',
      cloud,
      exchange: { kind: 'instance', cloud: 'tencent', origin: `${display} type cvm-role` },
      source: `${display} (CVM instance role)`,
      ...(await regionOf()),
    };
  }
  if (!USABLE_TYPES.has(type)) throw unsupported(`${display}: type ${type} is not supported`, usableHint());
  const secretId = notNone(optionalString(credential, 'secretId', display));
  const secretKey = notNone(optionalString(credential, 'secretKey', display));
  if (secretId === undefined) throw malformed(`${display}: secretId is missing`);
  if (secretKey === undefined) throw malformed(`${display}: secretKey is missing`);
  const token = notNone(optionalString(credential, 'token', display));
  const credentials = keys(secretId, secretKey, token);

  const roleArn = notNone(optionalString(credential, 'role-arn', display));
  if (roleArn !== undefined) {
    return {
      store: 'tccli',
      cloud,
      exchange: {
        kind: 'assume-role',
        cloud: 'tencent',
        origin: `${display} role-arn`,
        roleArn,
        sessionName: notNone(optionalString(credential, 'role-session-name', display)),
        via: { kind: 'static', cloud: 'tencent', origin: `${display} secretId`, credentials },
      },
      source: `${display} (role ${roleArn})`,
      ...(await regionOf()),
    };
  }
  return {
    store: 'tccli',
    cloud,
    credentials,
    source: `${display}${describeTemporary(type, credential.expiresAt)}`,
    ...(await regionOf()),
  };
}

/** The region in a `.configure` file, new layout (`_sys_param.region`) first, then the old flat layout. */
async function readRegion(lookup: NativeLookup, path: string): Promise<string | undefined> {
  const text = await readStoreFile(lookup, path);
  if (text === undefined) return undefined;
  const display = displayPath(path, lookup.home);
  const configure = parseJsonFile(text, display);
  if (!isRecord(configure)) throw malformed(`${display} must hold a JSON object`);
  const system = configure._sys_param;
  if (system !== undefined && !isRecord(system)) throw malformed(`${display}: _sys_param must be an object`);
  return (
    (system === undefined ? undefined : optionalString(system, 'region', `${display} _sys_param`)) ??
    optionalString(configure, 'region', display)
  );
}

function notNone(value: string | undefined): string | undefined {
  return value === 'None' ? undefined : value;
}

/** " (oauth, expires …)" for keys tccli refreshes itself; fcinvoke has no clock here, so it only says when. */
function describeTemporary(type: string, expiresAt: unknown): string {
  if (type !== 'oauth' && type !== 'sso') return '';
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return ` (${type})`;
  return ` (${type}, expires ${new Date(expiresAt * 1000).toISOString()})`;
}

function usableHint(): string {
  return 'use a profile with secretId and secretKey, role-arn, or use-cvm-role; or set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY';
}
