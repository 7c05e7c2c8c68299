/**
 * Alibaba Cloud STS (RPC style, Version 2015-04-01): `AssumeRole`, signed with the keys `via` produced, and
 * `AssumeRoleWithOIDC`, unsigned, carrying the OIDC token. Pure builders and a parser; `index.ts` sends.
 *
 * The requests are the ones `@alicloud/credentials` 2.4.7 sends (providers/ram_role_arn.js, oidc_role_arn.js):
 * POST, the common parameters (and `Signature`) in the query, the role parameters as a form body, the signature
 * over both. Endpoint: `sts.aliyuncs.com`, `sts.<region>.aliyuncs.com` with a region (the source's, else
 * ALIBABA_CLOUD_STS_REGION), `sts-vpc.<region>.aliyuncs.com` when ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true; the
 * origin of FCINVOKE_STS_ENDPOINT replaces all of them.
 */
import { isRecord, jsonBodyObject } from '../../../providers/shared/json.js';
import type { AssumeRoleSource, WebIdentitySource } from '../../../core/credential-source.js';
import type { KeyCredentials } from '../../../core/credentials.js';
import { ConfigError, CredentialError } from '../../../core/errors.js';
import type { HttpRequest, RawResponse } from '../../../core/http.js';
import type { ExchangeContext, TemporaryCredentials } from '../types.js';
import { formEncode, rpcSignature, rpcStringToSign, type RpcStamp } from './rpc.js';

export const STS_VERSION = '2015-04-01';
/** DurationSeconds bounds and default (STS API reference; the SDK's default). */
export const STS_DURATION = { min: 900, max: 43_200, default: 3600 } as const;
/** RoleSessionName: 2 to 64 of letters, digits, `.`, `@`, `-`, `_` (STS API reference). */
const SESSION_NAME = /^[A-Za-z0-9.@_-]{2,64}$/;

/** The STS origin (`https://sts.aliyuncs.com`) for a source's region and the environment. */
export function stsOrigin(region: string | undefined, context: Pick<ExchangeContext, 'env' | 'stsEndpoint'>): string {
  if (context.stsEndpoint !== undefined && context.stsEndpoint !== '') return originOf(context.stsEndpoint, 'FCINVOKE_STS_ENDPOINT');
  const stsRegion = region ?? nonEmpty(context.env.ALIBABA_CLOUD_STS_REGION);
  if (stsRegion === undefined) return 'https://sts.aliyuncs.com';
  if (!/^[a-z0-9-]+$/.test(stsRegion)) throw new ConfigError(`STS region "${stsRegion}" is not a region id like cn-hangzhou`);
  const vpc = context.env.ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED?.toLowerCase() === 'true';
  return `https://${vpc ? 'sts-vpc' : 'sts'}.${stsRegion}.aliyuncs.com`;
}

/** The origin of an endpoint override; a ConfigError naming the variable when it is not an http(s) URL. */
export function originOf(endpoint: string, variable: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ConfigError(`${variable} is not a URL: ${endpoint}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${variable} must be an http or https URL`);
  return url.origin;
}

/** RoleSessionName and DurationSeconds of a source, defaulted and checked (ConfigError naming where it was set). */
export function sessionParameters(
  source: AssumeRoleSource | WebIdentitySource,
  now: Date,
  env: ExchangeContext['env'] = {},
): { RoleSessionName: string; DurationSeconds: string } {
  const sessionName =
    source.sessionName ??
    (source.kind === 'web-identity' ? nonEmpty(env.ALIBABA_CLOUD_ROLE_SESSION_NAME) : undefined) ??
    `fcinvoke-${Math.floor(now.getTime() / 1000)}`;
  if (!SESSION_NAME.test(sessionName)) {
    throw new ConfigError(
      `${source.origin}: session name "${sessionName}" must be 2 to 64 letters, digits or . @ - _`,
      { code: 'config.session_name' },
    );
  }
  const duration = source.durationSeconds ?? STS_DURATION.default;
  if (!Number.isInteger(duration) || duration < STS_DURATION.min || duration > STS_DURATION.max) {
    throw new ConfigError(
      `${source.origin}: duration ${duration} s is out of range: Alibaba STS accepts ${STS_DURATION.min} to ${STS_DURATION.max} seconds`,
      { code: 'config.session_duration' },
    );
  }
  return { RoleSessionName: sessionName, DurationSeconds: String(duration) };
}

/** The signed `AssumeRole` request. */
export function buildAssumeRoleRequest(
  source: AssumeRoleSource,
  signer: KeyCredentials,
  stamp: RpcStamp,
  origin: string,
  session: { RoleSessionName: string; DurationSeconds: string },
): HttpRequest {
  const query: Record<string, string> = {
    Version: STS_VERSION,
    Action: 'AssumeRole',
    Format: 'JSON',
    Timestamp: stamp.timestamp,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: stamp.nonce,
    AccessKeyId: signer.accessKeyId,
    ...(signer.securityToken ? { SecurityToken: signer.securityToken } : {}),
  };
  const form: Record<string, string> = {
    RoleArn: source.roleArn,
    ...(source.policy === undefined ? {} : { Policy: source.policy }),
    ...(source.externalId === undefined ? {} : { ExternalId: source.externalId }),
    ...session,
  };
  const signature = rpcSignature(signer.accessKeySecret, rpcStringToSign('POST', { ...query, ...form }));
  return formRequest(origin, { ...query, Signature: signature }, form);
}

