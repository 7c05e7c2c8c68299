/** The `tencent` provider: SCF API 3.0 (providers.md §1). */
import type { Provider } from '../types.js';
import { tencentHintFor } from './error-codes.js';
import { TENCENT_LIMITS } from './limits.js';
import { buildTencentRequest, tencentDefaultEndpoint, validateTencentInput } from './request.js';
import { parseTencentResponse } from './response.js';
import { signTc3HmacSha256 } from './signer.js';

export const tencentProvider: Provider = {
  id: 'tencent',
  limits: TENCENT_LIMITS,
  defaultEndpoint: tencentDefaultEndpoint,
  validateInput: validateTencentInput,
  buildRequest: buildTencentRequest,
  sign: signTc3HmacSha256,
  parseResponse: parseTencentResponse,
  hintFor: tencentHintFor,
  // Asked only after a failed attempt; a dynamic import keeps the table off the start-up path wherever hints live.
  isThrottled: async (code) => (await import('./error-codes.js')).isTencentThrottle(code),
  refusesCredentials: async (code) => (await import('./error-codes.js')).isTencentCredentialRefusal(code),
};
