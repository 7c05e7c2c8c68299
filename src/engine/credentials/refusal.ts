/**
 * Whether an invocation was refused for its credentials: the one test behind "drop cached temporary credentials the
 * cloud refuses and exchange afresh once". Its own module, with no imports, so a batch can ask without loading the
 * orchestrator and its cache.
 */
import type { Invocation } from '../../core/result.js';

/**
 * Error codes by which the clouds' invoke APIs refuse the credentials themselves (unknown, expired or revoked key
 * or token, bad signature; the legacy SCF API's 4100, 4104, 4105): a request refused this way did not run the
 * function.
 */
const CREDENTIAL_REFUSAL = /^(AuthFailure|InvalidAccessKeyId|InvalidSecurityToken|SecurityTokenExpired|SignatureDoesNotMatch|InvalidSignature|APIGW\.030[0-9]|APIG\.030[0-9]|IAM\.|Unauthorized|(4100|4104|4105)$)/i;

/** Whether the invocation was refused for its credentials (HTTP 401, or an auth error code). */
export function isCredentialRefusal(invocation: Invocation): boolean {
  if (invocation.result.status !== 'api_error') return false;
  const code = invocation.result.error?.code ?? '';
  return invocation.details.httpStatus === 401 || CREDENTIAL_REFUSAL.test(code);
}
