/**
 * SDK-HMAC-SHA256 (Huawei API Gateway AK/SK signing, which the Open Telekom Cloud's gateway also uses, §9.1), step by step (providers.md §5.3), and IAM-token auth.
 * Each step is exported so vectors can check it.
 *
 * Unlike TC3 or ACS3 there is no fixed header list: the official SDK (3.1.211) signs every header present at
 * signing time, and `User-Agent`/`Accept` are added after signing (providers.md §0.7). We sign every header of
 * the built request plus the ones signing adds, so what is signed is exactly what is sent.
 */
import { ConfigError } from '../../../core/errors.js';
import { copyHeaders, getHeader } from '../headers.js';
import { hmacSha256, sha256Hex } from '../hmac.js';
import { percentEncode } from '../percent-encode.js';
import type { Credentials, HttpRequest, KeyCredentials, SigningContext, TokenCredentials } from '../../types.js';
import type { FunctionGraphCloud } from './cloud.js';
import { ALGORITHM, HEADER_AUTH_TOKEN, HEADER_CONTENT_SHA256, HEADER_DATE, HEADER_SECURITY_TOKEN } from './constants.js';

/** The parts of a request SDK-HMAC-SHA256 covers. */
export interface SdkHmacSha256Parts {
  method: string;
  /** The path as sent (FunctionGraph URNs keep raw `:` and `!`), without the query. */
  path: string;
  /** The query string without `?` (empty for invoke). */
  query: string;
  /** Every header to sign, `host` and `X-Sdk-Date` included, in any case. */
  headers: Record<string, string>;
  /** Hex SHA-256 of the body, or the `X-Sdk-Content-Sha256` value when that header is present. */
  payloadHash: string;
}

/** The signing results, each intermediate string included for vectors. */
export interface SdkHmacSha256Signature {
  canonicalRequest: string;
  stringToSign: string;
  signedHeaders: string;
  signature: string;
  authorization: string;
}

/** `X-Sdk-Date`: UTC `YYYYMMDDTHHMMSSZ`. */
export function sdkDate(now: Date): string {
  return `${now.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/**
 * Canonical URI: each `/`-separated segment decoded, then RFC 3986-encoded (so `:` → `%3A`, `!` → `%21`), and a
 * trailing `/` appended when missing (providers.md §5.3 step 2.2; SDK `AKSKSigner.CanonicalURI`).
 */
export function sdkHmacSha256CanonicalUri(path: string): string {
  const encoded = path.split('/').map((segment) => percentEncode(safeDecode(segment))).join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

/** Canonical query: `enc(k)=enc(v)` sorted by key, then by value for repeated keys, joined by `&`. */
export function sdkHmacSha256CanonicalQuery(query: string): string {
  const pairs = [...new URLSearchParams(query)].map(([key, value]) => [percentEncode(key), percentEncode(value)]);
  pairs.sort(([k1 = '', v1 = ''], [k2 = '', v2 = '']) => compare(k1, k2) || compare(v1, v2));
  return pairs.map(([key, value]) => `${key}=${value}`).join('&');
}

/** Canonical headers (`name:value\n`, lower-cased names, sorted, values untrimmed as the SDK does) and the list. */
export function sdkHmacSha256CanonicalHeaders(headers: Record<string, string>): {
  canonicalHeaders: string;
  signedHeaders: string;
} {
  const entries = Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value] as const);
  entries.sort(([a], [b]) => compare(a, b));
  return {
    canonicalHeaders: entries.map(([name, value]) => `${name}:${value}\n`).join(''),
    signedHeaders: entries.map(([name]) => name).join(';'),
  };
}

/** Step 2: the canonical request, six parts joined by `\n`. */
export function sdkHmacSha256CanonicalRequest(parts: SdkHmacSha256Parts): string {
  const { canonicalHeaders, signedHeaders } = sdkHmacSha256CanonicalHeaders(parts.headers);
  return [
    parts.method.toUpperCase(),
    sdkHmacSha256CanonicalUri(parts.path),
    sdkHmacSha256CanonicalQuery(parts.query),
    canonicalHeaders,
    signedHeaders,
    parts.payloadHash,
  ].join('\n');
}

/** Step 3: `SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex SHA-256 of the canonical request>`. */
export function sdkHmacSha256StringToSign(date: string, canonicalRequest: string): string {
  return [ALGORITHM, date, sha256Hex(canonicalRequest)].join('\n');
}

/** Steps 2–5: the Authorization header value, with the intermediate strings. No key derivation (§5.3 step 4). */
export function sdkHmacSha256Authorization(
  parts: SdkHmacSha256Parts,
  accessKeyId: string,
  secretAccessKey: string,
): SdkHmacSha256Signature {
  const date = getHeader(parts.headers, HEADER_DATE) ?? '';
  const canonicalRequest = sdkHmacSha256CanonicalRequest(parts);
  const stringToSign = sdkHmacSha256StringToSign(date, canonicalRequest);
  const signature = hmacSha256(secretAccessKey, stringToSign).toString('hex');
  const { signedHeaders } = sdkHmacSha256CanonicalHeaders(parts.headers);
  const authorization = `${ALGORITHM} Access=${accessKeyId}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { canonicalRequest, stringToSign, signedHeaders, signature, authorization };
}

/**
 * Signs with an AK/SK: adds `X-Sdk-Date`, `host` (with port, as the SDK signs it), `X-Security-Token` for
 * temporary keys, then `Authorization` over all of them. Pure.
 */
export function signSdkHmacSha256(request: HttpRequest, credentials: KeyCredentials, context: SigningContext): HttpRequest {
  const url = new URL(request.url);
  const headers: Record<string, string> = copyHeaders(request.headers);
  if (getHeader(headers, 'host') === undefined) headers['host'] = url.host;
  if (credentials.securityToken) headers[HEADER_SECURITY_TOKEN] = credentials.securityToken;
  headers[HEADER_DATE] = sdkDate(context.now);
  const { authorization } = sdkHmacSha256Authorization(
    {
      method: request.method,
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      headers,
      payloadHash: getHeader(headers, HEADER_CONTENT_SHA256) ?? sha256Hex(request.body),
    },
    credentials.accessKeyId,
    credentials.accessKeySecret,
  );
  headers['Authorization'] = authorization;
  return { ...request, headers };
}

/** IAM-token auth: `X-Auth-Token` and no signature (providers.md §5.3). */
export function attachIamToken(request: HttpRequest, credentials: TokenCredentials): HttpRequest {
  const headers: Record<string, string> = copyHeaders(request.headers);
  headers[HEADER_AUTH_TOKEN] = credentials.token;
  return { ...request, headers };
}

/** The provider's `sign`: SDK-HMAC-SHA256 for keys, `X-Auth-Token` for an IAM token. */
export function signFunctionGraphRequest(
  cloud: FunctionGraphCloud,
  request: HttpRequest,
  credentials: Credentials,
  context: SigningContext,
): HttpRequest {
  if (credentials.kind === 'token') {
    if (credentials.token === '') {
      throw new ConfigError(`the ${cloud.title} IAM token is empty: check --token or ${cloud.variables.authToken}`);
    }
    return attachIamToken(request, credentials);
  }
  return signSdkHmacSha256(request, credentials, context);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Code-unit order, as the SDK's lodash `sortBy` gives for header names (all ASCII). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
