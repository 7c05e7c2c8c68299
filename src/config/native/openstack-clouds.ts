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
  const document = parseSimpleYaml(text, display);
  const secureText = await readStoreFile(lookup, join(dirname(path), 'secure.yaml'));
  const secure = secureText === undefined ? {} : parseSimpleYaml(secureText, displayPath(join(dirname(path), 'secure.yaml'), lookup.home));
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
 * The YAML clouds.yaml is written in: block mappings by indentation, `- item` lists of scalars, plain and quoted
 * scalars, `#` comments. Anchors, flow collections and multi-line scalars are refused with the line (never its
 * text, which may hold a secret). Scalars stay strings.
 */
export function parseSimpleYaml(text: string, display: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  // Open mappings by indent; a frame made for `key:` (no value) knows its owner, so `- item` lines turn it into a list.
  const stack: Frame[] = [{ indent: -1, mapping: root }];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = stripComment(raw);
    if (line.trim() === '' || line.trim() === '---') continue;
    const indent = line.length - line.trimStart().length;
    const content = line.trim();
    const fail = (reason: string) => malformed(`${display} line ${index + 1}: ${reason}`);
    if (raw.slice(0, indent).includes('\t')) throw fail('indentation must use spaces');
    while (stack.length > 1 && indent <= stack.at(-1)!.indent) stack.pop();
    const top = stack.at(-1)!;
    if (content.startsWith('- ') || content === '-') {
      const target = listTarget(top);
      if (target === undefined) throw fail('a list item outside a list');
      const current = target.owner[target.key];
      const list = Array.isArray(current) ? (current as unknown[]) : [];
      list.push(scalar(content.slice(1).trim(), fail));
      target.owner[target.key] = list;
      continue;
    }
    const match = /^("[^"]*"|'[^']*'|[^\s:'"][^:]*?)\s*:(?:\s+(.*))?$/.exec(content);
    if (match === null) throw fail('expected key: value');
    const key = unquote(match[1]!);
    const value = match[2];
    top.lastKey = key;
    if (value === undefined || value === '') {
      const child: Record<string, unknown> = {};
      top.mapping[key] = child;
      stack.push({ indent, mapping: child, owner: top.mapping, ownerKey: key });
      continue;
    }
    top.mapping[key] = scalar(value, fail);
  }
  return root;
}

interface Frame {
  indent: number;
  mapping: Record<string, unknown>;
  owner?: Record<string, unknown>;
  ownerKey?: string;
  lastKey?: string;
}

/** Where a `- item` goes: the empty `key:` it follows, indented under it or level with it. */
function listTarget(top: Frame): { owner: Record<string, unknown>; key: string } | undefined {
  if (top.owner !== undefined && top.ownerKey !== undefined && Object.keys(top.mapping).length === 0) {
    return { owner: top.owner, key: top.ownerKey };
  }
  const last = top.lastKey === undefined ? undefined : top.mapping[top.lastKey];
  if (top.lastKey !== undefined && (Array.isArray(last) || (isRecord(last) && Object.keys(last).length === 0))) {
    return { owner: top.mapping, key: top.lastKey };
  }
  return undefined;
}

function scalar(text: string, fail: (reason: string) => Error): string {
  if (text.startsWith('"')) {
    if (!text.endsWith('"') || text.length < 2) throw fail('an unterminated double-quoted value');
    return JSON.parse(text) as string;
  }
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) throw fail('an unterminated single-quoted value');
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (/^[&*!|>{[]/.test(text)) throw fail('anchors, tags, flow collections and block scalars are not supported');
  return text;
}

function unquote(key: string): string {
  if (key.startsWith('"') || key.startsWith("'")) return key.slice(1, -1);
  return key.trim();
}

/** The line without a `#` comment: one at the start, or after a space, outside quotes. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index]!;
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '#' && (index === 0 || /\s/.test(line[index - 1]!))) {
      return line.slice(0, index);
    }
  }
  return line;
}
