/**
 * The ECS instance RAM role from the metadata service, hardened mode (as `@alicloud/credentials` 2.4.7
 * providers/ecs_ram_role.js): `PUT /latest/api/token` with `X-aliyun-ecs-metadata-token-ttl-seconds` gives a
 * session token; `GET /latest/meta-data/ram/security-credentials/` lists the role (unless the source or
 * ALIBABA_CLOUD_ECS_METADATA names it) and `GET …/<role>` answers the keys, both with
 * `X-aliyun-ecs-metadata-token`. When the token call fails the GETs go without it (normal mode), unless
 * ALIBABA_CLOUD_IMDSV1_DISABLED=true. Also the credentials URI (ALIBABA_CLOUD_CREDENTIALS_URI), which answers the
 * same JSON. Pure builders and parsers; `index.ts` sends.
 */
import { CredentialError } from '../../../core/errors.js';
import type { HttpRequest, RawResponse } from '../../../core/http.js';
import type { ExchangeContext, TemporaryCredentials } from '../types.js';
import { jsonBodyObject } from '../../../providers/shared/json.js';
import { originOf, parseExpiration, safeCode, stringField } from './sts.js';

export const ECS_METADATA_ORIGIN = 'http://100.100.100.200';
export const METADATA_TOKEN_PATH = '/latest/api/token';
export const SECURITY_CREDENTIALS_PATH = '/latest/meta-data/ram/security-credentials/';
export const METADATA_TOKEN_TTL_HEADER = 'X-aliyun-ecs-metadata-token-ttl-seconds';
export const METADATA_TOKEN_HEADER = 'X-aliyun-ecs-metadata-token';
/** The SDK asks for a 6-hour session token; one exchange needs seconds. */
export const METADATA_TOKEN_TTL_SECONDS = 21_600;

const ATTACH_HINT = 'attach a RAM role to the ECS instance (ECS console → the instance → Attach/Detach RAM Role), or name the role with ALIBABA_CLOUD_ECS_METADATA';

/** The metadata origin: FCINVOKE_METADATA_ENDPOINT's, else 100.100.100.200. */
export function metadataOrigin(context: Pick<ExchangeContext, 'metadataEndpoint'>): string {
  const override = context.metadataEndpoint;
  return override === undefined || override === '' ? ECS_METADATA_ORIGIN : originOf(override, 'FCINVOKE_METADATA_ENDPOINT');
}

/** Whether the GETs may go without a session token when the token call fails. */
export function imdsV1Allowed(env: ExchangeContext['env']): boolean {
  return env.ALIBABA_CLOUD_IMDSV1_DISABLED?.toLowerCase() !== 'true';
}

export function buildMetadataTokenRequest(origin: string): HttpRequest {
  return get(`${origin}${METADATA_TOKEN_PATH}`, { [METADATA_TOKEN_TTL_HEADER]: String(METADATA_TOKEN_TTL_SECONDS) }, 'PUT');
}

/** The role list (`role` undefined) or one role's keys, with the session token when there is one. */
export function buildSecurityCredentialsRequest(origin: string, role: string | undefined, token: string | undefined): HttpRequest {
  const path = `${SECURITY_CREDENTIALS_PATH}${role === undefined ? '' : encodeURIComponent(role)}`;
  return get(`${origin}${path}`, token === undefined ? {} : { [METADATA_TOKEN_HEADER]: token });
}

function get(url: string, headers: Record<string, string>, method: 'GET' | 'PUT' = 'GET'): HttpRequest {
  return { method, url, headers, body: new Uint8Array() };
}

/** The session token, or undefined when the service gave none (non-200 or empty). */
export function parseMetadataToken(response: RawResponse): string | undefined {
  if (response.status !== 200) return undefined;
  const token = new TextDecoder().decode(response.body).trim();
  return token === '' ? undefined : token;
}

/** The attached role's name (the first line of the list). */
export function parseRoleList(response: RawResponse): string {
  const first = new TextDecoder().decode(response.body).trim().split(/\s+/)[0] ?? '';
  if (response.status === 404 || (response.status === 200 && first === '')) {
    throw new CredentialError('the ECS metadata service lists no RAM role for this instance', 3, {
      code: 'credentials.no_instance_role',
      hint: ATTACH_HINT,
    });
  }
  if (response.status !== 200) {
    throw new CredentialError(`the ECS metadata service refused the role list (HTTP ${response.status})`, 3, {
      hint: 'on a hardened (token-only) instance, check that the metadata token request is allowed',
    });
  }
  return first;
}

/** The keys of `{Code: "Success", AccessKeyId, AccessKeySecret, SecurityToken, Expiration}` (metadata, URI). */
export function parseSecurityCredentials(response: RawResponse, what: { service: string; hint: string }): TemporaryCredentials {
  const body = response.status === 200 ? jsonBodyObject(response.body) : undefined;
  if (body === undefined) {
    throw new CredentialError(`${what.service} answered HTTP ${response.status} without credentials`, 3, { hint: what.hint });
  }
  const code = body.Code;
  if (code !== undefined && code !== 'Success') {
    const safe = safeCode(code);
    throw new CredentialError(`${what.service} refused: ${safe ?? 'an error code'}`, 3, { hint: what.hint });
  }
  const accessKeyId = stringField(body, 'AccessKeyId');
  const accessKeySecret = stringField(body, 'AccessKeySecret');
  const securityToken = stringField(body, 'SecurityToken');
  const expiration = body.Expiration === undefined ? undefined : parseExpiration(body.Expiration);
  if (accessKeyId === undefined || accessKeySecret === undefined || expiration === null) {
    throw new CredentialError(`${what.service} answered an incomplete credential (AccessKeyId, AccessKeySecret, Expiration)`, 3, {
      code: 'credentials.malformed_answer',
      hint: what.hint,
    });
  }
  return {
    kind: 'keys',
    accessKeyId,
    accessKeySecret,
    ...(securityToken === undefined ? {} : { securityToken }),
    expiresAt: expiration,
  };
}

/** What a role's keys answer names when it is refused. */
export function instanceRoleCall(role: string): { service: string; hint: string } {
  return {
    service: `the ECS metadata service (role ${role})`,
    hint: `check that the RAM role ${role} is attached to this instance; ${ATTACH_HINT}`,
  };
}
