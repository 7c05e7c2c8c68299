/** The `huawei` provider: FunctionGraph v2 invoke, SDK-HMAC-SHA256 or X-Auth-Token (providers.md §5). */
import type { Provider } from '../types.js';
import { huaweiHintFor } from './error-codes.js';
import { HUAWEI_LIMITS } from './limits.js';
import { buildHuaweiRequest, huaweiDefaultEndpoint, validateHuaweiInput } from './request.js';
import { parseHuaweiResponse } from './response.js';
import { signHuaweiRequest } from './signer.js';

/** FunctionGraph, as fcinvoke's provider contract. */
export const huaweiProvider: Provider = {
  id: 'huawei',
  limits: HUAWEI_LIMITS,
  defaultEndpoint: huaweiDefaultEndpoint,
  validateInput: validateHuaweiInput,
  buildRequest: buildHuaweiRequest,
  sign: signHuaweiRequest,
  parseResponse: parseHuaweiResponse,
  hintFor: huaweiHintFor,
  // Asked only after a failed attempt; a dynamic import keeps the table off the start-up path wherever hints live.
  isThrottled: async (code) => (await import('./error-codes.js')).isHuaweiThrottle(code),
};
