/**
 * Checks an ACS3-HMAC-SHA256 request the way FC 3.0 does (providers.md §3.3), rebuilt from the received bytes.
 * Independent of the client's signer on purpose, so official-SDK requests test it and it tests our client.
 */
import { hmacSha256, safeEqual, sha256Hex } from '../../shared/hmac.js';
import { percentEncode } from '../../shared/percent-encode.js';
import type { EmulatorKey, EmulatorRequest } from '../../emulator-api.js';

/** A verification failure, as the HTTP status, FC error code and message the cloud would answer. */
export interface Acs3Failure {
  status: number;
  code: string;
  message: string;
}

/** Remembers signature nonces for as long as their date is acceptable, to refuse replays (providers.md §3.3). */
export class NonceLedger {
  private readonly expiries = new Map<string, number>();

  /** True when `nonce` was not seen before; records it until `expiresAt` (ms). */
  claim(nonce: string, expiresAt: number, now: number): boolean {
    for (const [seen, expiry] of this.expiries) if (expiry < now) this.expiries.delete(seen);
    if (this.expiries.has(nonce)) return false;
    this.expiries.set(nonce, expiresAt);
    return true;
  }
}

/** Clock skew FC tolerates between `x-acs-date` and its own clock (providers.md §3.3, §3.5). */
export const MAX_SKEW_MS = 15 * 60 * 1000;

const AUTHORIZATION = /^ACS3-HMAC-SHA256 Credential=([^,\s]+), ?SignedHeaders=([^,\s]+), ?Signature=([0-9a-f]{64})$/;
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const SIGNATURE_NOT_MATCH =
  'The request signature we calculated does not match the signature you provided. Check your access key and signing method';

/** Returns null when the request is correctly signed by a known key (and its nonce is fresh), else the failure. */
export function verifyAcs3(
  request: EmulatorRequest,
  keys: ReadonlyMap<string, EmulatorKey>,
  nonces: NonceLedger,
): Acs3Failure | null {
  const headers = request.headers;
  for (const required of ['authorization', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256']) {
    if (headers[required] === undefined || headers[required] === '') {
      return { status: 400, code: 'MissingRequiredHeader', message: `required HTTP header ${required} was not specified` };
    }
  }
  const match = AUTHORIZATION.exec(headers['authorization']!);
  if (match === null) {
    return { status: 403, code: 'SignatureNotMatch', message: `${SIGNATURE_NOT_MATCH} (malformed ACS3 Authorization header)` };
  }
  const [, accessKeyId, signedHeaderList, signature] = match as unknown as [string, string, string, string];

  const date = headers['x-acs-date']!;
  const dateMs = DATE.test(date) ? Date.parse(date) : Number.NaN;
  if (Number.isNaN(dateMs)) {
    return { status: 400, code: 'InvalidArgument', message: `x-acs-date '${date}' is not a UTC time like 2023-11-14T22:13:20Z` };
  }
  const now = request.receivedAt.getTime();
  if (Math.abs(now - dateMs) > MAX_SKEW_MS) {
    return {
      status: 403,
      code: 'RequestTimeTooSkewed',
      message: `the difference between the request time '${date}' and the current time '${request.receivedAt.toISOString()}' is too large`,
    };
  }

  const key = keys.get(accessKeyId);
  if (key === undefined) return { status: 403, code: 'InvalidAccessKeyID', message: `invalid access key ID '${accessKeyId}'` };
  const declaredId = headers['x-acs-accesskey-id'];
  if (declaredId !== undefined && declaredId !== accessKeyId) {
    return { status: 403, code: 'InvalidAccessKeyID', message: `x-acs-accesskey-id '${declaredId}' is not the signing key` };
  }
  const token = headers['x-acs-security-token'];
  if (key.securityToken !== undefined && token !== key.securityToken) {
    return {
      status: 403,
      code: 'InvalidSecurityToken',
      message: token === undefined ? 'temporary credentials need x-acs-security-token' : 'the security token is invalid or expired',
    };
  }
  if (key.securityToken === undefined && token !== undefined) {
    return { status: 403, code: 'InvalidSecurityToken', message: 'a security token was sent with a permanent AccessKey' };
  }

  const signedNames = signedHeaderList.split(';');
  // Every header that carries meaning for ACS3 must be covered, or it could be changed in transit.
  const mustSign = Object.keys(headers).filter((name) => name === 'host' || name === 'content-type' || name.startsWith('x-acs-'));
  const unsigned = mustSign.find((name) => !signedNames.includes(name));
  if (unsigned !== undefined) {
    return { status: 403, code: 'SignatureNotMatch', message: `${SIGNATURE_NOT_MATCH} (header ${unsigned} is not signed)` };
  }
  const hashedPayload = sha256Hex(request.body);
  if (headers['x-acs-content-sha256'] !== hashedPayload) {
    return { status: 403, code: 'SignatureNotMatch', message: `${SIGNATURE_NOT_MATCH} (x-acs-content-sha256 is not the body's hash)` };
  }

  const expected = hmacSha256(key.secret, `ACS3-HMAC-SHA256\n${sha256Hex(canonicalRequest(request, signedNames, hashedPayload))}`).toString('hex');
  if (!safeEqual(expected, signature)) return { status: 403, code: 'SignatureNotMatch', message: SIGNATURE_NOT_MATCH };

  if (!nonces.claim(headers['x-acs-signature-nonce']!, dateMs + MAX_SKEW_MS, now)) {
    return { status: 403, code: 'SignatureNonceUsed', message: 'the signature nonce was already used' };
  }
  return null;
}

/** The canonical request rebuilt from what arrived: the path as sent, the query from its decoded values. */
function canonicalRequest(request: EmulatorRequest, signedNames: string[], hashedPayload: string): string {
  const queryAt = request.rawUrl.indexOf('?');
  const path = queryAt === -1 ? request.rawUrl : request.rawUrl.slice(0, queryAt);
  const rawQuery = queryAt === -1 ? '' : request.rawUrl.slice(queryAt + 1);
  const query = rawQuery === ''
    ? []
    : rawQuery.split('&').map((pair) => {
        const equals = pair.indexOf('=');
        return equals === -1 ? [decode(pair), ''] : [decode(pair.slice(0, equals)), decode(pair.slice(equals + 1))];
      });
  query.sort(([a, av], [b, bv]) => order(a!, b!) || order(av!, bv!));
  const sortedNames = [...signedNames].sort(order);
  return [
    request.method.toUpperCase(),
    // The SDK sends `*` raw but signs `%2A` (and `+` as `%20`, `%7E` as `~`): canonicalise the same way.
    path.replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~'),
    query.map(([name, value]) => `${percentEncode(name!)}=${percentEncode(value!)}`).join('&'),
    sortedNames.map((name) => `${name}:${(request.headers[name] ?? '').trim()}\n`).join(''),
    sortedNames.join(';'),
    hashedPayload,
  ].join('\n');
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
