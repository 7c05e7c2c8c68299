/**
 * A small INI parser for the SDK credential files (`~/.tencentcloud/credentials`, `~/.alibabacloud/credentials`,
 * `~/.huaweicloud/credentials`). It accepts what those SDKs write and what users type by hand:
 * `[section]` headers, `key = value` or `key: value`, `#`/`;` comment lines, blank lines, CRLF and quoted values.
 *
 * Inline comments are NOT stripped: a secret may contain `#` or `;`, and Python's configparser (used by several of
 * these SDKs' tools) keeps them too.
 */
import { malformed } from './types.js';

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
