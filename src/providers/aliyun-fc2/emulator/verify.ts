/**
 * Checks an FC 2.0 `FC <AccessKeyId>:<signature>` request the way Function Compute does (providers.md §4.3),
 * rebuilt from the received bytes. Independent of the client's signer on purpose, so official-SDK requests test
 * it and it tests our client.
 */
import { createHash } from 'node:crypto';
import { hmacSha256, safeEqual } from '../../shared/hmac.js';
import type { EmulatorKey, EmulatorRequest } from '../../emulator-api.js';

/** A verification failure, as the HTTP status, FC error code and message the cloud would answer. */
export interface Fc2Failure {
  status: number;
  code: string;
  message: string;
}

/** Clock skew FC tolerates on the `Date` header (providers.md §4.3). */
export const MAX_SKEW_MS = 15 * 60 * 1000;

const AUTHORIZATION = /^FC ([^:\s]+):([A-Za-z0-9+/]+={0,2})$/;

/** Returns null when the request is correctly signed by a known key (with its token, if temporary), else the failure. */
export function verifyFcSignature(request: EmulatorRequest, keys: ReadonlyMap<string, EmulatorKey>): Fc2Failure | null {
  const authorization = request.headers['authorization'];
  if (authorization === undefined || authorization === '') return missingHeader('Authorization');
  const date = request.headers['date'];
  if (date === undefined || date === '') return missingHeader('Date');
  const match = AUTHORIZATION.exec(authorization);
  if (match === null) {
    return { status: 400, code: 'InvalidArgument', message: "Authorization must be 'FC <AccessKeyId>:<Signature>'" };
  }
  const accessKeyId = match[1] ?? '';
  const signature = match[2] ?? '';

  const signedAt = Date.parse(date);
  if (Number.isNaN(signedAt)) {
    return { status: 400, code: 'InvalidArgument', message: `invalid Date header '${date}'` };
  }
  const skew = Math.abs(request.receivedAt.getTime() - signedAt);
  if (skew > MAX_SKEW_MS) {
    return {
      status: 403,
      code: 'RequestTimeTooSkewed',
      message: `the difference between the request time '${date}' and the server's time is too large (${Math.round(skew / 1000)} s)`,
    };
  }
  const key = keys.get(accessKeyId);
  if (key === undefined) {
    return { status: 403, code: 'InvalidAccessKeyID', message: `invalid access key ID '${accessKeyId}'` };
  }
  if (key.securityToken !== undefined && request.headers['x-fc-security-token'] !== key.securityToken) {
    return {
      status: 403,
      code: 'InvalidSecurityToken',
      message: 'the temporary access key needs its security token in x-fc-security-token',
    };
  }
  const resource = canonicalResource(request.rawUrl);
  if (resource === undefined) {
    return { status: 400, code: 'InvalidArgument', message: 'the request path is not validly percent-encoded' };
  }
  const contentMd5 = request.headers['content-md5'] ?? '';
  const stringToSign = [
    request.method.toUpperCase(),
    contentMd5,
    request.headers['content-type'] ?? '',
    date,
    `${canonicalFcHeaders(request.headers)}${resource}`,
  ].join('\n');
  const expected = hmacSha256(key.secret, Buffer.from(stringToSign, 'utf8')).toString('base64');
  if (!safeEqual(expected, signature)) return signatureNotMatch();
  // Content-MD5 is what binds the body to the signature: the SDK sends base64 of the hex MD5 text (providers.md §0.3).
  if (contentMd5 !== '' && contentMd5 !== Buffer.from(createHash('md5').update(request.body).digest('hex')).toString('base64')) {
    return {
      status: 403,
      code: 'SignatureNotMatch',
      message: 'The request signature we calculated does not match the signature you provided: Content-MD5 does not match the body',
    };
  }
  return null;
}

/** `x-fc-*` headers, sorted, `name:value\n` each (Node has already lower-cased the names). */
function canonicalFcHeaders(headers: Record<string, string>): string {
  return Object.keys(headers)
    .filter((name) => name.startsWith('x-fc-'))
    .sort()
    .map((name) => `${name}:${headers[name] ?? ''}\n`)
    .join('');
}

/** The path, percent-decoded, without the query; undefined when an escape is malformed. */
function canonicalResource(rawUrl: string): string | undefined {
  try {
    return decodeURIComponent(rawUrl.split('?')[0] ?? '');
  } catch {
    return undefined;
  }
}

function missingHeader(name: string): Fc2Failure {
  return { status: 400, code: 'MissingRequiredHeader', message: `required HTTP header ${name} was not specified` };
}

function signatureNotMatch(): Fc2Failure {
  return {
    status: 403,
    code: 'SignatureNotMatch',
    message:
      'The request signature we calculated does not match the signature you provided. Check your access key and signing method',
  };
}
