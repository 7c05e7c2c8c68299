/**
 * Checks a TC3-HMAC-SHA256 request the way SCF does (providers.md §1.3), rebuilt from the received bytes.
 * Independent of the client's signer on purpose, so official-SDK requests test it and it tests our client.
 */
import { hmacSha256, safeEqual, sha256Hex } from '../../shared/hmac.js';
import type { EmulatorKey, EmulatorRequest } from '../../emulator-api.js';

/** A TC3 verification failure, as the Tencent error code and message the cloud would answer. */
export interface Tc3Failure {
  code: string;
  message: string;
}

/** Clock skew SCF tolerates, in seconds. */
export const MAX_SKEW_SECONDS = 300;

const AUTHORIZATION = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/**
 * Returns null when the request is correctly signed by a known key, else the failure. `scopeService` is the
 * credential-scope service the API accepts: `scf` for SCF, `sts` for the emulated STS (emulator/credentials/).
 */
export function verifyTc3(
  request: EmulatorRequest,
  keys: ReadonlyMap<string, EmulatorKey>,
  scopeService = 'scf',
): Tc3Failure | null {
  const authorization = request.headers['authorization'];
  if (authorization === undefined || authorization === '') {
    return { code: 'AuthFailure.SignatureFailure', message: 'The request is not signed: Authorization is missing.' };
  }
  const match = AUTHORIZATION.exec(authorization);
  if (match === null) {
    return { code: 'AuthFailure.InvalidAuthorization', message: 'Authorization is not a valid TC3-HMAC-SHA256 header.' };
  }
  const [, secretId, date, service, signedHeaders, signature] = match as unknown as [string, string, string, string, string, string];

  const timestamp = Number(request.headers['x-tc-timestamp']);
  if (!Number.isInteger(timestamp)) {
    return { code: 'MissingParameter', message: 'The request is missing a valid X-TC-Timestamp.' };
  }
  const skew = Math.abs(request.receivedAt.getTime() / 1000 - timestamp);
  if (skew > MAX_SKEW_SECONDS) {
    return {
      code: 'AuthFailure.SignatureExpire',
      message: `Signature expired: the request timestamp ${timestamp} is ${Math.round(skew)} s away from the server time.`,
    };
  }
  const key = keys.get(secretId);
  if (key === undefined) {
    return { code: 'AuthFailure.SecretIdNotFound', message: 'The SecretId is not found, please ensure that your SecretId is correct.' };
  }
  if (key.securityToken !== undefined && request.headers['x-tc-token'] !== key.securityToken) {
    return { code: 'AuthFailure.TokenFailure', message: 'The temporary credentials need a valid X-TC-Token.' };
  }
  if (date !== new Date(timestamp * 1000).toISOString().slice(0, 10)) {
    return { code: 'AuthFailure.SignatureFailure', message: 'The credential scope date does not match X-TC-Timestamp.' };
  }
  const hostHeader = request.headers['host'] ?? '';
  const hostname = hostHeader.replace(/:\d+$/, '');
  // The cloud accepts only its own service; an SDK pointed at `127.0.0.1:port` scopes to the host's first label (§0.9).
  if (service !== scopeService && service !== hostname.split('.')[0]) {
    return { code: 'AuthFailure.SignatureFailure', message: `The credential scope service '${service}' is not ${scopeService}.` };
  }
  const names = signedHeaders.split(';');
  if (!names.includes('content-type') || !names.includes('host')) {
    return { code: 'AuthFailure.SignatureFailure', message: 'SignedHeaders must include content-type and host.' };
  }
  // The SDK signs the host without its port while sending it with the port; a client may also sign it whole.
  for (const signedHost of hostname === hostHeader ? [hostHeader] : [hostname, hostHeader]) {
    const expected = expectedSignature(request, names, signedHost, key.secret, timestamp, date, service, signedHeaders);
    if (safeEqual(expected, signature)) return null;
  }
  return {
    code: 'AuthFailure.SignatureFailure',
    message: 'The provided credentials could not be validated. Please check your signature is correct.',
  };
}

function expectedSignature(
  request: EmulatorRequest,
  names: string[],
  signedHost: string,
  secret: string,
  timestamp: number,
  date: string,
  service: string,
  signedHeaders: string,
): string {
  const canonicalHeaders = names
    .map((name) => `${name}:${(name === 'host' ? signedHost : (request.headers[name] ?? '')).trim()}\n`)
    .join('');
  const canonicalRequest = [
    request.method,
    '/',
    request.rawUrl.includes('?') ? request.rawUrl.slice(request.rawUrl.indexOf('?') + 1) : '',
    canonicalHeaders,
    signedHeaders,
    sha256Hex(request.body),
  ].join('\n');
  const stringToSign = ['TC3-HMAC-SHA256', String(timestamp), `${date}/${service}/tc3_request`, sha256Hex(canonicalRequest)].join('\n');
  const kDate = hmacSha256(`TC3${secret}`, date);
  const kSigning = hmacSha256(hmacSha256(kDate, service), 'tc3_request');
  return hmacSha256(kSigning, stringToSign).toString('hex');
}
