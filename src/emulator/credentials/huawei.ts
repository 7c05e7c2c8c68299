/**
 * The Huawei Cloud and Open Telekom Cloud credential services of the emulator (docs/emulator.md, "Credential
 * services: Huawei and OTC"): the IAM calls of the federated OIDC flows and of agency assumption (`huawei-iam`), and
 * the ECS metadata security key (`huawei-metadata`). Both clouds use the same paths; which cloud a request is for:
 *
 * - a call signed with AK/SK: the cloud of the signing key; a call with `X-Auth-Token`: the cloud of the token;
 * - an unsigned call (the OIDC id token, the metadata service): OTC when the path starts with `/otc/` (point
 *   FCINVOKE_STS_ENDPOINT or FCINVOKE_METADATA_ENDPOINT at `<emulator>/otc`), or for an identity provider id that
 *   starts with `otc`; Huawei Cloud otherwise.
 *
 * Signatures are checked from the received bytes by the FunctionGraph gateway's verifier (the same API Gateway
 * scheme), never by the client's signer. Refusals use IAM's keystone shape `{"error": {code, message, title}}`, and
 * the gateway's `{"error_code": "APIGW.0301", …}` for a bad signature or an unknown key.
 */
import { randomUUID } from 'node:crypto';
import type { CloudId } from '../../providers/types.js';
import type { EmulatorRequest, EmulatorResponse } from '../../providers/emulator-api.js';
import { credentialCloud } from '../../providers/shared/functiongraph/emulator/route.js';
import { verifyFunctionGraphAuth } from '../../providers/shared/functiongraph/emulator/verify.js';
import { isRefusedRole, type IssuedKeys } from './issuer.js';
import type { CredentialService, CredentialServiceContext } from './route.js';

type Cloud = Extract<CloudId, 'huawei' | 'otc'>;

const OIDC_AUTH = /^\/(?:otc\/)?v3\/OS-FEDERATION\/identity_providers\/([^/]+)\/protocols\/oidc\/auth$/;
const ID_TOKEN_TOKENS = /^\/(?:otc\/)?v3\.0\/OS-AUTH\/id-token\/tokens$/;
const SECURITY_TOKENS = /^\/(?:otc\/)?v3\.0\/OS-CREDENTIAL\/securitytokens$/;
const METADATA_TOKEN = /^\/(?:otc\/)?meta-data\/latest\/api\/token$/;
const SECURITY_KEY = /^\/(?:otc\/)?openstack\/latest\/securitykey$/;

/** `duration_seconds` bounds of the security-token API, and its default. */
const DURATION = { min: 900, max: 86_400, default: 900 } as const;
/** How long the unscoped IAM token of the federated flow lives (IAM tokens: 24 h). */
const IAM_TOKEN_SECONDS = 24 * 60 * 60;
/** How long the metadata service's security keys live. */
const METADATA_KEY_SECONDS = 60 * 60;
/** The most a metadata session token may live (the SDK asks for this). */
const METADATA_TOKEN_MAX_SECONDS = 6 * 60 * 60;
/** Issued metadata session tokens: an IAM-token MAC under this prefix, so they never authenticate an invoke. */
const METADATA_TOKEN_PREFIX = 'fcinvoke-metadata.';
/** Agency names: 1–64 characters of letters, digits, spaces and `-_.` (IAM's rule). */
const AGENCY_NAME = /^[A-Za-z0-9 _.\-]{1,64}$/;
const IDP_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const SERVICES: readonly CredentialService[] = [
  {
    id: 'huawei-iam',
    matches: (request) => request.method === 'POST' && [OIDC_AUTH, ID_TOKEN_TOKENS, SECURITY_TOKENS].some((path) => path.test(pathOf(request))),
    handle: (request, context) => (SECURITY_TOKENS.test(pathOf(request)) ? securityTokens(request, context) : oidcAuth(request, context)),
  },
  {
    id: 'huawei-metadata',
    matches: (request) => METADATA_TOKEN.test(pathOf(request)) || SECURITY_KEY.test(pathOf(request)),
    handle: (request, context) => (METADATA_TOKEN.test(pathOf(request)) ? metadataToken(request, context) : securityKey(request, context)),
  },
];

