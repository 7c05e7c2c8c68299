/**
 * Tencent Cloud STS (API 2018-08-13), pure: the request of `AssumeRole` (signed TC3-HMAC-SHA256, service `sts`,
 * with the provider's signer) and of `AssumeRoleWithWebIdentity` (not signed: the OIDC token is the proof, and the
 * official SDK sends `Authorization: SKIP`), and the parser of their answer. Functions of the source, the
 * credentials and the clock; the sending is in ./index.ts.
 */
import { isRecord, jsonBodyObject } from '../../../providers/shared/json.js';
import { quoteServerText } from '../../../core/redact.js';
import type { AssumeRoleSource, WebIdentitySource } from '../../../core/credential-source.js';
import type { KeyCredentials } from '../../../core/credentials.js';
import { ConfigError, CredentialError } from '../../../core/errors.js';
import type { HttpRequest, RawResponse } from '../../../core/http.js';
import { tc3Authorization } from '../../../providers/tencent/signer.js';
import type { TemporaryCredentials } from '../types.js';

export const STS_VERSION = '2018-08-13';
export const STS_SERVICE = 'sts';
/** The global endpoint; `sts.<region>.tencentcloudapi.com` when the source names a region. */
export const STS_HOST = 'sts.tencentcloudapi.com';
/** X-TC-Region is required; the SDK's STSCredential sends this one when none is given. */
export const STS_DEFAULT_REGION = 'ap-guangzhou';
/** DurationSeconds: the API's maximum (its default, when none is sent, is 7200). */
export const STS_MAX_DURATION_SECONDS = 43_200;
/** RoleSessionName, as the API documents it. */
export const SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,128}$/;

export type StsAction = 'AssumeRole' | 'AssumeRoleWithWebIdentity';

/** A built STS call: the action, the role and the request (unsigned until {@link signStsRequest}). */
export interface StsCall {
  action: StsAction;
  roleArn: string;
  request: HttpRequest;
}

/** The origin STS is called at: FCINVOKE_STS_ENDPOINT when set, else the regional or global endpoint. */
export function stsOrigin(region: string | undefined, override: string | undefined): string {
  if (override !== undefined && override !== '') return overrideOrigin(override, 'FCINVOKE_STS_ENDPOINT');
  return region === undefined || region === '' ? `https://${STS_HOST}` : `https://sts.${region}.tencentcloudapi.com`;
}

/** An endpoint override as an origin (`http://127.0.0.1:9000`); ConfigError when it is not an http(s) URL. */
export function overrideOrigin(value: string, variable: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${variable} is not a URL: "${value}"`, { hint: 'give an origin such as http://127.0.0.1:9000' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${variable} must be an http or https URL, not ${url.protocol}`);
  }
  return value.replace(/\/+$/, '');
}

/** The default RoleSessionName: `fcinvoke-<unix seconds>`. */
export function defaultSessionName(now: Date): string {
  return `fcinvoke-${Math.floor(now.getTime() / 1000)}`;
}

/** The AssumeRole request body parameters, checked (ConfigError naming the source's origin). */
export function assumeRoleParameters(source: AssumeRoleSource, now: Date): Record<string, string | number> {
  const common = commonParameters(source, now);
  return {
    ...common,
    ...(source.policy === undefined ? {} : { Policy: encodePolicy(source.policy, source.origin) }),
    ...(source.externalId === undefined || source.externalId === '' ? {} : { ExternalId: source.externalId }),
  };
}

/** The AssumeRoleWithWebIdentity body parameters; `token` is the OIDC token file's content. */
export function webIdentityParameters(source: WebIdentitySource, token: string, now: Date): Record<string, string | number> {
  if (source.policy !== undefined) {
    throw new ConfigError(`${source.origin}: Tencent AssumeRoleWithWebIdentity takes no session policy; remove policy`);
  }
  if (source.providerId === '') throw new ConfigError(`${source.origin}: the OIDC provider id (ProviderId) is empty`);
  const { RoleArn, RoleSessionName, ...rest } = commonParameters(source, now);
  return { ProviderId: source.providerId, WebIdentityToken: token, RoleArn, RoleSessionName, ...rest };
}

/** The unsigned request: POST / with the JSON body and the X-TC-* headers. */
export function buildStsRequest(
  action: StsAction,
  parameters: Record<string, string | number>,
  options: { origin: string; region: string | undefined },
): HttpRequest {
  return {
    method: 'POST',
    url: `${options.origin}/`,
    headers: {
      'Content-Type': 'application/json',
      'X-TC-Action': action,
      'X-TC-Version': STS_VERSION,
      'X-TC-Region': options.region === undefined || options.region === '' ? STS_DEFAULT_REGION : options.region,
    },
    body: new TextEncoder().encode(JSON.stringify(parameters)),
  };
}

/** AssumeRole: X-TC-Timestamp, X-TC-Token (temporary signing keys) and the TC3 Authorization, scope service `sts`. */
export function signStsRequest(request: HttpRequest, credentials: KeyCredentials, now: Date): HttpRequest {
  const timestamp = Math.floor(now.getTime() / 1000);
  const { authorization } = tc3Authorization(
    {
      method: request.method,
      hostname: new URL(request.url).hostname,
      contentType: request.headers['Content-Type'] ?? '',
      payload: request.body,
      timestamp,
      service: STS_SERVICE,
    },
    credentials.accessKeyId,
    credentials.accessKeySecret,
  );
  return {
    ...request,
    headers: {
      ...request.headers,
      'X-TC-Timestamp': String(timestamp),
      ...(credentials.securityToken ? { 'X-TC-Token': credentials.securityToken } : {}),
      Authorization: authorization,
    },
  };
}

