/**
 * A small INI parser for the SDK credential files (`~/.tencentcloud/credentials`, `~/.alibabacloud/credentials`,
 * `~/.huaweicloud/credentials`). It accepts what those SDKs write and what users type by hand:
 * `[section]` headers, `key = value` or `key: value`, `#`/`;` comment lines, blank lines, CRLF and quoted values.
 *
 * Inline comments are NOT stripped: a secret may contain `#` or `;`, and Python's configparser (used by several of
 * these SDKs' tools) keeps them too.
 */
import { chooseProfile, displayPath, malformed, profileMissing, readStoreFile, type NativeLookup } from './types.js';

/** Sections by name; keys keep their case (use {@link iniValue} to look them up). Keys before any header go to `""`. */
export type IniDocument = Record<string, Record<string, string>>;

/** The outcome of {@link parseIni}: a document, or the 1-based line that could not be read. */
export type IniParseResult = { ok: true; value: IniDocument } | { ok: false; line: number; reason: string };

/** Parses INI text. Never throws; never includes a line's text in the reason (it may hold a secret). */
export function parseIni(text: string): IniParseResult {
  const document: IniDocument = Object.create(null) as IniDocument;
  let current = '';
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[')) {
      if (!line.endsWith(']') || line.length < 3) {
        return { ok: false, line: index + 1, reason: 'a section header must look like [name]' };
      }
      current = line.slice(1, -1).trim();
      document[current] ??= Object.create(null) as Record<string, string>;
      continue;
    }
    const separator = firstSeparator(line);
    if (separator <= 0) {
      return { ok: false, line: index + 1, reason: 'expected key = value' };
    }
    const key = line.slice(0, separator).trim();
    const value = unquote(line.slice(separator + 1).trim());
    const section = (document[current] ??= Object.create(null) as Record<string, string>);
    section[key] = value;
  }
  return { ok: true, value: document };
}

/** A key's value in a section, matching the key case-insensitively (configparser lower-cases keys); "" counts as absent. */
export function iniValue(section: Record<string, string>, key: string): string | undefined {
  const exact = section[key];
  if (exact !== undefined) return exact === '' ? undefined : exact;
  const lower = key.toLowerCase();
  for (const [name, value] of Object.entries(section)) {
    if (name.toLowerCase() === lower) return value === '' ? undefined : value;
  }
  return undefined;
}

function firstSeparator(line: string): number {
  const equals = line.indexOf('=');
  const colon = line.indexOf(':');
  if (equals === -1) return colon;
  if (colon === -1) return equals;
  return Math.min(equals, colon);
}

function unquote(value: string): string {
  if (value.length >= 2) {
    const first = value[0];
    if ((first === '"' || first === "'") && value.endsWith(first)) return value.slice(1, -1);
  }
  return value;
}

/** Parses a credential file's INI text; a line that cannot be read is a ConfigError naming the file and line. */
export function parseIniFile(text: string, display: string): IniDocument {
  const parsed = parseIni(text);
  if (!parsed.ok) throw malformed(`${display} line ${parsed.line}: ${parsed.reason}`);
  return parsed.value;
}

/** Where an SDK's INI credential file is and which section it reads. */
export interface IniStore {
  /** The paths to try, in order; the first file that exists is read. */
  paths: readonly string[];
  /** Environment variables that name the section, after a profile's explicit `profile:`. */
  profileVariables: readonly string[];
  /** The section read when nothing names one. */
  defaultSection: string;
}

/**
 * The chosen section of an INI credential file, with `where` (`~/.x/credentials [name]`) for messages. Undefined
 * when there is no file, or when the default section is absent; a section named explicitly must exist.
 */
export async function readIniSection(
  lookup: NativeLookup,
  store: IniStore,
): Promise<{ section: Record<string, string>; where: string } | undefined> {
  for (const path of store.paths) {
    const text = await readStoreFile(lookup, path);
    if (text === undefined) continue;
    const display = displayPath(path, lookup.home);
    const document = parseIniFile(text, display);
    const choice = chooseProfile(lookup, store.profileVariables, store.defaultSection);
    if (choice === undefined) return undefined;
    const section = document[choice.name];
    if (section === undefined) {
      if (choice.explicit) throw profileMissing(display, 'section', choice);
      return undefined;
    }
    return { section, where: `${display} [${choice.name}]` };
  }
  return undefined;
}
