/**
 * OpenStack `clouds.yaml`, the store Open Telekom Cloud users keep for openstackclient, openstacksdk with the
 * otcextensions, and the `opentelekomcloud` Terraform provider (`cloud = …`). The file is the first of
 * `$OS_CLIENT_CONFIG_FILE`, `./clouds.yaml`, `~/.config/openstack/clouds.yaml`, `/etc/openstack/clouds.yaml`
 * (openstacksdk's search order), and a `secure.yaml` beside it is merged over it, as openstacksdk does, so secrets
 * may live apart.
 *
 * The cloud is the requested profile, else `OS_CLOUD`, else the file's only cloud. OTC's AK/SK live in the cloud's
 * `auth` block as `ak`/`sk` (the otcextensions' names) or `access_key`/`secret_key` (the Terraform provider's),
 * with an optional `security_token`; `auth.project_id` (or `tenant_id`) and `region_name` come along. A cloud with
 * only password auth has no keys fcinvoke can sign with: asked for by name, it is an error saying so.
 */
import { dirname, join } from 'node:path';
import type { CloudId } from '../../providers/types.js';
import {
  chooseProfile,
  displayPath,
  homePath,
  isRecord,
  keys,
  malformed,
  optionalString,
  profileMissing,
  readStoreFile,
  unsupported,
  type NativeCredentials,
  type NativeLookup,
} from './types.js';

/** Names a clouds.yaml to read before the standard places (openstacksdk). */
export const OS_CLIENT_CONFIG_FILE_VARIABLE = 'OS_CLIENT_CONFIG_FILE';
/** Selects the cloud (openstacksdk, openstackclient, Terraform). */
export const OS_CLOUD_VARIABLE = 'OS_CLOUD';

/** Reads one cloud of clouds.yaml for the Open Telekom Cloud; undefined when there is no file or no cloud to use. */
export async function readOpenstackClouds(cloud: CloudId, lookup: NativeLookup): Promise<NativeCredentials | undefined> {
  if (cloud !== 'otc') return undefined;
  const found = await findCloudsFile(lookup);
  if (found === undefined) return undefined;
  const { path, text } = found;
  const display = displayPath(path, lookup.home);
  const document = await parseCloudsYaml(text, display);
  const secureText = await readStoreFile(lookup, join(dirname(path), 'secure.yaml'));
  const secure = secureText === undefined ? {} : await parseCloudsYaml(secureText, displayPath(join(dirname(path), 'secure.yaml'), lookup.home));
  const clouds = mergeRecords(cloudsOf(document, display), cloudsOf(secure, display));

  const names = Object.keys(clouds);
  const choice = chooseProfile(lookup, [OS_CLOUD_VARIABLE], names.length === 1 ? names[0] : undefined);
  if (choice === undefined) return undefined;
  const entry = clouds[choice.name];
  if (!isRecord(entry)) {
    if (choice.explicit) throw profileMissing(display, 'cloud', choice);
    return undefined;
  }
  const where = `${display} cloud ${choice.name}`;
  const auth = isRecord(entry.auth) ? entry.auth : {};
  const ak = optionalString(auth, 'ak', `${where} auth`) ?? optionalString(auth, 'access_key', `${where} auth`);
  const sk = optionalString(auth, 'sk', `${where} auth`) ?? optionalString(auth, 'secret_key', `${where} auth`);
  if (ak === undefined && sk === undefined) {
    if (!choice.explicit) return undefined;
    throw unsupported(
      `${where} has no AK/SK: fcinvoke signs with access keys, not with a user name and password`,
      'add auth.ak and auth.sk (the otcextensions names) to that cloud, or set OTC_SDK_AK / OTC_SDK_SK',
    );
  }
  if (ak === undefined) throw malformed(`${where}: auth.ak is missing`);
  if (sk === undefined) throw malformed(`${where}: auth.sk is missing`);
  const projectId = optionalString(auth, 'project_id', `${where} auth`) ?? optionalString(auth, 'tenant_id', `${where} auth`);
  const region = optionalString(entry, 'region_name', where);
  return {
    store: 'openstack-clouds',
    cloud,
    credentials: keys(ak, sk, optionalString(auth, 'security_token', `${where} auth`)),
    source: where,
    ...(projectId === undefined ? {} : { projectId }),
    ...(region === undefined ? {} : { region }),
  };
}

/** The places openstacksdk looks, in its order; the first that exists is the file. */
export function cloudsFilePaths(lookup: NativeLookup): string[] {
  const paths: string[] = [];
  const override = lookup.env[OS_CLIENT_CONFIG_FILE_VARIABLE];
  if (override !== undefined && override !== '') paths.push(override);
  if (lookup.cwd !== undefined && lookup.cwd !== '') paths.push(join(lookup.cwd, 'clouds.yaml'));
  const configHome = lookup.env['XDG_CONFIG_HOME'];
  paths.push(join(configHome !== undefined && configHome !== '' ? configHome : homePath(lookup.home, '.config'), 'openstack', 'clouds.yaml'));
  paths.push('/etc/openstack/clouds.yaml');
  return paths;
}

async function findCloudsFile(lookup: NativeLookup): Promise<{ path: string; text: string } | undefined> {
  for (const path of cloudsFilePaths(lookup)) {
    const text = await readStoreFile(lookup, path);
    if (text !== undefined) return { path, text };
  }
  return undefined;
}

function cloudsOf(document: Record<string, unknown>, display: string): Record<string, unknown> {
  const clouds = document.clouds;
  if (clouds === undefined || clouds === null) return {};
  if (!isRecord(clouds)) throw malformed(`${display}: clouds must be a mapping of cloud names`);
  return clouds;
}

/** `over` merged into `base`, mappings merged key by key (openstacksdk merges secure.yaml so). */
function mergeRecords(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = merged[key];
    merged[key] = isRecord(current) && isRecord(value) ? mergeRecords(current, value) : value;
  }
  return merged;
}

/**
 * A clouds.yaml (or secure.yaml) document, read with js-yaml (the parser cosmiconfig already brings, loaded only
 * here) under the failsafe schema, so every scalar stays a string (a project id of digits is not a number). An
 * error gives the line and js-yaml's reason, never the line's text or js-yaml's snippet, which may hold a secret.
 */
export async function parseCloudsYaml(text: string, display: string): Promise<Record<string, unknown>> {
  const yaml = await import('js-yaml');
  const engine = (yaml as unknown as { default?: typeof yaml }).default ?? yaml;
  let document: unknown;
  try {
    document = engine.load(text, { schema: engine.FAILSAFE_SCHEMA, filename: display });
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? 'not valid YAML';
    throw malformed(`${display}${mark?.line === undefined ? '' : ` line ${mark.line + 1}`}: ${reason}`);
  }
  if (document === undefined || document === null) return {};
  if (!isRecord(document)) throw malformed(`${display}: the document must be a mapping`);
  return document;
}