/** AssumeRoleWithWebIdentity: no keys sign it; like the SDK, `Authorization: SKIP` and a timestamp. */
export function unsignedStsRequest(request: HttpRequest, now: Date): HttpRequest {
  return {
    ...request,
    headers: { ...request.headers, 'X-TC-Timestamp': String(Math.floor(now.getTime() / 1000)), Authorization: 'SKIP' },
  };
}

/** What the parser needs to say who refused what, and which strings must never be echoed. */
export interface StsAnswerContext {
  action: StsAction;
  roleArn: string;
  /** Where the caller came from (AssumeRole: the signing keys' origin; web identity: the OIDC provider). */
  caller: string;
  /** Strings the answer must not carry into a message (the signing secret, tokens). */
  secrets: readonly string[];
}

/** The temporary keys of an STS answer, or CredentialError 3 (refused, with a hint naming the role and its trust policy). */
export function parseStsResponse(response: RawResponse, context: StsAnswerContext): TemporaryCredentials {
  const what = `Tencent STS ${context.action} for role ${context.roleArn}`;
  const body = jsonBodyObject(response.body);
  const answer = body?.['Response'];
  if (!isRecord(answer)) {
    throw new CredentialError(`${what}: the answer (HTTP ${response.status}) is not a Tencent Cloud API response`, 3, {
      hint: 'check FCINVOKE_STS_ENDPOINT, or retry later',
    });
  }
  const error = answer['Error'];
  if (isRecord(error)) {
    const code = typeof error['Code'] === 'string' ? error['Code'] : 'UnknownError';
    const message = typeof error['Message'] === 'string' ? quoteServerText(error['Message'], context.secrets) : '';
    throw new CredentialError(`${what} was refused: ${code}${message === '' ? '' : `: ${message}`}`, 3, {
      code: 'credentials.refused',
      hint: refusalHint(code, context),
    });
  }
  const credentials = answer['Credentials'];
  if (
    !isRecord(credentials) ||
    typeof credentials['TmpSecretId'] !== 'string' ||
    typeof credentials['TmpSecretKey'] !== 'string' ||
    typeof credentials['Token'] !== 'string'
  ) {
    throw new CredentialError(`${what}: the answer holds no Credentials (TmpSecretId, TmpSecretKey, Token)`, 3);
  }
  return {
    kind: 'keys',
    accessKeyId: credentials['TmpSecretId'],
    accessKeySecret: credentials['TmpSecretKey'],
    securityToken: credentials['Token'],
    expiresAt: expiryOf(answer['ExpiredTime'], answer['Expiration']),
  };
}

/** `ExpiredTime` (Unix seconds), else `Expiration` (ISO 8601), else unknown. Shared with the metadata parser. */
export function expiryOf(expiredTime: unknown, expiration: unknown): Date | undefined {
  if (typeof expiredTime === 'number' && Number.isFinite(expiredTime)) return new Date(expiredTime * 1000);
  if (typeof expiration === 'string') {
    const parsed = new Date(expiration);
    if (!Number.isNaN(parsed.getTime())) return parsed;
  }
  return undefined;
}



function commonParameters(
  source: AssumeRoleSource | WebIdentitySource,
  now: Date,
): { RoleArn: string; RoleSessionName: string; DurationSeconds?: number } {
  if (!source.roleArn.startsWith('qcs::cam::')) {
    throw new ConfigError(`${source.origin}: the role "${source.roleArn}" is not a Tencent role ARN`, {
      hint: 'a Tencent role ARN reads qcs::cam::uin/<account id>:roleName/<role name>',
    });
  }
  const sessionName = source.sessionName ?? defaultSessionName(now);
  if (!SESSION_NAME_PATTERN.test(sessionName)) {
    throw new ConfigError(`${source.origin}: the role session name must be 2 to 128 of letters, digits and +=,.@_-`);
  }
  const duration = source.durationSeconds;
  if (duration !== undefined && (!Number.isInteger(duration) || duration < 1 || duration > STS_MAX_DURATION_SECONDS)) {
    throw new ConfigError(`${source.origin}: the duration must be a whole number of seconds from 1 to ${STS_MAX_DURATION_SECONDS}`);
  }
  return { RoleArn: source.roleArn, RoleSessionName: sessionName, ...(duration === undefined ? {} : { DurationSeconds: duration }) };
}

/** The session policy, URL-encoded as the API documents; it must be JSON. */
function encodePolicy(policy: string, origin: string): string {
  try {
    JSON.parse(policy);
  } catch {
    throw new ConfigError(`${origin}: the session policy is not valid JSON`);
  }
  return encodeURIComponent(policy);
}

function refusalHint(code: string, context: StsAnswerContext): string {
  if (code.startsWith('AuthFailure.Secret') || code === 'AuthFailure.SignatureFailure' || code === 'AuthFailure.TokenFailure') {
    return `the keys that sign the AssumeRole call (from ${context.caller}) were not accepted: check them`;
  }
  if (code === 'RequestLimitExceeded' || code.startsWith('InternalError')) {
    return 'Tencent STS is busy or failed: retry later';
  }
  return context.action === 'AssumeRole'
    ? `the trust policy of role ${context.roleArn} must allow the caller (keys from ${context.caller}) to assume it (sts:AssumeRole)`
    : `the trust policy of role ${context.roleArn} must allow the OIDC provider ${context.caller} (sts:AssumeRoleWithWebIdentity), and the token must be valid and unexpired`;
}

