/**
 * Checks FunctionGraph authentication the way Huawei API Gateway (and the Open Telekom Cloud's, §9.1) does (providers.md §5.3): SDK-HMAC-SHA256
 * rebuilt from the received bytes, or an IAM token in `X-Auth-Token`. Independent of the client's signer on
 * purpose, so official-SDK requests test it and it tests our client.
 */
import { hmacSha256, safeEqual, sha256Hex } from '../../hmac.js';
import { percentEncode } from '../../percent-encode.js';
import type { EmulatorKey, EmulatorRequest } from '../../../emulator-api.js';

/** An authentication failure, as the gateway's HTTP status, error code and message. */
export interface HuaweiAuthFailure {
  status: number;
  code: string;
  message: string;
}

/** How far `X-Sdk-Date` may be from the emulator's clock, as on API Gateway. */
export const MAX_SKEW_MS = 15 * 60 * 1000;

/**
 * The one IAM token (`X-Auth-Token`) per FunctionGraph cloud the emulator accepts; it does not issue tokens. Public
 * and fake on purpose, like the demo keys (emulator/demo-credentials.ts, which lists them with them; docs/emulator.md).
 * Each cloud's token works on that cloud's route only, as each cloud's IAM issues its own.
 */
export const DEMO_IAM_TOKENS = {
  huawei: 'fcinvokeDEMOhuaweiIAMtoken00000000000000',
  otc: 'fcinvokeDEMOotcIAMtoken00000000000000000',
} as const;

const AUTHORIZATION = /^SDK-HMAC-SHA256 Access=([^,\s]+), ?SignedHeaders=([a-z0-9;_-]+), ?Signature=([0-9a-f]{64})$/;
const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const AUTH = 'Incorrect IAM authentication information';

/**
 * Returns null when the request is authenticated, else the failure (APIGW.0301, HTTP 401). An `X-Auth-Token` is
 * accepted when it is `acceptedToken` (the cloud's demo token) or when `acceptsIssuedToken` says the emulator's IAM
 * issued it for this cloud and it has not expired.
 */
export function verifyFunctionGraphAuth(
  request: EmulatorRequest,
  keys: ReadonlyMap<string, EmulatorKey>,
  acceptedToken: string,
  acceptsIssuedToken: (token: string) => boolean = () => false,
): HuaweiAuthFailure | null {
  const authorization = request.headers['authorization'];
  if (authorization !== undefined && authorization !== '') return verifySdkHmacSha256(request, keys, authorization);
  const token = request.headers['x-auth-token'];
  if (token === undefined || token === '') return refuse('x-auth-token not found');
  return safeEqual(token, acceptedToken) || acceptsIssuedToken(token) ? null : refuse('decrypt token fail');
}

function verifySdkHmacSha256(
  request: EmulatorRequest,
  keys: ReadonlyMap<string, EmulatorKey>,
  authorization: string,
): HuaweiAuthFailure | null {
  const match = AUTHORIZATION.exec(authorization);
  if (match === null) return refuse('the Authorization header is not SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…');
  const [, accessKey, signedHeaders, signature] = match as unknown as [string, string, string, string];
  const names = signedHeaders.split(';');
  if (!names.includes('x-sdk-date') || !names.includes('host')) {
    return refuse('SignedHeaders must include host and x-sdk-date');
  }
  const date = request.headers['x-sdk-date'] ?? '';
  const at = parseSdkDate(date);
  if (at === undefined) return refuse('x-sdk-date is missing or not in the YYYYMMDDTHHMMSSZ format');
  if (Math.abs(request.receivedAt.getTime() - at) > MAX_SKEW_MS) {
    return refuse(`the request date ${date} is more than 15 minutes from the server time`);
  }
  const key = keys.get(accessKey);
  if (key === undefined) return refuse('ak not found');
  if (key.securityToken !== undefined) {
    const token = request.headers['x-security-token'];
    if (token === undefined || !safeEqual(token, key.securityToken) || !names.includes('x-security-token')) {
      return refuse('temporary ak needs its signed x-security-token');
    }
  }
  const expected = hmacSha256(key.secret, stringToSign(request, names, signedHeaders, date)).toString('hex');
  return safeEqual(expected, signature) ? null : refuse('verify aksk signature fail');
}

/** The string to sign, from the request as received (providers.md §5.3 steps 2–3). */
function stringToSign(request: EmulatorRequest, names: string[], signedHeaders: string, date: string): string {
  const queryAt = request.rawUrl.indexOf('?');
  const path = queryAt === -1 ? request.rawUrl : request.rawUrl.slice(0, queryAt);
  const query = queryAt === -1 ? '' : request.rawUrl.slice(queryAt + 1);
  let canonicalUri = path.split('/').map((segment) => percentEncode(safeDecode(segment))).join('/');
  if (!canonicalUri.endsWith('/')) canonicalUri += '/';
  const canonicalQuery = [...new URLSearchParams(query)]
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort(([k1, v1], [k2, v2]) => (k1 < k2 ? -1 : k1 > k2 ? 1 : v1 < v2 ? -1 : v1 > v2 ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const canonicalHeaders = names.map((name) => `${name}:${request.headers[name] ?? ''}\n`).join('');
  const contentSha = request.headers['x-sdk-content-sha256'];
  const payloadHash = contentSha !== undefined && names.includes('x-sdk-content-sha256') ? contentSha : sha256Hex(request.body);
  const canonicalRequest = [request.method, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  return ['SDK-HMAC-SHA256', date, sha256Hex(canonicalRequest)].join('\n');
}

function parseSdkDate(text: string): number | undefined {
  const match = SDK_DATE.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as unknown as number[];
  const time = Date.UTC(year!, month! - 1, day, hour, minute, second);
  return Number.isNaN(time) ? undefined : time;
}

function refuse(detail: string): HuaweiAuthFailure {
  return { status: 401, code: 'APIGW.0301', message: `${AUTH}: ${detail}` };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