/**
 * An OIDC id token for an IAM token in `X-Subject-Token`, by either of IAM's two APIs:
 * `POST /v3/OS-FEDERATION/identity_providers/{idp}/protocols/oidc/auth` with `Authorization: Bearer <id token>`
 * (unscoped; the Node SDK), or `POST /v3.0/OS-AUTH/id-token/tokens` with `X-Idp-Id` and
 * `{"auth": {"id_token": {"id"}, "scope"?}}` (the Go, Java and Python SDKs).
 */
function oidcAuth(request: EmulatorRequest, context: CredentialServiceContext): EmulatorResponse {
  const federation = OIDC_AUTH.exec(pathOf(request));
  const idpId = federation === null ? (request.headers['x-idp-id'] ?? '') : decodeURIComponent(federation[1]!);
  if (!IDP_ID.test(idpId)) return keystoneError(400, `Invalid identity provider id ${JSON.stringify(idpId.slice(0, 80))}.`);
  if (isRefusedRole(idpId)) return keystoneError(403, `Identity provider ${idpId} has no mapping for this token: the identity conversion rules match no user group.`);
  const idToken = federation === null ? idTokenOfBody(request.body) : /^Bearer (.+)$/i.exec(request.headers['authorization'] ?? '')?.[1];
  if (idToken === undefined) return keystoneError(401, 'The request you have made requires authentication: no OIDC id token.');
  const verdict = context.issuer.verifyOidcToken(idToken);
  if (!verdict.ok) return keystoneError(401, `The OIDC id token was refused: ${verdict.reason}.`);
  const cloud: Cloud = pathOf(request).startsWith('/otc/') || idpId.startsWith('otc') ? 'otc' : 'huawei';
  const issued = context.issuer.issueIamToken(cloud, IAM_TOKEN_SECONDS);
  return json(201, { token: { methods: ['mapped'], expires_at: iamTime(issued.expiresAt), issued_at: iamTime(context.now()) } }, {
    'X-Subject-Token': issued.token,
  });
}

/** `auth.id_token.id` of an OS-AUTH id-token request. */
function idTokenOfBody(body: Buffer): string | undefined {
  try {
    const id = (JSON.parse(body.toString('utf8')) as { auth?: { id_token?: { id?: unknown } } } | null)?.auth?.id_token?.id;
    return typeof id === 'string' && id !== '' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** `POST /v3.0/OS-CREDENTIAL/securitytokens`: method `token` (X-Auth-Token) or `assume_role` (signed AK/SK). */
function securityTokens(request: EmulatorRequest, context: CredentialServiceContext): EmulatorResponse {
  const authToken = request.headers['x-auth-token'];
  let cloud: Cloud;
  if (request.headers['authorization'] !== undefined) {
    cloud = credentialCloud(request, context.keys);
    const failure = verifyFunctionGraphAuth(request, context.keys[cloud], '');
    if (failure !== null) return json(failure.status, { error_code: failure.code, error_msg: failure.message, request_id: randomUUID() });
  } else if (authToken !== undefined && authToken !== '') {
    const tokenCloud = (['huawei', 'otc'] as const).find((candidate) => context.issuer.acceptsIamToken(candidate, authToken));
    if (tokenCloud === undefined) return keystoneError(401, 'The request you have made requires authentication: the X-Auth-Token is invalid or has expired.');
    cloud = tokenCloud;
  } else {
    return keystoneError(401, 'The request you have made requires authentication.');
  }
  // Authenticated first, as the gateway in front of IAM does; only then is the body read.
  const identity = parseIdentity(request.body);
  if (typeof identity === 'string') return keystoneError(400, identity);
  const methods = identity.methods;
  const duration = identity.durationSeconds ?? DURATION.default;
  if (!Number.isInteger(duration) || duration < DURATION.min || duration > DURATION.max) {
    return keystoneError(400, `Invalid input for field 'duration_seconds': ${String(duration)} is not between ${DURATION.min} and ${DURATION.max}.`);
  }
  if (methods === 'token') {
    if (authToken === undefined) return keystoneError(401, "Method 'token' needs the X-Auth-Token header.");
    return credential(context.issuer.issueKeys(cloud, duration));
  }
  const { agencyName, domainId, domainName } = identity;
  if (agencyName === undefined || !AGENCY_NAME.test(agencyName)) return keystoneError(400, "Invalid input for field 'agency_name'.");
  if ((domainId === undefined) === (domainName === undefined)) return keystoneError(400, "Invalid input: give one of 'domain_id' and 'domain_name'.");
  if (isRefusedRole(agencyName)) {
    return keystoneError(403, `You are not authorized to perform the requested action: agency ${agencyName} does not trust this account.`);
  }
  return credential(context.issuer.issueKeys(cloud, duration));
}

interface Identity {
  methods: 'token' | 'assume_role';
  durationSeconds: number | undefined;
  agencyName?: string | undefined;
  domainId?: string | undefined;
  domainName?: string | undefined;
}

/** The `auth.identity` of a security-token request, or why it is malformed. */
function parseIdentity(body: Buffer): Identity | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return 'The request body is not valid JSON.';
  }
  const identity = (parsed as { auth?: { identity?: Record<string, unknown> } } | null)?.auth?.identity;
  if (typeof identity !== 'object' || identity === null) return "Invalid input for field 'auth.identity'.";
  const methods = identity.methods;
  if (!Array.isArray(methods) || methods.length !== 1 || (methods[0] !== 'token' && methods[0] !== 'assume_role')) {
    return "Invalid input for field 'methods': expected [\"token\"] or [\"assume_role\"].";
  }
  const method = methods[0] as 'token' | 'assume_role';
  const detail = identity[method] as Record<string, unknown> | undefined;
  if (detail !== undefined && (typeof detail !== 'object' || detail === null)) return `Invalid input for field '${method}'.`;
  const number = detail?.duration_seconds;
  if (number !== undefined && typeof number !== 'number') return "Invalid input for field 'duration_seconds'.";
  const text = (key: string) => (typeof detail?.[key] === 'string' && detail[key] !== '' ? (detail[key] as string) : undefined);
  return { methods: method, durationSeconds: number, agencyName: text('agency_name'), domainId: text('domain_id'), domainName: text('domain_name') };
}

