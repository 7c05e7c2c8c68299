/** Option value parsers. Each throws UsageError/InputError with one clear line; none reads the disk. */
import { BOUNDS, describeBound, withinBound, type Bound, type BoundName } from '../config/bounds.js';
import { findJsonSyntaxError } from '../config/syntax.js';
import { InputError, UsageError } from '../core/errors.js';

/**
 * Checks that `text` is JSON and returns its exact bytes (the event is sent as the user wrote it, not
 * re-serialized). A syntax error names the line and column.
 */
export function parseEventJson(text: string, source: string): Uint8Array {
  const error = findJsonSyntaxError(text);
  if (error !== undefined) {
    const where = error.at === undefined ? '' : ` at line ${error.at.line}, column ${error.at.column}`;
    throw new InputError(`invalid event JSON in ${source}${where}: ${error.reason}`, {
      code: 'input.event_json',
      ...error.at,
    });
  }
  return new TextEncoder().encode(text);
}

/** Checks that event bytes are UTF-8 JSON (for files and stdin); empty or blank is refused (naming --raw-event). */
export function parseEventBytes(bytes: Uint8Array, source: string): Uint8Array {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new InputError(`the event in ${source} is not valid UTF-8`, { code: 'input.event_encoding' });
  }
  if (text.trim() === '') {
    // An empty file or pipe is more often a mistake (a command that failed upstream) than an event: say so.
    throw new InputError(`the event in ${source} is empty: give a JSON event, or --raw-event to send an empty body`, {
      code: 'input.event_empty',
      hint: '--raw-event applies to aliyun and aliyun-fc2; the other providers take JSON events only',
    });
  }
  parseEventJson(text, source);
  // Drop a UTF-8 byte-order mark: JSON text must not start with one (RFC 8259 §8.1).
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/**
 * Refuses an option given as an empty or blank value: `--endpoint "$EMU"` with EMU unset must not fall back to
 * the real cloud, and no option has a meaningful empty value.
 */
export function refuseEmpty(value: string, option: string): void {
  if (value.trim() === '') {
    throw new UsageError(`${option} is ${value === '' ? 'empty' : 'blank'}: give a value, or leave the option out`, {
      code: 'usage.empty_value',
      hint: value === '' ? 'a shell variable that is not set expands to an empty value' : undefined,
    });
  }
}

/**
 * A numeric option inside its range (config/bounds.ts); the error line names the option, the range and the value.
 */
export function parseBounded(value: string, bound: Bound): number {
  const trimmed = value.trim();
  const number = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || !withinBound(bound, number)) {
    throw new UsageError(`${bound.flag} takes ${describeBound(bound)}, not '${value}'`);
  }
  return number;
}

/**
 * Checks every numeric option of the bounds table that is given (`--timeout`, `--deadline`, `--retries`,
 * `--concurrency`, `--repeat`), so an out-of-range one fails before anything is read or sent.
 */
export function parseBoundedFlags(flags: Partial<Record<BoundName, string | undefined>>): Partial<Record<BoundName, number>> {
  const parsed: Partial<Record<BoundName, number>> = {};
  for (const name of Object.keys(BOUNDS) as BoundName[]) {
    const value = flags[name];
    if (value !== undefined) parsed[name] = parseBounded(value, BOUNDS[name]);
  }
  return parsed;
}

/** `--timeout`: 1 ms up to the longest a timer can wait. */
export function parseTimeoutMs(value: string): number {
  return parseBounded(value, BOUNDS.timeout);
}

/** A whole number ≥ `minimum`, for counts that have no entry in the bounds table. */
export function parseCount(value: string, option: string, minimum = 0): number {
  const count = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(count) || count < minimum) {
    throw new UsageError(`${option} takes a whole number${minimum > 0 ? ` of at least ${minimum}` : ''}, not '${value}'`);
  }
  return count;
}

/** A JSON object whose values are all strings (Tencent's RoutingKey). */
export function parseStringMap(value: string, option: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new UsageError(`${option} takes a JSON object of strings, e.g. '{"user":"42"}'`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`${option} takes a JSON object of strings, e.g. '{"user":"42"}'`);
  }
  for (const [key, entry] of Object.entries(parsed)) {
    if (typeof entry !== 'string') throw new UsageError(`${option}: the value of '${key}' must be a string`);
  }
  return parsed as Record<string, string>;
}

/**
 * An endpoint origin: http(s), no path. Plain http is refused except to loopback, since signed requests and
 * tokens would cross the network in the clear.
 */
export function parseEndpoint(value: string, allowInsecureHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(value.includes('://') ? value : `https://${value}`);
  } catch {
    throw new UsageError(`--endpoint must be a URL such as https://scf.tencentcloudapi.com, not '${value}'`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`--endpoint must use https:// (or http:// for a local emulator), not ${url.protocol}`);
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new UsageError('--endpoint takes scheme, host and port only; the API path is fixed by the provider');
  }
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopback(url.hostname)) {
    throw new UsageError(`refusing plain http:// to ${url.hostname}: signed requests would travel in the clear`, {
      hint: 'use https://, or pass --allow-insecure-http if you really mean it',
    });
  }
  return url.origin;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
