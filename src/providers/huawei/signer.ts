/** SDK-HMAC-SHA256 or X-Auth-Token (`../shared/functiongraph/signer.ts`, providers.md §5.3) for Huawei Cloud. */
import { signFunctionGraphRequest } from '../shared/functiongraph/signer.js';
import type { Credentials, HttpRequest, SigningContext } from '../types.js';
import { HUAWEI_FUNCTIONGRAPH } from './constants.js';

export {
  attachIamToken,
  sdkDate,
  sdkHmacSha256Authorization,
  sdkHmacSha256CanonicalHeaders,
  sdkHmacSha256CanonicalQuery,
  sdkHmacSha256CanonicalRequest,
  sdkHmacSha256CanonicalUri,
  sdkHmacSha256StringToSign,
  signSdkHmacSha256,
} from '../shared/functiongraph/signer.js';

/** The provider's `sign`: SDK-HMAC-SHA256 for keys, `X-Auth-Token` for an IAM token. */
export function signHuaweiRequest(request: HttpRequest, credentials: Credentials, context: SigningContext): HttpRequest {
  return signFunctionGraphRequest(HUAWEI_FUNCTIONGRAPH, request, credentials, context);
}
