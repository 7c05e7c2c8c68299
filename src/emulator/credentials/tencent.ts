/**
 * The Tencent Cloud credential services of the emulator: STS (`AssumeRole`, signed TC3 with scope service `sts`;
 * `AssumeRoleWithWebIdentity`, proven by a demo OIDC token) on `POST /` with `X-TC-Version: 2018-08-13`, and the
 * CVM metadata service's instance role under `/latest/meta-data/cam/security-credentials/`. They answer as the
 * cloud does (`{"Response": {…}}`, HTTP 200 even for errors; the metadata service's 404 for an unknown role) and
 * hand out keys from the emulator's issuer, which its SCF routes then accept until they expire. No trust
 * policies: any well-formed role is assumable, except {@link REFUSED_ROLE_NAME}.
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorRequest, EmulatorResponse } from '../../providers/emulator-api.js';
import { verifyTc3 } from '../../providers/tencent/emulator/verify.js';
import { tencentError } from '../../providers/tencent/emulator/wire.js';
import { isRefusedRole, REFUSED_ROLE_NAME, type IssuedKeys } from './issuer.js';
import type { CredentialService, CredentialServiceContext } from './route.js';

export const STS_VERSION = '2018-08-13';
/** The actions of the STS API: only these are claimed (SCF's `InvokeFunction`/`Invoke` share `POST /`). */
const STS_ACTIONS: ReadonlySet<string> = new Set([
  'AssumeRole',
  'AssumeRoleWithWebIdentity',
  'AssumeRoleWithSAML',
  'GetFederationToken',
  'GetCallerIdentity',
  'QueryApiKey',
]);
/** DurationSeconds: the API's default and maximum. */
export const DEFAULT_DURATION_SECONDS = 7200;
export const MAX_DURATION_SECONDS = 43_200;
/** The role the emulated CVM metadata service lists as bound to "this instance". */
export const DEMO_INSTANCE_ROLE = 'fcinvoke-demo-role';
/** How long the instance role's keys last. */
export const INSTANCE_DURATION_SECONDS = 7200;
export const METADATA_ROLE_PATH = '/latest/meta-data/cam/security-credentials/';

/** `…:roleName/<name>`, `…:role/<role id>` or a service role, as the API documents RoleArn. */
const ROLE_ARN = /^qcs::cam::uin\/\d{1,20}:(roleName\/[\w+=,.@-]{1,128}|role\/(tencentcloudServiceRole\/)?[\w+=,.@-]{1,128})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,128}$/;

const stsService: CredentialService = {
  id: 'tencent-sts',
  matches: (request) =>
    pathOf(request) === '/' &&
    STS_ACTIONS.has(request.headers['x-tc-action'] ?? '') &&
    (request.headers['x-tc-version'] === STS_VERSION || (request.headers['host'] ?? '').startsWith('sts.')),
  handle: handleSts,
};

const metadataService: CredentialService = {
  id: 'tencent-metadata',
  matches: (request) => pathOf(request).startsWith(METADATA_ROLE_PATH),
  handle: handleMetadata,
};

export const SERVICES: readonly CredentialService[] = [stsService, metadataService];

type Parameters = Record<string, unknown>;

