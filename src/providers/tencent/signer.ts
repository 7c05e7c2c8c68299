/**
 * TC3-HMAC-SHA256, step by step (providers.md §1.3). Each step is exported so vectors can check it.
 */
import { copyHeaders, getHeader } from '../shared/headers.js';
import { hmacSha256, hmacSha256HexPrepared, prepareHmacSha256Key, sha256Hex, type PreparedHmacSha256Key } from '../shared/hmac.js';
import type { Credentials, HttpRequest, SigningContext } from '../types.js';
import { ConfigError } from '../../core/errors.js';
import { ALGORITHM, HEADER_TIMESTAMP, HEADER_TOKEN, SERVICE, SIGNED_HEADERS } from './constants.js';

/** The parts of a request TC3 covers. */
export interface Tc3Parts {
  method: string;
  /** Host name without port: the SDK signs it so even when it sends `Host: name:port` (providers.md §0.9). */
  hostname: string;
  contentType: string;
  payload: Uint8Array | string;
  /** Unix seconds. */
  timestamp: number;
  service: string;
}

/** The UTC calendar date (YYYY-MM-DD) of a Unix timestamp, as the credential scope uses. */
export function tc3Date(timestamp: number): string {
  // Formatting a Date costs more than the rest of the scope; a batch signs thousands of requests on one day.
  const day = Math.floor(timestamp / 86_400);
  if (day !== lastDay) {
    lastDate = new Date(day * 86_400_000).toISOString().slice(0, 10);
    lastDay = day;
  }
  return lastDate;
}

let lastDay = Number.NaN;
let lastDate = '';

/** Step 1: the canonical request, for the signed-header set `content-type;host`. */
export function tc3CanonicalRequest(parts: Tc3Parts): string {
  return `${parts.method.toUpperCase()}\n/\n\ncontent-type:${parts.contentType.trim()}\nhost:${parts.hostname.trim()}\n\n${SIGNED_HEADERS}\n${sha256Hex(parts.payload)}`;
}

/** Step 2: the credential scope `date/service/tc3_request`. */
export function tc3CredentialScope(timestamp: number, service: string): string {
  return `${tc3Date(timestamp)}/${service}/tc3_request`;
}

/** Step 3: the string to sign. */
export function tc3StringToSign(canonicalRequest: string, timestamp: number, service: string): string {
  return `${ALGORITHM}\n${timestamp}\n${tc3CredentialScope(timestamp, service)}\n${sha256Hex(canonicalRequest)}`;
}

/** Step 4: the derived signing key. */
export function tc3SigningKey(secretKey: string, date: string, service: string): Buffer {
  const kDate = hmacSha256(`TC3${secretKey}`, date);
  const kService = hmacSha256(kDate, service);
  return hmacSha256(kService, 'tc3_request');
}

/**
 * Derived keys change only with the date and service, and a batch signs thousands of requests under one: keep
 * the last few (SIG `credentialDerivation.ts` caches the same way), prepared for step 5's HMAC. Bounded, so a long
 * run never grows it; the last one used is checked first, without building a map key.
 *
 * Process-wide on purpose, like the SDKs': it memoizes pure derivations keyed by everything they depend on, so
 * sharing it changes no signature, only which derived keys stay in memory. {@link clearTc3Caches} empties it
 * (and this file's other memos), for a long-lived process that drops a secret, or a test that counts derivations.
 */
const SIGNING_KEY_CACHE_SIZE = 8;
const signingKeys = new Map<string, PreparedHmacSha256Key>();
let last: { secretKey: string; date: string; service: string; key: PreparedHmacSha256Key } | undefined;

function cachedSigningKey(secretKey: string, date: string, service: string): PreparedHmacSha256Key {
  if (last !== undefined && last.secretKey === secretKey && last.date === date && last.service === service) return last.key;
  const cacheKey = `${date}\n${service}\n${secretKey}`;
  let key = signingKeys.get(cacheKey);
  if (key === undefined) {
    key = prepareHmacSha256Key(tc3SigningKey(secretKey, date, service));
    if (signingKeys.size >= SIGNING_KEY_CACHE_SIZE) signingKeys.delete(signingKeys.keys().next().value!);
    signingKeys.set(cacheKey, key);
  }
  last = { secretKey, date, service, key };
  return key;
}

/** Steps 1–6: the Authorization header value, with the intermediate strings for tests. */
export function tc3Authorization(
  parts: Tc3Parts,
  secretId: string,
  secretKey: string,
): { canonicalRequest: string; stringToSign: string; signature: string; authorization: string } {
  const canonicalRequest = tc3CanonicalRequest(parts);
  const stringToSign = tc3StringToSign(canonicalRequest, parts.timestamp, parts.service);
  const signature = hmacSha256HexPrepared(
    cachedSigningKey(secretKey, tc3Date(parts.timestamp), parts.service),
    stringToSign,
  );
  const scope = tc3CredentialScope(parts.timestamp, parts.service);
  const authorization = `${ALGORITHM} Credential=${secretId}/${scope}, SignedHeaders=${SIGNED_HEADERS}, Signature=${signature}`;
  return { canonicalRequest, stringToSign, signature, authorization };
}

/** Signs a built SCF request: adds X-TC-Timestamp, X-TC-Token (temporary keys) and Authorization. Pure. */
export function signTc3HmacSha256(
  request: HttpRequest,
  credentials: Credentials,
  context: SigningContext,
): HttpRequest {
  if (credentials.kind !== 'keys') {
    throw new ConfigError('Tencent SCF needs a SecretId and SecretKey, not a bearer token');
  }
  const timestamp = Math.floor(context.now.getTime() / 1000);
  const contentType = getHeader(request.headers, 'content-type') ?? '';
  const { authorization } = tc3Authorization(
    {
      method: request.method,
      hostname: hostnameOf(request.url),
      contentType,
      payload: request.body,
      timestamp,
      service: SERVICE,
    },
    credentials.accessKeyId,
    credentials.accessKeySecret,
  );
  const headers: Record<string, string> = copyHeaders(request.headers);
  headers[HEADER_TIMESTAMP] = String(timestamp);
  if (credentials.securityToken) headers[HEADER_TOKEN] = credentials.securityToken;
  headers['Authorization'] = authorization;
  return { ...request, headers };
}

let lastUrl = '';
let lastHostname = '';

/** The host name of `url`; a batch signs every request for one URL, so the last answer is kept. */
function hostnameOf(url: string): string {
  if (url !== lastUrl) {
    lastHostname = new URL(url).hostname;
    lastUrl = url;
  }
  return lastHostname;
}

/** Empties the signing-key cache and the memos of the last date and host: signatures stay the same, only slower. */
export function clearTc3Caches(): void {
  signingKeys.clear();
  last = undefined;
  lastDay = Number.NaN;
  lastDate = '';
  lastUrl = '';
  lastHostname = '';
}
