/**
 * Huawei Cloud and Open Telekom Cloud IAM exchanges, pure: request builders and response parsers, functions of
 * the source, the credentials and the clock. The thin sending part is `index.ts`.
 *
 * - Federated OIDC, as `@huaweicloud/huaweicloud-sdk-core` 3.1.211 does it (`BaseCredentials.updateFederalAuthTokenByIdToken`):
 *   `POST /v3/OS-FEDERATION/identity_providers/{idp_id}/protocols/oidc/auth` with `Authorization: Bearer <id token>`
 *   answers an unscoped IAM token in `X-Subject-Token`; then `POST /v3.0/OS-CREDENTIAL/securitytokens`, method
 *   `token`, with that token in `X-Auth-Token`, answers temporary AK/SK and a security token. Like the SDK, the
 *   result is the temporary AK/SK (which sign FunctionGraph invokes with `X-Security-Token`), not the IAM token.
 * - Agency: `POST /v3.0/OS-CREDENTIAL/securitytokens`, method `assume_role`, signed SDK-HMAC-SHA256 with the
 *   source's AK/SK (the FunctionGraph signer: the same API Gateway scheme), or with the source's IAM token.
 */
import { isRecord, jsonBodyObject } from '../../../providers/shared/json.js';
import { quoteServerText } from '../../../core/redact.js';
import type { AgencySource, FederatedOidcSource } from '../../../core/credential-source.js';
import type { Credentials } from '../../../core/credentials.js';
import { CredentialError } from '../../../core/errors.js';
import type { HttpRequest, RawResponse } from '../../../core/http.js';
import { signSdkHmacSha256 } from '../../../providers/shared/functiongraph/signer.js';
import type { TemporaryCredentials } from '../types.js';

/** The clouds these exchanges serve. */
export type IamCloud = 'huawei' | 'otc';

/** Huawei's variable naming the IAM origin (read for Huawei Cloud only: OTC tooling has no such variable). */
export const IAM_ENDPOINT_VARIABLE = 'HUAWEICLOUD_SDK_IAM_ENDPOINT';
/** The SDK's duration for the federated flow's temporary keys: 6 hours. */
export const FEDERATED_DURATION_SECONDS = 6 * 60 * 60;
/** The documented range of `duration_seconds` (15 minutes to 24 hours). */
export const DURATION_RANGE = { min: 900, max: 86_400 } as const;

const TITLE: Record<IamCloud, string> = { huawei: 'Huawei Cloud IAM', otc: 'Open Telekom Cloud IAM' };

/** Where the IAM answers: FCINVOKE_STS_ENDPOINT, else the source's own, else HUAWEICLOUD_SDK_IAM_ENDPOINT (Huawei), else by region. */
export function iamOrigin(
  source: Pick<FederatedOidcSource | AgencySource, 'cloud' | 'region' | 'iamEndpoint'>,
  stsEndpoint: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const override = nonEmpty(stsEndpoint) ?? nonEmpty(source.iamEndpoint) ?? (source.cloud === 'huawei' ? nonEmpty(env[IAM_ENDPOINT_VARIABLE]) : undefined);
  if (override !== undefined) return override.replace(/\/+$/, '');
  if (source.cloud === 'otc') return `https://iam.${source.region ?? 'eu-de'}.otc.t-systems.com`;
  return source.region === undefined ? 'https://iam.myhuaweicloud.com' : `https://iam.${source.region}.myhuaweicloud.com`;
}

