/**
 * OTC's API Gateway signs as Huawei's does: SDK-HMAC-SHA256 with an AK/SK, or an IAM token in `X-Auth-Token`
 * (seed 003, "X-Auth-Token … the user token"; providers.md §9.1). The steps are `../shared/functiongraph/signer.ts`.
 */
import { signFunctionGraphRequest } from '../shared/functiongraph/signer.js';
import type { Credentials, HttpRequest, SigningContext } from '../types.js';
import { OTC_FUNCTIONGRAPH } from './constants.js';

/** The provider's `sign`: SDK-HMAC-SHA256 for keys, `X-Auth-Token` for an IAM token. */
export function signOtcRequest(request: HttpRequest, credentials: Credentials, context: SigningContext): HttpRequest {
  return signFunctionGraphRequest(OTC_FUNCTIONGRAPH, request, credentials, context);
}
