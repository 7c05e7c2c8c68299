/**
 * Checks a legacy HmacSHA1/HmacSHA256 query signature the way the v2 front end does (providers.md §2.3), rebuilt
 * from the received method, Host header, path and parameters. Independent of the client's signer on purpose, so
 * official-SDK requests test it and it tests our client.
 */
import { hmacSha1, hmacSha256, safeEqual } from '../../shared/hmac.js';
import type { EmulatorContext, EmulatorKey, EmulatorRequest } from '../../emulator-api.js';
import { V2_ERRORS, type QcloudV2Error } from './wire.js';

/** Clock skew the legacy API tolerates, in seconds (providers.md §2.3: 5 minutes). */
export const MAX_SKEW_SECONDS = 300;

/** Remembered (SecretId, Timestamp, Nonce) triples per emulator, for replay refusal (code 4500). */
const seenNonces = new WeakMap<EmulatorContext, Map<string, number>>();

/** The request's parameters: the query, plus the form body of a POST (later values win, as PHP does). */
export function readRequestParams(request: EmulatorRequest): Map<string, string> {
  const params = new Map<string, string>();
  const queryStart = request.rawUrl.indexOf('?');
  const sources = [queryStart === -1 ? '' : request.rawUrl.slice(queryStart + 1)];
  if (request.method === 'POST') sources.push(request.body.toString('utf8'));
  for (const source of sources) {
    for (const [name, value] of new URLSearchParams(source)) params.set(name, value);
  }
  return params;
}

/**
 * Returns null when the request is correctly signed by a known key and is not a replay, else the failure.
 * A request that passes is remembered, so the same Nonce and Timestamp cannot be used again.
 */
export function verifyQcloudV2(
  request: EmulatorRequest,
  params: ReadonlyMap<string, string>,
  keys: ReadonlyMap<string, EmulatorKey>,
  context: EmulatorContext,
): QcloudV2Error | null {
  for (const name of ['SecretId', 'Signature', 'Timestamp', 'Nonce']) {
    if ((params.get(name) ?? '') === '') return V2_ERRORS.invalidParameter(`The parameter ${name} is missing.`);
  }
  const timestampText = params.get('Timestamp') ?? '';
  const nonceText = params.get('Nonce') ?? '';
  if (!/^\d{1,12}$/.test(timestampText)) return V2_ERRORS.invalidParameter('Timestamp must be Unix seconds.');
  if (!/^\d{1,12}$/.test(nonceText)) return V2_ERRORS.invalidParameter('Nonce must be a non-negative integer.');
  const method = params.get('SignatureMethod') ?? 'HmacSHA1';
  if (method !== 'HmacSHA1' && method !== 'HmacSHA256') {
    return V2_ERRORS.invalidParameter('SignatureMethod must be HmacSHA1 or HmacSHA256.');
  }
  const timestamp = Number(timestampText);
  const skew = Math.abs(request.receivedAt.getTime() / 1000 - timestamp);
  if (skew > MAX_SKEW_SECONDS) return V2_ERRORS.expired(Math.round(skew));

  const secretId = params.get('SecretId') ?? '';
  const key = keys.get(secretId);
  if (key === undefined) return V2_ERRORS.secretIdNotFound();
  if (key.securityToken !== undefined && params.get('Token') !== key.securityToken) return V2_ERRORS.tokenFailure();

  const expected = expectedSignature(request, params, key.secret, method);
  if (!safeEqual(expected, params.get('Signature') ?? '')) return V2_ERRORS.signatureFailure();

  return rememberNonce(context, `${secretId}\n${timestamp}\n${nonceText}`, request.receivedAt.getTime());
}

/** `base64(HMAC(secret, METHOD + Host + path + '?' + sorted raw params))`. */
function expectedSignature(
  request: EmulatorRequest,
  params: ReadonlyMap<string, string>,
  secret: string,
  method: 'HmacSHA1' | 'HmacSHA256',
): string {
  const httpMethod = request.method.toUpperCase();
  const queryStart = request.rawUrl.indexOf('?');
  const path = queryStart === -1 ? request.rawUrl : request.rawUrl.slice(0, queryStart);
  const joined = [...params.keys()]
    .filter((name) => name !== 'Signature' && name !== '')
    // SDK 0.2.1 leaves POST values starting with `@` (file uploads) out of the string to sign.
    .filter((name) => !(httpMethod === 'POST' && (params.get(name) ?? '').startsWith('@')))
    .sort()
    // SDK 0.2.1 writes `_` as `.` in names, except a leading `_` (providers.md §2.3 step 1).
    .map((name) => `${name.indexOf('_') > 0 ? name.replace(/_/g, '.') : name}=${params.get(name) ?? ''}`)
    .join('&');
  const stringToSign = `${httpMethod}${request.headers['host'] ?? ''}${path}?${joined}`;
  const mac = method === 'HmacSHA256' ? hmacSha256 : hmacSha1;
  return mac(secret, Buffer.from(stringToSign, 'utf8')).toString('base64');
}

function rememberNonce(context: EmulatorContext, entry: string, nowMs: number): QcloudV2Error | null {
  let seen = seenNonces.get(context);
  if (seen === undefined) {
    seen = new Map();
    seenNonces.set(context, seen);
  }
  // Entries older than twice the skew window can no longer be replayed (the timestamp check refuses them).
  for (const [old, at] of seen) {
    if (nowMs - at > 2 * MAX_SKEW_SECONDS * 1000) seen.delete(old);
  }
  if (seen.has(entry)) return V2_ERRORS.replay();
  seen.set(entry, nowMs);
  return null;
}
