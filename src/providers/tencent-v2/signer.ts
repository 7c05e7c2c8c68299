/**
 * The legacy Tencent query signature, HmacSHA1 or HmacSHA256 over `METHOD host path ? sorted raw params`
 * (providers.md §2.3). Each step is exported so vectors can check it.
 */
import { ConfigError } from '../../core/errors.js';
import { hmacSha1, hmacSha256 } from '../shared/hmac.js';
import { percentEncode } from '../shared/percent-encode.js';
import type { Credentials, HttpRequest, SigningContext } from '../types.js';
import {
  PARAM_NONCE,
  PARAM_SECRET_ID,
  PARAM_SIGNATURE,
  PARAM_SIGNATURE_METHOD,
  PARAM_TIMESTAMP,
  PARAM_TOKEN,
  type QcloudV2SignatureMethod,
} from './constants.js';
import { decodeUtf8, encodeUtf8 } from '../shared/text.js';

/** Parameters as ordered name/value pairs (the wire order does not matter; the signature sorts them). */
export type QcloudV2Params = ReadonlyArray<readonly [string, string]>;

/** What the legacy signature covers. */
export interface QcloudV2Parts {
  /** `GET` or `POST`: it is signed, so it must be the method actually used. */
  method: string;
  /** The Host header value: host name plus the port when it is not the scheme's default; no scheme. */
  host: string;
  path: string;
  /** Every parameter except `Signature`. */
  params: QcloudV2Params;
}

/** The intermediate strings and the result of signing, for tests. */
export interface QcloudV2Signing {
  canonicalQuery: string;
  stringToSign: string;
  signature: string;
}

/**
 * Steps 1–3: sort names by code unit and join `name=value` with `&`, values raw (not URL-encoded).
 * SDK qcloudapi-sdk 0.2.1 also rewrites `_` (not at position 0) to `.` in names and, for POST, leaves out values
 * starting with `@` (its file-upload convention); neither occurs in InvokeFunction, both are kept for parity.
 */
export function qcloudV2CanonicalQuery(params: QcloudV2Params, method: string): string {
  const post = method.toUpperCase() === 'POST';
  return [...params]
    .filter(([name, value]) => name !== '' && !(post && value.startsWith('@')))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name.indexOf('_') > 0 ? name.replace(/_/g, '.') : name}=${value}`)
    .join('&');
}

/** Step 4: `<METHOD><host><path>?<canonical query>`. */
export function qcloudV2StringToSign(parts: QcloudV2Parts): string {
  return `${parts.method.toUpperCase()}${parts.host}${parts.path}?${qcloudV2CanonicalQuery(parts.params, parts.method)}`;
}

/** Step 5: base64 of the HMAC of the string to sign under the SecretKey. */
export function qcloudV2Signature(
  stringToSign: string,
  secretKey: string,
  signatureMethod: QcloudV2SignatureMethod,
): string {
  const mac = signatureMethod === 'HmacSHA256' ? hmacSha256 : hmacSha1;
  return mac(secretKey, Buffer.from(stringToSign, 'utf8')).toString('base64');
}

/** Steps 1–5, choosing the hash from the `SignatureMethod` parameter (absent ⇒ HmacSHA1, providers.md §2.2). */
export function qcloudV2Sign(parts: QcloudV2Parts, secretKey: string): QcloudV2Signing {
  const canonicalQuery = qcloudV2CanonicalQuery(parts.params, parts.method);
  const stringToSign = qcloudV2StringToSign(parts);
  const signature = qcloudV2Signature(stringToSign, secretKey, signatureMethodOf(parts.params));
  return { canonicalQuery, stringToSign, signature };
}

/** The signature method a parameter set asks for. */
export function signatureMethodOf(params: QcloudV2Params): QcloudV2SignatureMethod {
  const named = params.find(([name]) => name === PARAM_SIGNATURE_METHOD)?.[1];
  return named === 'HmacSHA256' ? 'HmacSHA256' : 'HmacSHA1';
}

/** Form/query encoding of parameters: RFC 3986 percent-encoding of every name and value (providers.md §2.3 step 6). */
export function encodeQcloudV2Params(params: QcloudV2Params): string {
  return params.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&');
}

/** The parameters of a request: the query for GET, the form body for POST. */
export function readQcloudV2Params(request: HttpRequest): Array<[string, string]> {
  const source = request.method === 'GET' ? new URL(request.url).search.slice(1) : decodeUtf8(request.body);
  return [...new URLSearchParams(source)];
}

/** Signs a built request: adds Nonce, SecretId, Timestamp, Token (temporary keys) and Signature. Pure. */
export function signQcloudV2(request: HttpRequest, credentials: Credentials, context: SigningContext): HttpRequest {
  if (credentials.kind !== 'keys') {
    throw new ConfigError('Tencent SCF needs a SecretId and SecretKey, not a bearer token');
  }
  const signedNames = new Set([PARAM_NONCE, PARAM_SECRET_ID, PARAM_TIMESTAMP, PARAM_TOKEN, PARAM_SIGNATURE]);
  const params: Array<[string, string]> = readQcloudV2Params(request).filter(([name]) => !signedNames.has(name));
  params.push(
    [PARAM_NONCE, String(context.nonce)],
    [PARAM_SECRET_ID, credentials.accessKeyId],
    [PARAM_TIMESTAMP, String(Math.floor(context.now.getTime() / 1000))],
  );
  // The legacy STS convention: the token is an ordinary, signed parameter (providers.md §2.2, §6).
  if (credentials.securityToken) params.push([PARAM_TOKEN, credentials.securityToken]);
  const url = new URL(request.url);
  const { signature } = qcloudV2Sign(
    { method: request.method, host: url.host, path: url.pathname, params },
    credentials.accessKeySecret,
  );
  params.push([PARAM_SIGNATURE, signature]);
  const encoded = encodeQcloudV2Params(params);
  if (request.method === 'GET') {
    url.search = encoded;
    return { ...request, url: url.toString(), headers: { ...request.headers } };
  }
  return { ...request, headers: { ...request.headers }, body: encodeUtf8(encoded) };
}
