/**
 * Masking of secrets in anything printed: headers, URLs (the legacy v2 API signs in the query), messages.
 * Grouped by kind so a new provider's secret-bearing names are added in one place.
 */
import type { Credentials, HttpRequest } from '../providers/types.js';

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

/** The secret strings in a set of credentials (the access key id is kept: it is an identifier, not a secret). */
export function secretValues(credentials: Credentials): string[] {
  return credentials.kind === 'token'
    ? [credentials.token]
    : [credentials.accessKeySecret, credentials.securityToken].filter((value): value is string => !!value);
}

/** Replaces every occurrence of each secret in `text` with a mask. */
export function redactText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join(MASK);
  }
  return result;
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
  const secrets = secretValues(credentials);
  return {
    method: request.method,
    url: redactText(url.toString(), secrets),
    headers: JSON.parse(redactText(JSON.stringify(headers), secrets)) as Record<string, string>,
    bodyBytes: request.body.byteLength,
  };
}

/** Response (or request) headers safe to print: secret-bearing ones masked, secret values replaced anywhere. */
export function redactHeaders(headers: Record<string, string>, credentials: Credentials): Record<string, string> {
  const secrets = secretValues(credentials);
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    result[name] = SECRET_HEADERS.has(name.toLowerCase()) ? MASK : redactText(value, secrets);
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
  const secrets = secretValues(credentials);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(body);
  if (secrets.some((secret) => secret.length >= 4 && text.includes(secret))) {
    body = new TextEncoder().encode(redactText(text, secrets));
  }
  return { method: request.method, url: summary.url, headers: summary.headers, body };
}

/** Keeps the scheme and credential id of an Authorization value, masks the signature part; masks others whole. */
function maskAuthorization(value: string): string {
  const masked = value.replace(/(Signature=)[0-9a-fA-F]+/, `$1${MASK}`).replace(/^(FC [^:]+:).+$/, `$1${MASK}`);
  return masked === value ? MASK : masked;
}
