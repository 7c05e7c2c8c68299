/**
 * The emulator's Alibaba Cloud credential services (docs/emulator.md, "Credential services"):
 *
 * - `aliyun-sts`: STS 2015-04-01 `AssumeRole` (RPC HMAC-SHA1 signature checked from the received query and form
 *   body, with the keys the emulator accepts) and `AssumeRoleWithOIDC` (the demo issuer's tokens). Any well-formed
 *   role ARN is assumable, except a role named REFUSED_ROLE_NAME (`NoPermission`). Errors carry STS's own codes and
 *   shape: `{RequestId, HostId, Code, Message, Recommend}`.
 * - `aliyun-metadata`: the ECS metadata service in hardened mode: `PUT /latest/api/token` gives a session token
 *   (an issued, expiring token); the GETs accept it, and, as an ECS instance in normal mode does, also accept no
 *   token (IMDSv1); a wrong or expired token is 401. The instance has one RAM role, {@link ALIYUN_INSTANCE_ROLE}.
 *
 * Signatures are rebuilt here from the bytes received, with providers/shared helpers, never with the client's
 * builder (engine/credentials/aliyun/), so official-SDK requests test this and this tests the client.
 */
import { randomUUID } from 'node:crypto';
import { hmacSha1, safeEqual } from '../../providers/shared/hmac.js';
import { percentEncode } from '../../providers/shared/percent-encode.js';
import { pathOf } from '../../providers/shared/emulator/request-parts.js';
import { NonceLedger } from '../../providers/aliyun/emulator/verify.js';
import type { EmulatorKey, EmulatorRequest, EmulatorResponse } from '../../providers/emulator-api.js';
import { DEMO_OIDC_AUDIENCE, DEMO_OIDC_ISSUER, isRefusedRole } from './issuer.js';
import type { CredentialService, CredentialServiceContext } from './route.js';

/** The RAM role attached to the emulated ECS instance. */
export const ALIYUN_INSTANCE_ROLE = 'fcinvoke-ecs-role';
/** How long the emulated instance role's keys last (ECS hands out 6-hour keys). */
export const ALIYUN_INSTANCE_KEY_SECONDS = 21_600;

const STS_ACTIONS = new Set(['AssumeRole', 'AssumeRoleWithOIDC']);
const ROLE_ARN = /^acs:ram::(\d{1,20}):role\/([A-Za-z0-9.@_+=,-]{1,64})$/;
const OIDC_PROVIDER_ARN = /^acs:ram::\d{1,20}:oidc-provider\/[A-Za-z0-9._-]{1,128}$/;
const SESSION_NAME = /^[A-Za-z0-9.@_-]{2,64}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const MAX_SKEW_MS = 15 * 60 * 1000;
const TOKEN_PATH = '/latest/api/token';
const CREDENTIALS_PATH = '/latest/meta-data/ram/security-credentials/';
const TTL_HEADER = 'x-aliyun-ecs-metadata-token-ttl-seconds';
const TOKEN_HEADER = 'x-aliyun-ecs-metadata-token';

/** Nonces seen, per running emulator (its credential-service context): one emulator's never refuse another's. */
const ledgers = new WeakMap<CredentialServiceContext, NonceLedger>();

function noncesOf(context: CredentialServiceContext): NonceLedger {
  let ledger = ledgers.get(context);
  if (ledger === undefined) ledgers.set(context, (ledger = new NonceLedger()));
  return ledger;
}

type Params = Record<string, string>;

/** Query (and form body) parameters as the server decodes them: `+` is a space, as Java's URLDecoder has it. */
function decodePairs(text: string, into: Params): Params {
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decodeForm(equals === -1 ? pair : pair.slice(0, equals));
    into[name] = equals === -1 ? '' : decodeForm(pair.slice(equals + 1));
  }
  return into;
}

