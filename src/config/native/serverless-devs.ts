/**
 * Serverless Devs (`s`): `~/.s/access.yaml` (or `access.yml`); the directory moves with the env variable
 * `serverless_devs_config_home` (providers.md §3.6). It is the only store that carries the Alibaba AccountID, and it
 * holds Tencent and Huawei keys too. Every value is crypto-js `AES.encrypt(value, "SecretKey123")` output; a value
 * that does not decrypt to a non-empty string is used as written, as Serverless Devs does, so plaintext files work.
 *
 * Alias: lookup.profile, else the alias whose `__default` is "true", else `default`. When that alias holds another
 * cloud's keys, the only alias that holds this cloud's keys is used (so one file with an Alibaba `default` and a
 * single Tencent alias serves both without a flag). `${aliyun-cli}` names the aliyun CLI's current profile.
 *
 * The file is YAML, but Serverless Devs writes only `alias:` lines followed by indented `Key: value` lines, and the
 * project has no YAML dependency, so a minimal reader for exactly that shape lives here; anything richer is refused.
 */
import { join } from 'node:path';
import type { CloudId } from '../../providers/types.js';
import { readAliyunCliKeys } from './aliyun-cli.js';
import { decryptOpenSslAes } from './openssl-aes.js';
import {
  displayPath,
  keys,
  malformed,
  profileMissing,
  readStoreFile,
  type NativeCredentials,
  type NativeLookup,
  type ProfileChoice,
} from './types.js';

/** The fixed passphrase Serverless Devs encrypts access.yaml values with. */
export const SERVERLESS_DEVS_PASSPHRASE = 'SecretKey123';

/** Moves the `~/.s` directory. */
export const SERVERLESS_DEVS_HOME_VARIABLE = 'serverless_devs_config_home';

/** The alias that means "read the aliyun CLI's config instead". */
export const ALIYUN_CLI_ALIAS = '${aliyun-cli}';

/** The key names each cloud's alias uses. */
const FIELDS: Record<CloudId, { id: string; secret: string; title: string }> = {
  aliyun: { id: 'AccessKeyID', secret: 'AccessKeySecret', title: 'Alibaba Cloud' },
  tencent: { id: 'SecretID', secret: 'SecretKey', title: 'Tencent Cloud' },
  huawei: { id: 'AccessKeyID', secret: 'SecretAccessKey', title: 'Huawei Cloud' },
  // Never read (the reader returns first for otc); here so every cloud has a title in messages.
  otc: { id: 'AccessKeyID', secret: 'SecretAccessKey', title: 'Open Telekom Cloud' },
};

/** Aliases by name, each a map of key to raw (still encrypted) value. */
export type AccessYaml = Record<string, Record<string, string>>;

/** Reads one alias for one cloud; undefined when there is no file, or no alias for this cloud by default. */
export async function readServerlessDevs(cloud: CloudId, lookup: NativeLookup): Promise<NativeCredentials | undefined> {
  // Serverless Devs has no Open Telekom Cloud access kind.
  if (cloud === 'otc') return undefined;
  if (lookup.profile === ALIYUN_CLI_ALIAS) {
    return cloud === 'aliyun' ? readAliyunCliKeys(cloud, { ...lookup, profile: undefined }) : undefined;
  }
  const file = await readAccessFile(lookup);
  if (file === undefined) return undefined;
  const { display, aliases } = file;

  const picked = pickAlias(aliases, cloud, lookup, display);
  if (picked === undefined) return undefined;
  const { name, values, note } = picked;
  const where = `${display} alias ${name}`;
  const fields = FIELDS[cloud];
  const accessKeyId = values[fields.id];
  const accessKeySecret = values[fields.secret];
  if (accessKeyId === undefined) throw malformed(`${where}: ${fields.id} is missing`);
  if (accessKeySecret === undefined) throw malformed(`${where}: ${fields.secret} is missing`);
  const token = values.SecurityToken ?? (cloud === 'tencent' ? values.Token : undefined);
  const accountId = values.AccountID;
  return {
    store: 'serverless-devs',
    cloud,
    credentials: keys(accessKeyId, accessKeySecret, token),
    source: `${where}${note}`,
    ...(accountId === undefined ? {} : { accountId }),
  };
}

/**
 * The AccountID of the Alibaba alias whose AccessKeyID is `accessKeyId`, if any; for filling in the account when
 * another store supplied the same keys. Never throws: this is a best-effort extra.
 */
export async function findServerlessDevsAccountId(
  accessKeyId: string,
  lookup: NativeLookup,
): Promise<{ accountId: string; source: string } | undefined> {
  try {
    const file = await readAccessFile(lookup);
    if (file === undefined) return undefined;
    for (const [name, raw] of Object.entries(file.aliases)) {
      const values = decryptAlias(raw);
      if (cloudOf(values) !== 'aliyun' || values.AccessKeyID !== accessKeyId) continue;
      if (values.AccountID !== undefined) return { accountId: values.AccountID, source: `${file.display} alias ${name}` };
    }
  } catch {
    // A broken access.yaml is reported when it is the store being read, not as a side effect of another one.
  }
  return undefined;
}

/** Decrypts every value of one alias; "" and undecryptable values fall back to the raw text, as Serverless Devs does. */
export function decryptAlias(raw: Record<string, string>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    const plain = decryptOpenSslAes(value, SERVERLESS_DEVS_PASSPHRASE);
    const chosen = plain === undefined || plain === '' ? value : plain;
    if (chosen !== '') values[key] = chosen;
  }
  return values;
}

