/**
 * The RPC-style signature of Alibaba Cloud's POP APIs (STS 2015-04-01), step by step, as `@alicloud/credentials`
 * 2.4.7 signs `AssumeRole`: every parameter (query and form body) sorted by name, each name and value RFC 3986
 * encoded, joined with `&`; the string to sign is `METHOD&%2F&` + that text encoded once more; the signature is
 * base64 HMAC-SHA1 keyed with the AccessKey secret followed by `&`. Pure: the clock and nonce come in.
 */
import { hmacSha1 } from '../../../providers/shared/hmac.js';
import { percentEncode } from '../../../providers/shared/percent-encode.js';

/** The Timestamp and SignatureNonce a signature covers. */
export interface RpcStamp {
  /** UTC `YYYY-MM-DDTHH:mm:ssZ`. */
  timestamp: string;
  nonce: string;
}

/** The `Timestamp` value for an instant: UTC, whole seconds, `Z` (the SDK's `utils.timestamp`). */
export function rpcTimestamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Step 1: the canonicalized query, every parameter sorted by name (code-unit order), encoded. */
export function rpcCanonicalQuery(parameters: Readonly<Record<string, string>>): string {
  return Object.keys(parameters)
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(parameters[name]!)}`)
    .join('&');
}

/** Step 2: the string to sign. */
export function rpcStringToSign(method: string, parameters: Readonly<Record<string, string>>): string {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(rpcCanonicalQuery(parameters))}`;
}

/** Step 3: base64 HMAC-SHA1 of the string to sign, keyed with `secret&`. */
export function rpcSignature(accessKeySecret: string, stringToSign: string): string {
  return hmacSha1(`${accessKeySecret}&`, stringToSign).toString('base64');
}

/** `application/x-www-form-urlencoded` text of the parameters, in the order given, RFC 3986 encoded. */
export function formEncode(parameters: Readonly<Record<string, string>>): string {
  return Object.entries(parameters)
    .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`)
    .join('&');
}