/** `PUT /meta-data/latest/api/token` with `X-Metadata-Token-Ttl-Seconds` → a session token. */
function metadataToken(request: EmulatorRequest, context: CredentialServiceContext): EmulatorResponse {
  if (request.method !== 'PUT') return plain(405, 'Method Not Allowed');
  const ttl = Number(request.headers['x-metadata-token-ttl-seconds']);
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > METADATA_TOKEN_MAX_SECONDS) {
    return plain(400, `X-Metadata-Token-Ttl-Seconds must be a whole number of seconds from 1 to ${METADATA_TOKEN_MAX_SECONDS}`);
  }
  return plain(200, `${METADATA_TOKEN_PREFIX}${context.issuer.issueIamToken(metadataCloud(request), ttl).token}`);
}

/** `GET /openstack/latest/securitykey` with `X-Metadata-Token` → the ECS agency's temporary keys. */
function securityKey(request: EmulatorRequest, context: CredentialServiceContext): EmulatorResponse {
  if (request.method !== 'GET') return plain(405, 'Method Not Allowed');
  const cloud = metadataCloud(request);
  const token = request.headers['x-metadata-token'] ?? '';
  if (!token.startsWith(METADATA_TOKEN_PREFIX) || !context.issuer.acceptsIamToken(cloud, token.slice(METADATA_TOKEN_PREFIX.length))) {
    return plain(401, 'Unauthorized: X-Metadata-Token is missing, invalid or expired');
  }
  return credential(context.issuer.issueKeys(cloud, METADATA_KEY_SECONDS), 200);
}

function metadataCloud(request: EmulatorRequest): Cloud {
  return pathOf(request).startsWith('/otc/') ? 'otc' : 'huawei';
}

function credential(keys: IssuedKeys, status = 201): EmulatorResponse {
  return json(status, {
    credential: {
      access: keys.accessKeyId,
      secret: keys.accessKeySecret,
      securitytoken: keys.securityToken,
      expires_at: iamTime(keys.expiresAt),
    },
  });
}

/** IAM's time format: microseconds, `Z`. */
function iamTime(date: Date): string {
  return date.toISOString().replace('Z', '000Z');
}

const TITLES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden' };

function keystoneError(status: number, message: string): EmulatorResponse {
  return json(status, { error: { code: status, message, title: TITLES[status] ?? 'Error' } });
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): EmulatorResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json;charset=UTF-8', 'X-Request-Id': randomUUID(), ...headers },
    body: JSON.stringify(body),
  };
}

function plain(status: number, text: string): EmulatorResponse {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: text };
}

/** The path as received, with repeated leading slashes folded (clients that join `endpoint/` and `/path`). */
function pathOf(request: EmulatorRequest): string {
  return (request.rawUrl.split('?')[0] ?? '').replace(/^\/+/, '/');
}