/**
 * Parses access.yaml's shape: top-level `alias:` (or `alias: {}`) lines, each followed by more-indented
 * `Key: value` lines with plain, 'single' or "double" quoted scalars. Throws a ConfigError naming the file and line
 * (never the line's text) for anything else.
 */
export function parseAccessYaml(text: string, display: string): AccessYaml {
  const aliases: AccessYaml = Object.create(null) as AccessYaml;
  let current: Record<string, string> | undefined;
  let childIndent: number | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const lineNumber = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || (index === 0 && trimmed === '---')) continue;
    if (raw.includes('\t')) throw malformed(`${display} line ${lineNumber}: tabs are not allowed in YAML indentation`);
    const indent = raw.length - raw.trimStart().length;
    const entry = parseEntry(trimmed);
    if (entry === undefined) throw malformed(`${display} line ${lineNumber}: expected "key: value"`);
    if (indent === 0) {
      if (entry.value === '' || entry.value === '{}') {
        current = aliases[entry.key] = Object.create(null) as Record<string, string>;
        childIndent = undefined;
        continue;
      }
      throw malformed(`${display} line ${lineNumber}: expected an alias followed by indented keys`);
    }
    if (current === undefined) throw malformed(`${display} line ${lineNumber}: indented key outside an alias`);
    childIndent ??= indent;
    if (indent !== childIndent) throw malformed(`${display} line ${lineNumber}: unexpected indentation`);
    const value = parseScalar(entry.value);
    if (value === undefined) {
      throw malformed(`${display} line ${lineNumber}: only plain or quoted single-line values are supported`);
    }
    current[entry.key] = value;
  }
  return aliases;
}

async function readAccessFile(
  lookup: NativeLookup,
): Promise<{ display: string; aliases: AccessYaml } | undefined> {
  const override = lookup.env[SERVERLESS_DEVS_HOME_VARIABLE];
  const directory = override !== undefined && override !== '' ? override : join(lookup.home, '.s');
  for (const name of ['access.yaml', 'access.yml']) {
    const path = join(directory, name);
    const text = await readStoreFile(lookup, path);
    if (text === undefined) continue;
    const display = displayPath(path, lookup.home);
    return { display, aliases: parseAccessYaml(text, display) };
  }
  return undefined;
}

function pickAlias(
  aliases: AccessYaml,
  cloud: CloudId,
  lookup: NativeLookup,
  display: string,
): { name: string; values: Record<string, string>; note: string } | undefined {
  if (lookup.profile !== undefined && lookup.profile !== '') {
    const choice: ProfileChoice = { name: lookup.profile, explicit: true, from: 'the requested profile' };
    const raw = aliases[choice.name];
    if (raw === undefined) throw profileMissing(display, 'alias', choice);
    const values = decryptAlias(raw);
    const holds = cloudOf(values);
    if (holds !== undefined && holds !== cloud) {
      throw malformed(
        `${display} alias ${choice.name} holds ${FIELDS[holds].title} keys, not ${FIELDS[cloud].title} keys`,
      );
    }
    return { name: choice.name, values, note: '' };
  }

  const decrypted = Object.entries(aliases).map(([name, raw]) => ({ name, values: decryptAlias(raw) }));
  const preferred =
    decrypted.find((alias) => alias.values.__default?.toLowerCase() === 'true') ??
    decrypted.find((alias) => alias.name === 'default');
  if (preferred !== undefined && cloudOf(preferred.values) === cloud) return { ...preferred, note: '' };
  const matching = decrypted.filter((alias) => cloudOf(alias.values) === cloud);
  if (matching.length === 1 && matching[0] !== undefined) {
    return { ...matching[0], note: ` (the only ${FIELDS[cloud].title} alias)` };
  }
  return undefined;
}

/** Which cloud an alias's keys are for: `__provider` when present, else the key names. */
function cloudOf(values: Record<string, string>): CloudId | undefined {
  const provider = values.__provider?.toLowerCase();
  if (provider !== undefined) {
    if (provider.includes('alibaba') || provider.includes('aliyun')) return 'aliyun';
    if (provider.includes('tencent')) return 'tencent';
    if (provider.includes('huawei')) return 'huawei';
  }
  if (values.SecretID !== undefined && values.SecretKey !== undefined) return 'tencent';
  if (values.AccessKeyID !== undefined && values.SecretAccessKey !== undefined) return 'huawei';
  if (values.AccessKeyID !== undefined && values.AccessKeySecret !== undefined) return 'aliyun';
  return undefined;
}

/** `key: value`, with the key plain or quoted; undefined when the line has no `key:`. */
function parseEntry(line: string): { key: string; value: string } | undefined {
  const match = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^'"\s][^:]*?)\s*:(?:\s+(.*))?$/.exec(line);
  if (match === null || match[1] === undefined) return undefined;
  const key = parseScalar(match[1]);
  if (key === undefined) return undefined;
  return { key, value: (match[2] ?? '').trim() };
}

/** A single-line YAML scalar: 'single', "double" (JSON escapes) or plain (a ` #` starts a comment). */
function parseScalar(text: string): string | undefined {
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) return undefined;
    return text.slice(1, -1).replaceAll("''", "'");
  }
  if (text.startsWith('"')) {
    try {
      const value: unknown = JSON.parse(text);
      return typeof value === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  }
  const plain = text.replace(/\s+#.*$/, '').trim();
  if (plain === '~' || plain === 'null') return '';
  if (/^[|>{[&*!%@`]/.test(plain)) return undefined;
  return plain;
}
