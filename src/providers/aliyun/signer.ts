/**
 * ACS3-HMAC-SHA256, step by step (providers.md §3.3). Each step is exported so vectors can check it.
 *
 * Only `host`, `content-type` and `x-acs-*` headers are signed; the `x-fc-*` invocation headers are not
 * (providers.md §0.4). There is no key derivation: the secret signs the string to sign directly.
 */
import { ConfigError } from '../../core/errors.js';
import { copyHeaders, getHeader } from '../shared/headers.js';
import { hmacSha256, sha256Hex } from '../shared/hmac.js';
import { percentEncode } from '../shared/percent-encode.js';
import type { Credentials, HttpRequest, SigningContext } from '../types.js';
import {
  ALGORITHM,
  HEADER_ACCESS_KEY_ID,
  HEADER_CONTENT_SHA256,
  HEADER_DATE,
  HEADER_NONCE,
  HEADER_SECURITY_TOKEN,
} from './constants.js';

/** The parts of a request ACS3 covers. */
export interface Acs3Parts {
  method: string;
  /** The path exactly as sent, already percent-encoded. */
  path: string;
  /** Query parameters as decoded name/value pairs; a null value is a bare name. */
  query: ReadonlyArray<readonly [string, string | null]>;
  /** The headers as sent, including `host`; only `host`, `content-type` and `x-acs-*` are used. */
  headers: Readonly<Record<string, string>>;
  /** Lower-case hex SHA-256 of the body (also sent as `x-acs-content-sha256`). */
  hashedPayload: string;
}

/** The date and nonce a signature covers: normally from the clock and a random number, fixed in vectors. */
export interface Acs3Stamp {
  /** UTC `YYYY-MM-DDTHH:mm:ssZ`. */
  date: string;
  nonce: string;
}

/** The `x-acs-date` value for an instant: UTC, whole seconds, `Z` suffix (SDK `getTimestamp`). */
export function acs3Date(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A per-request `x-acs-signature-nonce`: the clock in ms plus the random number, so retries never repeat one. */
export function acs3Nonce(context: SigningContext): string {
  return `${context.now.getTime().toString(16)}-${context.nonce.toString(16).padStart(8, '0')}`;
}

/** Step 2.2: the canonical URI. SDK openapi-core 1.0.8 `getAuthorization` rewrites `+`, `*` and `%7E`. */
export function acs3CanonicalUri(path: string): string {
  return (path === '' ? '/' : path).replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~');
}

/**
 * Step 2.3: the canonical query, sorted by name, values RFC 3986-encoded (providers.md §3.3). The SDK leaves
 * names unencoded; the ACS3 document encodes them. Identical for `qualifier`, the only parameter we send.
 */
export function acs3CanonicalQuery(query: ReadonlyArray<readonly [string, string | null]>): string {
  return [...query]
    .sort(([a, av], [b, bv]) => compare(a, b) || compare(av ?? '', bv ?? ''))
    .map(([name, value]) => `${percentEncode(name)}=${value === null ? '' : percentEncode(value)}`)
    .join('&');
}

/** Steps 2.4–2.5: the canonical header lines and the signed-header list. */
export function acs3CanonicalHeaders(headers: Readonly<Record<string, string>>): {
  canonicalHeaders: string;
  signedHeaders: string;
} {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower !== 'host' && lower !== 'content-type' && !lower.startsWith('x-acs-')) continue;
    const values = grouped.get(lower) ?? [];
    values.push(value.trim());
    grouped.set(lower, values);
  }
  const names = [...grouped.keys()].sort(compare);
  const canonicalHeaders = names.map((name) => `${name}:${grouped.get(name)!.sort(compare).join(',')}\n`).join('');
  return { canonicalHeaders, signedHeaders: names.join(';') };
}