function decodeForm(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function queryOf(request: Pick<EmulatorRequest, 'rawUrl'>): Params {
  const at = request.rawUrl.indexOf('?');
  return at === -1 ? {} : decodePairs(request.rawUrl.slice(at + 1), {});
}

function parametersOf(request: EmulatorRequest): Params {
  const params = queryOf(request);
  const type = request.headers['content-type'] ?? '';
  return type.startsWith('application/x-www-form-urlencoded') ? decodePairs(request.body.toString('utf8'), params) : params;
}

function json(status: number, body: unknown): EmulatorResponse {
  return { status, headers: { 'content-type': 'application/json;charset=utf-8' }, body: JSON.stringify(body) };
}

function stsError(status: number, code: string, message: string): EmulatorResponse {
  return json(status, {
    RequestId: randomUUID().toUpperCase(),
    HostId: 'sts.aliyuncs.com',
    Code: code,
    Message: message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${code}&product=Sts`,
  });
}

/** The RPC signature check, rebuilt from what arrived; an error answer, or undefined when it holds. */
function verifyRpcSignature(method: string, params: Params, keys: ReadonlyMap<string, EmulatorKey>, now: Date, nonces: NonceLedger): EmulatorResponse | undefined {
  for (const name of ['AccessKeyId', 'Signature', 'SignatureMethod', 'SignatureNonce', 'Timestamp']) {
    if (params[name] === undefined || params[name] === '') return stsError(400, `MissingParameter`, `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);
  }
  if (params.SignatureMethod !== 'HMAC-SHA1') return stsError(400, 'InvalidParameter.SignatureMethod', 'Specified signature method is not valid.');
  if (params.SignatureVersion !== undefined && params.SignatureVersion !== '1.0') return stsError(400, 'InvalidParameter.SignatureVersion', 'Specified signature version is not valid.');
  const stamp = params.Timestamp!;
  const at = TIMESTAMP.test(stamp) ? Date.parse(stamp) : Number.NaN;
  if (Number.isNaN(at)) return stsError(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
  if (Math.abs(now.getTime() - at) > MAX_SKEW_MS) return stsError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
  const key = keys.get(params.AccessKeyId!);
  if (key === undefined) return stsError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  if (key.securityToken !== undefined && params.SecurityToken === undefined) return stsError(400, 'MissingSecurityToken', 'SecurityToken is mandatory for this action.');
  if (key.securityToken !== undefined && params.SecurityToken !== key.securityToken) {
    return stsError(400, 'InvalidSecurityToken.MismatchWithAccessKey', 'Specified SecurityToken mismatch with the AccessKey.');
  }
  const { Signature: signature, ...signed } = params;
  const canonical = Object.keys(signed)
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(signed[name]!)}`)
    .join('&');
  const stringToSign = [method.toUpperCase(), percentEncode('/'), percentEncode(canonical)].join('&');
  const expected = hmacSha1(`${key.secret}&`, stringToSign).toString('base64');
  if (!safeEqual(expected, signature!)) {
    // The real service quotes its string to sign (the SDK compares it with its own): clients must not echo it.
    return stsError(400, 'SignatureDoesNotMatch', `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`);
  }
  if (!nonces.claim(params.SignatureNonce!, at + MAX_SKEW_MS, now.getTime())) {
    return stsError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
  }
  return undefined;
}

/** RoleArn, RoleSessionName, DurationSeconds and Policy checked as STS does; the role parts, or an error answer. */
function checkRole(params: Params): { account: string; name: string; session: string; seconds: number } | EmulatorResponse {
  const arn = params.RoleArn;
  if (arn === undefined || arn === '') return stsError(400, 'MissingRoleArn', 'RoleArn is mandatory for this action.');
  const match = ROLE_ARN.exec(arn);
  if (match === null) return stsError(400, 'InvalidParameter.RoleArn', 'The parameter RoleArn is wrongly formed.');
  const session = params.RoleSessionName;
  if (session === undefined || session === '') return stsError(400, 'MissingRoleSessionName', 'RoleSessionName is mandatory for this action.');
  if (!SESSION_NAME.test(session)) return stsError(400, 'InvalidParameter.RoleSessionName', 'The parameter RoleSessionName is wrongly formed.');
  const seconds = params.DurationSeconds === undefined ? 3600 : Number(params.DurationSeconds);
  if (!Number.isInteger(seconds) || seconds < 900 || seconds > 43_200) {
    return stsError(400, 'InvalidParameter.DurationSeconds', 'The Min/Max value of DurationSeconds is 15min/12hr.');
  }
  if (params.Policy !== undefined) {
    try {
      JSON.parse(params.Policy);
    } catch {
      return stsError(400, 'InvalidParameter.PolicyGrammar', 'The parameter Policy has not a valid grammar.');
    }
  }
  if (isRefusedRole(arn)) {
    return stsError(403, 'NoPermission', 'You are not authorized to do this action. You should be authorized by RAM.');
  }
  return { account: match[1]!, name: match[2]!, session, seconds };
}

function assumed(role: { account: string; name: string; session: string; seconds: number }, context: CredentialServiceContext, extra: Record<string, unknown> = {}): EmulatorResponse {
  const keys = context.issuer.issueKeys('aliyun', role.seconds);
  return json(200, {
    RequestId: randomUUID().toUpperCase(),
    AssumedRoleUser: {
      Arn: `acs:ram::${role.account}:role/${role.name}/${role.session}`,
      AssumedRoleId: `3${role.account.slice(0, 17).padEnd(17, '0')}:${role.session}`,
    },
    Credentials: {
      AccessKeyId: keys.accessKeyId,
      AccessKeySecret: keys.accessKeySecret,
      SecurityToken: keys.securityToken,
      Expiration: expiration(keys.expiresAt),
    },
    ...extra,
  });
}

function expiration(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const sts: CredentialService = {
  id: 'aliyun-sts',
  matches(request) {
    if (pathOf(request) !== '/' || (request.method !== 'POST' && request.method !== 'GET')) return false;
    const query = queryOf(request);
    return query.Version === '2015-04-01' && STS_ACTIONS.has(query.Action ?? '');
  },
  handle(request, context) {
    const params = parametersOf(request);
    if (params.Format !== undefined && params.Format.toUpperCase() !== 'JSON') {
      return stsError(400, 'InvalidParameter.Format', 'The emulator answers Format=JSON only.');
    }
    if (params.Action === 'AssumeRole') {
      const refused = verifyRpcSignature(request.method, params, context.keys.aliyun, request.receivedAt, noncesOf(context));
      if (refused !== undefined) return refused;
      const role = checkRole(params);
      return 'status' in role ? role : assumed(role, context);
    }
    if (params.OIDCProviderArn === undefined || params.OIDCProviderArn === '') {
      return stsError(400, 'MissingOIDCProviderArn', 'OIDCProviderArn is mandatory for this action.');
    }
    if (!OIDC_PROVIDER_ARN.test(params.OIDCProviderArn)) {
      return stsError(400, 'InvalidParameter.OIDCProviderArn', 'The parameter OIDCProviderArn is wrongly formed.');
    }
    if (params.OIDCToken === undefined || params.OIDCToken === '') return stsError(400, 'MissingOIDCToken', 'OIDCToken is mandatory for this action.');
    const verdict = context.issuer.verifyOidcToken(params.OIDCToken);
    if (!verdict.ok) {
      const code = verdict.reason.includes('expired')
        ? 'AuthenticationFail.OIDCToken.Expired'
        : verdict.reason.includes('issuer')
          ? 'AuthenticationFail.OIDCToken.IssuerNotMatched'
          : 'AuthenticationFail.OIDCToken.Invalid';
      return stsError(400, code, `The OIDC token is not valid: ${verdict.reason}.`);
    }
    const role = checkRole(params);
    if ('status' in role) return role;
    return assumed(role, context, {
      OIDCTokenInfo: { Subject: verdict.subject, Issuer: DEMO_OIDC_ISSUER, ClientIds: DEMO_OIDC_AUDIENCE },
    });
  },
};

function text(status: number, body: string): EmulatorResponse {
  return { status, headers: { 'content-type': 'text/plain' }, body };
}

const metadata: CredentialService = {
  id: 'aliyun-metadata',
  matches(request) {
    const path = pathOf(request);
    if (request.method === 'PUT') return path === TOKEN_PATH && request.headers[TTL_HEADER] !== undefined;
    return request.method === 'GET' && path.startsWith(CREDENTIALS_PATH);
  },
  handle(request, context) {
    if (request.method === 'PUT') {
      const ttl = Number(request.headers[TTL_HEADER]);
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > 21_600) return text(400, 'Bad Request: the token TTL must be 1 to 21600 seconds');
      return text(200, context.issuer.issueIamToken('aliyun', ttl).token);
    }
    const token = request.headers[TOKEN_HEADER];
    if (token !== undefined && !context.issuer.acceptsIamToken('aliyun', token)) return text(401, 'Unauthorized');
    const role = decodeForm(pathOf(request).slice(CREDENTIALS_PATH.length));
    if (role === '') return text(200, ALIYUN_INSTANCE_ROLE);
    if (role !== ALIYUN_INSTANCE_ROLE) return text(404, 'Not Found');
    const keys = context.issuer.issueKeys('aliyun', ALIYUN_INSTANCE_KEY_SECONDS);
    return json(200, {
      AccessKeyId: keys.accessKeyId,
      AccessKeySecret: keys.accessKeySecret,
      Expiration: expiration(keys.expiresAt),
      SecurityToken: keys.securityToken,
      LastUpdated: expiration(context.now()),
      Code: 'Success',
    });
  },
};

export const SERVICES: readonly CredentialService[] = [sts, metadata];
