/** The `tencent-v2` provider: the legacy SCF API v2 on scf.api.qcloud.com (providers.md §2). */
import type { Provider } from '../types.js';
import { tencentV2HintFor } from './error-codes.js';
import { TENCENT_V2_LIMITS } from './limits.js';
import { buildTencentV2Request, tencentV2DefaultEndpoint, validateTencentV2Input } from './request.js';
import { parseTencentV2Response } from './response.js';
import { signQcloudV2 } from './signer.js';

/** The legacy SCF provider, registered as `tencent-v2` (alias `scf-v2`). */
export const tencentV2Provider: Provider = {
  id: 'tencent-v2',
  limits: TENCENT_V2_LIMITS,
  defaultEndpoint: tencentV2DefaultEndpoint,
  validateInput: validateTencentV2Input,
  buildRequest: buildTencentV2Request,
  sign: signQcloudV2,
  parseResponse: parseTencentV2Response,
  hintFor: tencentV2HintFor,
  // Asked only after a failed attempt; a dynamic import keeps the table off the start-up path wherever hints live.
  isThrottled: async (code) => (await import('./error-codes.js')).isTencentV2Throttle(code),
  refusesCredentials: async (code) => (await import('./error-codes.js')).isTencentV2CredentialRefusal(code),
};
