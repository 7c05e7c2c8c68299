/** The `aliyun-fc2` provider: Alibaba Function Compute 2.0, API 2016-08-15, `FC` HMAC-SHA256 signature (providers.md §4). */
import type { Provider } from '../types.js';
import { fc2HintFor } from './error-codes.js';
import { FC2_LIMITS } from './limits.js';
import { buildFc2Request, fc2DefaultEndpoint, validateFc2Input } from './request.js';
import { parseFc2Response } from './response.js';
import { signFc2HmacSha256 } from './signer.js';

/** FC 2.0 as one {@link Provider}: pure build, sign and parse. */
export const aliyunFc2Provider: Provider = {
  id: 'aliyun-fc2',
  limits: FC2_LIMITS,
  defaultEndpoint: fc2DefaultEndpoint,
  validateInput: validateFc2Input,
  buildRequest: buildFc2Request,
  sign: signFc2HmacSha256,
  parseResponse: parseFc2Response,
  hintFor: fc2HintFor,
  // Asked only after a failed attempt; a dynamic import keeps the table off the start-up path wherever hints live.
  isThrottled: async (code) => (await import('./error-codes.js')).isFc2Throttle(code),
  refusesCredentials: async (code) => (await import('./error-codes.js')).isFc2CredentialRefusal(code),
};
