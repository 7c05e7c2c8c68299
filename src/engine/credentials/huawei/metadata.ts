/**
 * The ECS metadata security key (Huawei Cloud and Open Telekom Cloud ECS with a cloud service agency), pure, as
 * the Go SDK's `MetadataAccessor` reads it: `PUT /meta-data/latest/api/token` (`X-Metadata-Token-Ttl-Seconds`)
 * for a session token, where the service has one (404/405: it does not, go without), then
 * `GET /openstack/latest/securitykey` with `X-Metadata-Token` → `{"credential": {access, secret, securitytoken,
 * expires_at}}`. The Node SDK 3.1.211 has no metadata provider.
 */
import { CredentialError } from '../../../core/errors.js';
import type { HttpRequest, RawResponse } from '../../../core/http.js';
import type { TemporaryCredentials } from '../types.js';
import { quoteServerText } from '../../../core/redact.js';
import { iamError, parseCredentialBody } from './iam.js';

/** The metadata service of an ECS. */
export const METADATA_ORIGIN = 'http://169.254.169.254';
export const METADATA_TOKEN_PATH = '/meta-data/latest/api/token';
export const SECURITY_KEY_PATH = '/openstack/latest/securitykey';
/** The session token's lifetime asked for (the SDK's: 6 hours). */
export const METADATA_TOKEN_TTL_SECONDS = 6 * 60 * 60;
/** What the metadata service says when the ECS has no agency (the SDK's `ConfigAgencyError`). */
export const NO_AGENCY_MESSAGE = 'Please configure Cloud Service Agency first';

const HINT =
  'attach a cloud service agency to this ECS (console: ECS → Management Information → Agency) and grant it FunctionGraph permissions, or run fcinvoke where FCINVOKE_METADATA_ENDPOINT points at a metadata service';

/** The metadata origin: FCINVOKE_METADATA_ENDPOINT, else 169.254.169.254. */
export function metadataOrigin(metadataEndpoint: string | undefined): string {
  const override = metadataEndpoint?.trim();
  return override === undefined || override === '' ? METADATA_ORIGIN : override.replace(/\/+$/, '');
}

/** The session-token request (hardened metadata). */
export function buildMetadataTokenRequest(origin: string): HttpRequest {
  return {
    method: 'PUT',
    url: `${origin}${METADATA_TOKEN_PATH}`,
    headers: { 'X-Metadata-Token-Ttl-Seconds': String(METADATA_TOKEN_TTL_SECONDS) },
    body: new Uint8Array(),
  };
}

/** The session token of an answer, null when the service has none (404, 405), else a refusal. */
export function parseMetadataToken(response: RawResponse): string | null {
  if (response.status === 200) return new TextDecoder().decode(response.body).trim();
  if (response.status === 404 || response.status === 405) return null;
  throw metadataRefusal(response, 'a metadata session token', []);
}

/** The security-key request, with the session token when there is one. */
export function buildSecurityKeyRequest(origin: string, token: string | null): HttpRequest {
  return {
    method: 'GET',
    url: `${origin}${SECURITY_KEY_PATH}`,
    headers: token === null ? {} : { 'X-Metadata-Token': token },
    body: new Uint8Array(),
  };
}

/** The temporary keys of a security-key answer. */
export function parseSecurityKey(response: RawResponse, token: string | null): TemporaryCredentials {
  if (response.status !== 200) throw metadataRefusal(response, 'the security key', token === null ? [] : [token]);
  const credentials = parseCredentialBody(response.body);
  if (credentials === undefined) {
    throw new CredentialError('the ECS metadata service answered the security key without a credential', 3, {
      code: 'credentials.malformed_answer',
      hint: HINT,
    });
  }
  return credentials;
}

function metadataRefusal(response: RawResponse, what: string, secrets: readonly string[]): CredentialError {
  const text = new TextDecoder().decode(response.body);
  const noAgency = text.includes(NO_AGENCY_MESSAGE);
  const { message } = iamError(response);
  const detail = noAgency ? 'this ECS has no agency' : quoteServerText(message === '' ? text : message, secrets, 200);
  return new CredentialError(
    `the ECS metadata service refused ${what} (HTTP ${response.status}${detail === '' ? '' : `, ${detail}`})`,
    3,
    { code: 'credentials.refused', hint: HINT },
  );
}