/** Step 2: the canonical request, six parts joined by newlines. */
export function acs3CanonicalRequest(parts: Acs3Parts): string {
  const { canonicalHeaders, signedHeaders } = acs3CanonicalHeaders(parts.headers);
  return [
    parts.method.toUpperCase(),
    acs3CanonicalUri(parts.path),
    acs3CanonicalQuery(parts.query),
    canonicalHeaders,
    signedHeaders,
    parts.hashedPayload,
  ].join('\n');
}

/** Step 3: the string to sign. */
export function acs3StringToSign(canonicalRequest: string): string {
  return `${ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

/** Step 4: lower-case hex HMAC-SHA256 of the string to sign, keyed with the secret itself. */
export function acs3Signature(accessKeySecret: string, stringToSign: string): string {
  return hmacSha256(accessKeySecret, stringToSign).toString('hex');
}

/** Steps 2–5: the Authorization value, with every intermediate string for tests. */
export function acs3Authorization(
  parts: Acs3Parts,
  accessKeyId: string,
  accessKeySecret: string,
): { canonicalRequest: string; stringToSign: string; signature: string; signedHeaders: string; authorization: string } {
  const canonicalRequest = acs3CanonicalRequest(parts);
  const stringToSign = acs3StringToSign(canonicalRequest);
  const signature = acs3Signature(accessKeySecret, stringToSign);
  const { signedHeaders } = acs3CanonicalHeaders(parts.headers);
  // Comma-separated without spaces, as the SDK writes it (providers.md §3.3 step 5).
  const authorization = `${ALGORITHM} Credential=${accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`;
  return { canonicalRequest, stringToSign, signature, signedHeaders, authorization };
}

/** Signs with a given date and nonce: adds the `x-acs-*` signing headers and Authorization. Pure. */
export function signAcs3WithStamp(request: HttpRequest, credentials: Credentials, stamp: Acs3Stamp): HttpRequest {
  if (credentials.kind !== 'keys') {
    throw new ConfigError('Alibaba Function Compute needs an AccessKey ID and secret, not a bearer token', {
      code: 'config.credentials_kind',
    });
  }
  const url = new URL(request.url);
  const hashedPayload = sha256Hex(request.body);
  const headers: Record<string, string> = copyHeaders(request.headers);
  headers[HEADER_DATE] = stamp.date;
  headers[HEADER_NONCE] = stamp.nonce;
  headers[HEADER_CONTENT_SHA256] = hashedPayload;
  if (credentials.securityToken) {
    // STS keys: both headers are signed (providers.md §3.3).
    headers[HEADER_ACCESS_KEY_ID] = credentials.accessKeyId;
    headers[HEADER_SECURITY_TOKEN] = credentials.securityToken;
  }
  // The SDK signs its endpoint string as `host`, port included; `URL.host` drops only a default port,
  // exactly as the Host header undici sends.
  const signedView = getHeader(headers, 'host') === undefined ? { host: url.host, ...headers } : headers;
  const { authorization } = acs3Authorization(
    { method: request.method, path: url.pathname, query: parseQuery(url.search), headers: signedView, hashedPayload },
    credentials.accessKeyId,
    credentials.accessKeySecret,
  );
  headers['Authorization'] = authorization;
  return { ...request, headers };
}

/** Signs a built FC 3.0 request at `context.now` with a fresh nonce. Pure. */
export function signAcs3HmacSha256(request: HttpRequest, credentials: Credentials, context: SigningContext): HttpRequest {
  return signAcs3WithStamp(request, credentials, { date: acs3Date(context.now), nonce: acs3Nonce(context) });
}

/** Decoded name/value pairs of a raw `?a=b&c` query string (`+` is literal, as RFC 3986 has it). */
export function parseQuery(search: string): Array<[string, string | null]> {
  const text = search.startsWith('?') ? search.slice(1) : search;
  if (text === '') return [];
  return text.split('&').map((pair) => {
    const equals = pair.indexOf('=');
    if (equals === -1) return [safeDecode(pair), null];
    return [safeDecode(pair.slice(0, equals)), safeDecode(pair.slice(equals + 1))];
  });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Code-unit order, as the SDK's `Array.prototype.sort` gives. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