/** The unsigned `AssumeRoleWithOIDC` request carrying `token`. */
export function buildAssumeRoleWithOidcRequest(
  source: WebIdentitySource,
  token: string,
  timestamp: string,
  origin: string,
  session: { RoleSessionName: string; DurationSeconds: string },
): HttpRequest {
  const query = { Version: STS_VERSION, Action: 'AssumeRoleWithOIDC', Format: 'JSON', Timestamp: timestamp };
  const form: Record<string, string> = {
    OIDCProviderArn: source.providerId,
    OIDCToken: token,
    RoleArn: source.roleArn,
    ...(source.policy === undefined ? {} : { Policy: source.policy }),
    ...session,
  };
  return formRequest(origin, query, form);
}

function formRequest(origin: string, query: Record<string, string>, form: Record<string, string>): HttpRequest {
  return {
    method: 'POST',
    url: `${origin}/?${formEncode(query)}`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new TextEncoder().encode(formEncode(form)),
  };
}

/** What a refusal names: the action, the role, and what the trust policy must allow. */
export interface StsCall {
  action: 'AssumeRole' | 'AssumeRoleWithOIDC';
  roleArn: string;
  /** Who asks: "the keys from <origin>" or "the OIDC provider <arn> (token in <file>)". */
  principal: string;
}

/**
 * STS's answer: the temporary keys, or a CredentialError (exit 3) naming the error code, the role and what its
 * trust policy must allow. The server's Message is never repeated: SignatureDoesNotMatch quotes the string to
 * sign, which holds the security token.
 */
export function parseStsResponse(response: RawResponse, call: StsCall): TemporaryCredentials {
  const body = jsonBodyObject(response.body);
  const credentials = body?.Credentials;
  if (response.status === 200 && isRecord(credentials)) {
    const accessKeyId = stringField(credentials, 'AccessKeyId');
    const accessKeySecret = stringField(credentials, 'AccessKeySecret');
    const securityToken = stringField(credentials, 'SecurityToken');
    const expiresAt = parseExpiration(credentials.Expiration);
    if (accessKeyId !== undefined && accessKeySecret !== undefined && securityToken !== undefined && expiresAt !== null) {
      return { kind: 'keys', accessKeyId, accessKeySecret, securityToken, expiresAt };
    }
  }
  const code = safeCode(body?.Code);
  const requestId = safeCode(body?.RequestId);
  if (code === undefined) {
    throw new CredentialError(
      `Alibaba STS ${call.action} for ${call.roleArn} answered HTTP ${response.status} without credentials`,
      3,
      { code: 'credentials.malformed_answer', hint: trustHint(call) },
    );
  }
  const detail = [`HTTP ${response.status}`, ...(requestId === undefined ? [] : [`request id ${requestId}`])].join(', ');
  return refuse(`Alibaba STS refused ${call.action} for ${call.roleArn}: ${code} (${detail})`, hintFor(code, call));
}

function refuse(message: string, hint: string): never {
  throw new CredentialError(message, 3, { hint });
}

/** The hint for an STS error code: the signing keys for key/signature errors, else the role's trust policy. */
export function hintFor(code: string, call: StsCall): string {
  if (/^(InvalidAccessKeyId|SignatureDoesNotMatch|IncompleteSignature|InvalidSecurityToken|MissingSecurityToken)/.test(code)) {
    return `the signing keys were not accepted: check ${call.principal}`;
  }
  if (code.startsWith('AuthenticationFail.OIDCToken') || code.startsWith('InvalidParameter.OIDCToken')) {
    return `the OIDC token was not accepted: check that ${call.principal} is fresh and issued for this provider; ${trustHint(call)}`;
  }
  if (code.startsWith('InvalidParameter') || code.startsWith('MissingParameter')) {
    return `check the role settings (role ARN like acs:ram::<account id>:role/<name>, session name, duration) of ${call.roleArn}`;
  }
  return trustHint(call);
}

function trustHint(call: StsCall): string {
  return `check that the RAM role ${call.roleArn} exists and that its trust policy lets ${call.principal} assume it`;
}

/** An `Expiration` like `2015-04-09T11:52:19Z`; null when it is missing or not a time. */
export function parseExpiration(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time);
}



/** A non-empty string field, else undefined. */
export function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** An error code or request id safe to print: word characters, dots and dashes only, else undefined. */
export function safeCode(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(value) ? value : undefined;
}

/** An environment variable's value, or undefined when it is unset or empty. */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
