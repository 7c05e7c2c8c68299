/**
 * Masking of secrets in anything printed: headers, URLs (the legacy v2 API signs in the query), messages.
 * Grouped by kind so a new provider's secret-bearing names are added in one place.
 */
import type { Credentials } from './credentials.js';
import type { HttpRequest } from './http.js';

const MASK = '***';

/** Header names whose values are secrets or signatures (lower-case). */
export const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'x-tc-token',
  'x-acs-security-token',
  'x-fc-security-token',
  'x-security-token',
  'x-auth-token',
]);

/** Query parameters whose values are secrets or signatures. */
export const SECRET_QUERY_PARAMS: ReadonlySet<string> = new Set(['Signature', 'SecretId', 'Token', 'signature']);

/** The secret strings in a set of credentials (the access key id is an identifier: see {@link keyIdOf}). */
export function secretValues(credentials: Credentials): string[] {
  return credentials.kind === 'token'
    ? [credentials.token]
    : [credentials.accessKeySecret, credentials.securityToken].filter((value): value is string => !!value);
}

/** The access key id, which is masked (not hidden) wherever it is printed, as `config show` masks it. */
function keyIdOf(credentials: Credentials): string | undefined {
  return credentials.kind === 'keys' && credentials.accessKeyId.length >= 4 ? credentials.accessKeyId : undefined;
}

/**
 * An identifier shown in part: at most a quarter of it at each end, nothing under 8 characters (`AKID…wxyz`). The
 * rule of `config show`, so a key id reads the same in every output.
 */
export function maskKeyId(value: string): string {
  const shown = Math.min(4, Math.floor(value.length / 4));
  if (shown < 2) return '****';
  return `${value.slice(0, shown)}…${value.slice(-shown)}`;
}

/** One string to find in printed text and what replaces it. */
export interface Replacement {
  find: string;
  replace: string;
}

/**
 * What to replace in text printed from a request or an answer: each secret as it is, URL-encoded and JSON-escaped
 * (a server that echoes the request may quote it in any of those forms), with the mask; the access key id with
 * its masked form. Longest first, so a secret that contains another is replaced whole.
 */
export function replacementsFor(credentials: Credentials): Replacement[] {
  const keyId = keyIdOf(credentials);
  return secretReplacements(secretValues(credentials), keyId === undefined ? [] : [{ find: keyId, replace: maskKeyId(keyId) }]);
}

/** Each secret in its printed forms (as it is, URL-encoded, JSON-escaped) with the mask, then `extra`; longest first. */
function secretReplacements(secrets: Iterable<string>, extra: readonly Replacement[] = []): Replacement[] {
  const list: Replacement[] = [];
  const add = (value: string, replace: string) => {
    if (value.length >= 4 && !list.some((entry) => entry.find === value)) list.push({ find: value, replace });
  };
  for (const secret of secrets) {
    add(secret, MASK);
    add(encodeURIComponent(secret), MASK);
    add(JSON.stringify(secret).slice(1, -1), MASK);
    add(JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/'), MASK);
  }
  for (const { find, replace } of extra) add(find, replace);
  return list.sort((a, b) => b.find.length - a.find.length);
}

/**
 * Replaces every occurrence of each secret in `text` with a mask, in each form a server may quote it in (as it is,
 * URL-encoded, JSON-escaped): for server text that may echo what it was sent (an OIDC token, a signing secret).
 */
export function redactText(text: string, secrets: readonly string[]): string {
  return redactWith(text, secretReplacements(secrets));
}

/**
 * A server's message as it may be quoted in one error line: secrets masked first ({@link redactText}), then white
 * space folded and the text cut to `max` characters, so a cut can never leave part of a secret showing.
 */
export function quoteServerText(text: string, secrets: readonly string[], max = 300): string {
  const clean = redactText(text, secrets).replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Applies {@link replacementsFor}'s list to `text`. */
export function redactWith(text: string, replacements: readonly Replacement[]): string {
  let result = text;
  for (const { find, replace } of replacements) {
    if (result.includes(find)) result = result.split(find).join(replace);
  }
  return result;
}

/** Text printed from a server (an error message, a log, a header), with the credentials' secrets masked. */
export function redactServerText(text: string, credentials: Credentials): string {
  return redactWith(text, replacementsFor(credentials));
}

/**
 * Whether any secret (in any of its printed forms) occurs in `bytes`: a quick test before anything is copied, so
 * an answer with nothing to hide costs one search per form.
 */
export function bytesContainSecret(bytes: Uint8Array, replacements: readonly Replacement[]): boolean {
  if (bytes.byteLength === 0) return false;
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return replacements.some(({ find, replace }) => replace === MASK && buffer.includes(find));
}

/** A JSON value with every secret in its strings (and keys) masked. */
export function redactValue(value: unknown, replacements: readonly Replacement[]): unknown {
  if (typeof value === 'string') return redactWith(value, replacements);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, replacements));
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[redactWith(key, replacements)] = redactValue(item, replacements);
    return copy;
  }
  return value;
}

/** A printable copy of a request: secret headers and query values masked, body summarised by size. */
export function redactRequest(
  request: HttpRequest,
  credentials: Credentials,
): { method: string; url: string; headers: Record<string, string>; bodyBytes: number } {
  const url = new URL(request.url);
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_QUERY_PARAMS.has(name)) url.searchParams.set(name, MASK);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name] = SECRET_HEADERS.has(name.toLowerCase()) ? maskAuthorization(value) : value;
  }
  const replacements = replacementsFor(credentials);
  const redactedHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) redactedHeaders[name] = redactWith(value, replacements);
  return {
    method: request.method,
    url: redactWith(url.toString(), replacements),
    headers: redactedHeaders,
    bodyBytes: request.body.byteLength,
  };
}

/** Response (or request) headers safe to print: secret-bearing ones masked, secret values replaced anywhere. */
export function redactHeaders(headers: Record<string, string>, credentials: Credentials): Record<string, string> {
  const replacements = replacementsFor(credentials);
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    result[name] = SECRET_HEADERS.has(name.toLowerCase()) ? MASK : redactWith(value, replacements);
  }
  return result;
}

/**
 * A copy of a signed request safe to print whole (`--dry-run`): secret headers and query values masked, and in a
 * form body (the legacy v2 API signs there) the Signature and Token fields masked too.
 */
export function redactRequestForDisplay(request: HttpRequest, credentials: Credentials): HttpRequest {
  const summary = redactRequest(request, credentials);
  let body = request.body;
  const contentType = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(new TextDecoder().decode(request.body));
    for (const name of [...form.keys()]) if (SECRET_QUERY_PARAMS.has(name)) form.set(name, MASK);
    body = new TextEncoder().encode(form.toString());
  }
  const replacements = replacementsFor(credentials);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(body);
  if (replacements.some(({ find }) => text.includes(find))) body = new TextEncoder().encode(redactWith(text, replacements));
  return { method: request.method, url: summary.url, headers: summary.headers, body };
}

/** Keeps the scheme and credential id of an Authorization value, masks the signature part; masks others whole. */
function maskAuthorization(value: string): string {
  const masked = value.replace(/(Signature=)[0-9a-fA-F]+/, `$1${MASK}`).replace(/^(FC [^:]+:).+$/, `$1${MASK}`);
  return masked === value ? MASK : masked;
}
