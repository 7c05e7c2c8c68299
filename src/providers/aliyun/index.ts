/** The `aliyun` provider: Alibaba Function Compute 3.0 `InvokeFunction`, ACS3-HMAC-SHA256 (providers.md §3). */
import type { Provider } from '../types.js';
import { aliyunHintFor } from './error-codes.js';
import { ALIYUN_LIMITS } from './limits.js';
import { aliyunDefaultEndpoint, buildAliyunRequest, validateAliyunInput } from './request.js';
import { parseAliyunResponse } from './response.js';
import { signAcs3HmacSha256 } from './signer.js';

/** The FC 3.0 provider, as the registry loads it. */
export const aliyunProvider: Provider = {
  id: 'aliyun',
  limits: ALIYUN_LIMITS,
  defaultEndpoint: aliyunDefaultEndpoint,
  validateInput: validateAliyunInput,
  buildRequest: buildAliyunRequest,
  sign: signAcs3HmacSha256,
  parseResponse: parseAliyunResponse,
  hintFor: aliyunHintFor,
  // Asked only after a failed attempt; a dynamic import keeps the table off the start-up path wherever hints live.
  isThrottled: async (code) => (await import('./error-codes.js')).isAliyunThrottle(code),
  refusesCredentials: async (code) => (await import('./error-codes.js')).isAliyunCredentialRefusal(code),
};