function handleSts(request: EmulatorRequest, context: CredentialServiceContext): EmulatorResponse {
  const requestId = randomUUID();
  const fail = (code: string, message: string) => tencentError(code, message, requestId);
  if (request.method !== 'POST') return fail('InvalidParameter', 'The emulator accepts POST requests only.');
  const action = request.headers['x-tc-action'] ?? '';
  if (request.headers['x-tc-version'] !== STS_VERSION) {
    return fail('NoSuchVersion', `The version ${request.headers['x-tc-version'] ?? ''} of ${action} does not exist.`);
  }
  if (action !== 'AssumeRole' && action !== 'AssumeRoleWithWebIdentity') {
    return fail('UnsupportedOperation', `The emulator does not serve the STS action ${action}.`);
  }
  if ((request.headers['x-tc-region'] ?? '') === '') {
    return fail('MissingParameter', 'The request is missing the required header X-TC-Region.');
  }
  if (action === 'AssumeRole') {
    const failure = verifyTc3(request, context.keys.tencent, 'sts');
    if (failure !== null) return fail(failure.code, failure.message);
  }
  let params: Parameters;
  try {
    const parsed: unknown = JSON.parse(request.body.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    params = parsed as Parameters;
  } catch {
    return fail('InvalidParameter', 'The request body is not a JSON object.');
  }
  if (action === 'AssumeRoleWithWebIdentity') {
    const refusal = checkWebIdentity(params, context);
    if (refusal !== undefined) return fail(refusal[0], refusal[1]);
  }
  const checked = checkRole(params, action === 'AssumeRole');
  if (typeof checked !== 'number') return fail(checked[0], checked[1]);
  return issued(context.issuer.issueKeys('tencent', checked), requestId);
}

/** The web identity's own parameters: ProviderId and a valid demo OIDC token. */
function checkWebIdentity(params: Parameters, context: CredentialServiceContext): [string, string] | undefined {
  if (typeof params['ProviderId'] !== 'string' || params['ProviderId'] === '') {
    return ['MissingParameter', 'The request is missing the required parameter ProviderId.'];
  }
  const token = params['WebIdentityToken'];
  if (typeof token !== 'string' || token === '') {
    return ['MissingParameter', 'The request is missing the required parameter WebIdentityToken.'];
  }
  const verdict = context.issuer.verifyOidcToken(token);
  return verdict.ok ? undefined : ['InvalidParameter.WebIdentityTokenError', `The WebIdentityToken is not valid: ${verdict.reason}.`];
}

/** RoleArn, RoleSessionName, DurationSeconds, Policy (and ExternalId): the duration, or the refusal. */
function checkRole(params: Parameters, allowsPolicy: boolean): number | [string, string] {
  const roleArn = params['RoleArn'];
  if (typeof roleArn !== 'string' || roleArn === '') return ['MissingParameter', 'The request is missing the required parameter RoleArn.'];
  if (!ROLE_ARN.test(roleArn)) return ['InvalidParameter.ParamError', 'RoleArn is not a valid role ARN (qcs::cam::uin/<uin>:roleName/<name>).'];
  const sessionName = params['RoleSessionName'];
  if (typeof sessionName !== 'string' || !SESSION_NAME.test(sessionName)) {
    return ['InvalidParameter.ParamError', 'RoleSessionName must be 2 to 128 of the characters [\\w+=,.@-].'];
  }
  const duration = params['DurationSeconds'] ?? DEFAULT_DURATION_SECONDS;
  if (typeof duration !== 'number' || !Number.isInteger(duration)) {
    return ['InvalidParameter.ParamError', 'DurationSeconds must be an integer.'];
  }
  if (duration < 1 || duration > MAX_DURATION_SECONDS) {
    return ['InvalidParameter.OverTimeError', `DurationSeconds must be between 1 and ${MAX_DURATION_SECONDS}.`];
  }
  const policy = params['Policy'];
  if (policy !== undefined) {
    if (!allowsPolicy) return ['InvalidParameter.ParamError', 'AssumeRoleWithWebIdentity takes no Policy.'];
    if (typeof policy !== 'string' || !isUrlEncodedJson(policy)) {
      return ['InvalidParameter.StrategyFormatError', 'Policy must be a URL-encoded JSON policy document.'];
    }
  }
  if (isRefusedRole(roleArn)) {
    return ['UnauthorizedOperation', `The trust policy of the role ${REFUSED_ROLE_NAME} does not allow this caller to assume it.`];
  }
  return duration;
}

function handleMetadata(request: EmulatorRequest, context: CredentialServiceContext): EmulatorResponse {
  if (request.method !== 'GET') return text(405, 'Method Not Allowed');
  const rest = pathOf(request).slice(METADATA_ROLE_PATH.length);
  if (rest === '') return text(200, DEMO_INSTANCE_ROLE);
  let roleName: string;
  try {
    roleName = decodeURIComponent(rest);
  } catch {
    return notFound();
  }
  if (roleName.includes('/') || isRefusedRole(roleName)) return notFound();
  const keys = context.issuer.issueKeys('tencent', INSTANCE_DURATION_SECONDS);
  return json({
    TmpSecretId: keys.accessKeyId,
    TmpSecretKey: keys.accessKeySecret,
    ExpiredTime: Math.floor(keys.expiresAt.getTime() / 1000),
    Expiration: isoSeconds(keys.expiresAt),
    Token: keys.securityToken,
    Code: 'Success',
  });
}

/** The STS answer: `Response.Credentials`, `ExpiredTime` (Unix seconds), `Expiration` (ISO 8601). */
function issued(keys: IssuedKeys, requestId: string): EmulatorResponse {
  return json({
    Response: {
      Credentials: { Token: keys.securityToken, TmpSecretId: keys.accessKeyId, TmpSecretKey: keys.accessKeySecret },
      ExpiredTime: Math.floor(keys.expiresAt.getTime() / 1000),
      Expiration: isoSeconds(keys.expiresAt),
      RequestId: requestId,
    },
  });
}

function isUrlEncodedJson(value: string): boolean {
  try {
    JSON.parse(decodeURIComponent(value));
    return !/[{}"\s]/.test(value);
  } catch {
    return false;
  }
}

function pathOf(request: EmulatorRequest): string {
  return request.rawUrl.split('?')[0] ?? '';
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function notFound(): EmulatorResponse {
  return { status: 404, headers: { 'Content-Type': 'text/html' }, body: '<html><body><h1>404 Not Found</h1></body></html>' };
}

function text(status: number, body: string): EmulatorResponse {
  return { status, headers: { 'Content-Type': 'text/plain' }, body };
}

function json(body: unknown): EmulatorResponse {
  return { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}