/** Step 1 of the federated flow: the OIDC id token for an unscoped IAM token. */
export function buildIdTokenRequest(origin: string, idpId: string, idToken: string): HttpRequest {
  return {
    method: 'POST',
    url: `${origin}/v3/OS-FEDERATION/identity_providers/${encodeURIComponent(idpId)}/protocols/oidc/auth`,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${idToken}` },
    body: new TextEncoder().encode('{}'),
  };
}

/** Step 2 of the federated flow: the unscoped IAM token for temporary AK/SK (method `token`). */
export function buildTokenSecurityTokenRequest(origin: string, iamToken: string, durationSeconds: number): HttpRequest {
  return securityTokensRequest(origin, { 'X-Auth-Token': iamToken }, {
    methods: ['token'],
    token: { duration_seconds: durationSeconds },
  });
}

/**
 * Agency assumption (method `assume_role`): signed with the source's keys, or carrying its IAM token in
 * `X-Auth-Token` (the API's documented form, for a source that is a token such as HUAWEICLOUD_AUTH_TOKEN).
 */
export function buildAgencyRequest(
  origin: string,
  source: AgencySource,
  signer: Credentials,
  context: { now: Date; nonce: number },
): HttpRequest {
  const assumeRole: Record<string, unknown> =
    source.domainId !== undefined ? { domain_id: source.domainId } : { domain_name: source.domainName };
  assumeRole.agency_name = source.agencyName;
  if (source.durationSeconds !== undefined) assumeRole.duration_seconds = source.durationSeconds;
  const identity = { methods: ['assume_role'], assume_role: assumeRole };
  if (signer.kind === 'token') return securityTokensRequest(origin, { 'X-Auth-Token': signer.token }, identity);
  return signSdkHmacSha256(securityTokensRequest(origin, {}, identity), signer, context);
}

/** The unscoped IAM token of a 201 answer to {@link buildIdTokenRequest}. */
export function parseSubjectToken(response: RawResponse, cloud: IamCloud, source: FederatedOidcSource, secrets: readonly string[]): string {
  const token = response.headers['x-subject-token'];
  if (response.status === 201 && token !== undefined && token !== '') return token;
  throw refusal(response, cloud, `the OIDC token of ${source.tokenFile} for identity provider ${source.idpId}`, federatedHint(source), secrets);
}

/** The temporary keys of a 201 answer from `/v3.0/OS-CREDENTIAL/securitytokens`. */
export function parseSecurityToken(
  response: RawResponse,
  cloud: IamCloud,
  what: string,
  hint: string,
  secrets: readonly string[],
): TemporaryCredentials {
  if (response.status !== 201 && response.status !== 200) throw refusal(response, cloud, what, hint, secrets);
  const credentials = parseCredentialBody(response.body);
  if (credentials === undefined) {
    throw new CredentialError(`${TITLE[cloud]} answered ${what} without a credential (access, secret, securitytoken, expires_at)`, 3, {
      code: 'credentials.malformed_answer',
      hint,
    });
  }
  return credentials;
}

/**
 * `{"credential": {"access", "secret", "securitytoken", "expires_at"}}`, the shape of the IAM security-token API
 * and of the ECS metadata security key; undefined when the body is not that.
 */
export function parseCredentialBody(body: Uint8Array): TemporaryCredentials | undefined {
  const credential = jsonBodyObject(body)?.['credential'];
  if (!isRecord(credential)) return undefined;
  const { access, secret, securitytoken: securityToken, expires_at: expiresAt } = credential;
  if (typeof access !== 'string' || typeof secret !== 'string' || access === '' || secret === '') return undefined;
  if (typeof securityToken !== 'string' || securityToken === '') return undefined;
  const expires = typeof expiresAt === 'string' ? parseIamTime(expiresAt) : undefined;
  if (expires === undefined) return undefined;
  return { kind: 'keys', accessKeyId: access, accessKeySecret: secret, securityToken, expiresAt: expires };
}

/** IAM's `2020-01-08T02:56:19.587000Z` (microseconds) as a Date; undefined when it is not a time. */
export function parseIamTime(text: string): Date | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(text.trim());
  if (match === null) return undefined;
  const millis = (match[2] ?? '').padEnd(3, '0').slice(0, 3);
  const date = new Date(`${match[1]}.${millis}${match[3]}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Why a duration is refused, or undefined when it is in the documented range. */
export function durationProblem(seconds: number | undefined): string | undefined {
  if (seconds === undefined) return undefined;
  if (!Number.isInteger(seconds) || seconds < DURATION_RANGE.min || seconds > DURATION_RANGE.max) {
    return `duration ${seconds} s is outside ${DURATION_RANGE.min}–${DURATION_RANGE.max} s`;
  }
  return undefined;
}

/** The hint of a refused federated exchange: the identity provider and its trust configuration. */
export function federatedHint(source: FederatedOidcSource): string {
  return `check identity provider ${source.idpId} in ${TITLE[source.cloud]}: its OIDC issuer and client id must match the token, and its identity conversion rules (the trust policy of the federation) must map the token's subject to a user group with permissions`;
}

/** The hint of a refused agency assumption: the agency and its trust policy. */
export function agencyHint(source: AgencySource): string {
  const account = source.domainId ?? source.domainName ?? '?';
  return `check agency ${source.agencyName} of account ${account}: its trust policy must delegate to the account of the signing keys, and their IAM user needs permission to assume it (iam:agencies:assume)`;
}

/** A refused exchange as a CredentialError (exit 3) quoting IAM's code and message, secrets masked. */
export function refusal(response: RawResponse, cloud: IamCloud, what: string, hint: string, secrets: readonly string[]): CredentialError {
  const { code, message } = iamError(response);
  const detail = quoteServerText(`${code === undefined ? '' : `${code}: `}${message}`, secrets);
  return new CredentialError(`${TITLE[cloud]} refused ${what} (HTTP ${response.status}${detail === '' ? '' : `, ${detail}`})`, 3, {
    code: 'credentials.refused',
    hint,
  });
}

/** The code and message of an IAM answer: keystone's `{"error": {code, message}}` or the gateway's `{error_code, error_msg}`. */
export function iamError(response: RawResponse): { code: string | undefined; message: string } {
  const parsed = jsonBodyObject(response.body);
  const nested = isRecord(parsed?.['error']) ? parsed['error'] : undefined;
  const code = parsed?.['error_code'] ?? nested?.['code'];
  const message = parsed?.['error_msg'] ?? nested?.['message'];
  return {
    code: typeof code === 'string' || typeof code === 'number' ? String(code) : undefined,
    message: typeof message === 'string' ? message : '',
  };
}


function securityTokensRequest(origin: string, headers: Record<string, string>, identity: Record<string, unknown>): HttpRequest {
  return {
    method: 'POST',
    url: `${origin}/v3.0/OS-CREDENTIAL/securitytokens`,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: new TextEncoder().encode(JSON.stringify({ auth: { identity } })),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
