/**
 * The FC 2.0 `FC <AccessKeyId>:<signature>` scheme, HMAC-SHA256 (providers.md §0.1, §4.3), step by step. Each step
 * is exported so vectors can check it.
 */
import { ConfigError } from '../../core/errors.js';
import { copyHeaders, getHeader } from '../shared/headers.js';
import { hmacSha256, md5Hex } from '../shared/hmac.js';
import type { Credentials, HttpRequest, SigningContext } from '../types.js';
import {
  AUTHORIZATION_SCHEME,
  HEADER_AUTHORIZATION,
  HEADER_CONTENT_MD5,
  HEADER_DATE,
  HEADER_SECURITY_TOKEN,
  SIGNED_HEADER_PREFIX,
} from './constants.js';

/** The parts of a request the FC signature covers. */
export interface Fc2Parts {
  method: string;
  /** The `Content-MD5` header value, or '' when none is sent. */
  contentMd5: string;
  /** The `Content-Type` header value, or '' when none is sent. */
  contentType: string;
  /** The `Date` header value (RFC 1123 GMT). */
  date: string;
  /** Every request header; only `x-fc-*` ones are used. */
  headers: Record<string, string>;
  /** The URL path as sent (percent-encoded or not), without the query. */
  path: string;
}

/**
 * The non-standard Content-MD5 of `@alicloud/fc2` 2.6.6: base64 of the 32-character *hex text* of the MD5 digest,
 * not of its 16 raw bytes (providers.md §0.3).
 */
export function fc2ContentMd5(body: Uint8Array | string): string {
  return Buffer.from(md5Hex(body), 'utf8').toString('base64');
}

/** The RFC 1123 `Date` header value for an instant, as the SDK writes it (`Date#toUTCString`). */
export function fc2Date(now: Date): string {
  return now.toUTCString();
}

/**
 * Step 2, CanonicalizedFCHeaders: every `x-fc-*` header, name lower-cased, sorted, `name:value\n` each. Values are
 * not trimmed, as SDK 2.6.6 does not trim them (providers.md §4.3).
 */
export function fc2CanonicalHeaders(headers: Record<string, string>): string {
  const fcHeaders = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase().trim();
    if (lower.startsWith(SIGNED_HEADER_PREFIX)) fcHeaders.set(lower, value);
  }
  return [...fcHeaders.keys()]
    .sort()
    .map((name) => `${name}:${fcHeaders.get(name) ?? ''}\n`)
    .join('');
}

/**
 * Step 3, CanonicalizedResource: the path percent-decoded, query dropped (providers.md §4.3). The SDK inserts names
 * unencoded, so decoding what we send makes both sign the same text. A malformed escape is kept as it is.
 */
export function fc2CanonicalResource(path: string): string {
  const withoutQuery = path.split('?')[0] ?? '';
  try {
    return decodeURIComponent(withoutQuery);
  } catch {
    return withoutQuery;
  }
}

/** Step 1, the string to sign: method, Content-MD5, Content-Type, Date, FC headers + resource; no final newline. */
export function fc2StringToSign(parts: Fc2Parts): string {
  return [
    parts.method.toUpperCase(),
    parts.contentMd5,
    parts.contentType,
    parts.date,
    `${fc2CanonicalHeaders(parts.headers)}${fc2CanonicalResource(parts.path)}`,
  ].join('\n');
}

/** Step 4: base64 HMAC-SHA256 of the UTF-8 string to sign, keyed with the AccessKey secret. */
export function fc2Signature(accessKeySecret: string, stringToSign: string): string {
  return hmacSha256(accessKeySecret, Buffer.from(stringToSign, 'utf8')).toString('base64');
}

/** Steps 1–5: the Authorization header value, with the intermediate strings for tests. */
export function fc2Authorization(
  parts: Fc2Parts,
  accessKeyId: string,
  accessKeySecret: string,
): { stringToSign: string; signature: string; authorization: string } {
  const stringToSign = fc2StringToSign(parts);
  const signature = fc2Signature(accessKeySecret, stringToSign);
  return { stringToSign, signature, authorization: `${AUTHORIZATION_SCHEME} ${accessKeyId}:${signature}` };
}

/**
 * Signs a built FC 2.0 request: adds `date`, `content-md5` (when there is a body), `x-fc-security-token`
 * (temporary keys) and `authorization`. Pure; the input request is left untouched.
 *
 * SDK 2.6.6 sends the token only when the AccessKey id starts with `STS`; we send it whenever one is configured,
 * since a token given for other keys is a configuration the user chose (it is signed either way).
 */
export function signFc2HmacSha256(request: HttpRequest, credentials: Credentials, context: SigningContext): HttpRequest {
  if (credentials.kind !== 'keys') {
    throw new ConfigError('Alibaba Function Compute needs an AccessKey id and secret, not a bearer token');
  }
  const headers: Record<string, string> = copyHeaders(request.headers);
  headers[HEADER_DATE] = fc2Date(context.now);
  if (request.body.byteLength > 0) headers[HEADER_CONTENT_MD5] = fc2ContentMd5(request.body);
  if (credentials.securityToken) headers[HEADER_SECURITY_TOKEN] = credentials.securityToken;
  const { authorization } = fc2Authorization(
    {
      method: request.method,
      contentMd5: getHeader(headers, HEADER_CONTENT_MD5) ?? '',
      contentType: getHeader(headers, 'content-type') ?? '',
      date: headers[HEADER_DATE] ?? '',
      headers,
      path: new URL(request.url).pathname,
    },
    credentials.accessKeyId,
    credentials.accessKeySecret,
  );
  headers[HEADER_AUTHORIZATION] = authorization;
  return { ...request, headers };
}
