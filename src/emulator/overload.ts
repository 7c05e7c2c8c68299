/**
 * The answer to a request refused for the in-flight byte cap (see in-flight.ts): HTTP 429 with the provider's own
 * throttling error, so any client, fcinvoke's included, reads it as "refused before the function ran" and may
 * retry. Even the two Tencent APIs, which answer every API error with HTTP 200, get 429 here: a front end
 * shedding load answers before the API layer, and the status alone already says "not run".
 */
import { randomUUID } from 'node:crypto';
import type { ProviderId } from '../providers/registry.js';
import { fc2Error } from './aliyun-fc2/wire.js';
import { fcError, fcRequestId } from './aliyun/wire.js';
import { huaweiError } from './huawei/wire.js';
import { qcloudV2ErrorResponse } from './tencent-v2/wire.js';
import { tencentError } from './tencent/wire.js';
import type { EmulatorResponse } from './types.js';

/** Marks an overload refusal, to tell it from the API's own throttling when debugging. */
export const OVERLOAD_HEADER = 'X-Fcinvoke-Overload';

/** The throttling answer of `provider` for a request over the cap of `maxBytes`. */
export function overloadAnswer(provider: ProviderId, maxBytes: number): EmulatorResponse {
  const message = `too many request bytes in flight (over ${maxBytes} bytes); retry later`;
  const answer = throttled(provider, message);
  return { ...answer, status: 429, headers: { ...answer.headers, [OVERLOAD_HEADER]: `max-bytes-in-flight=${maxBytes}` } };
}

function throttled(provider: ProviderId, message: string): EmulatorResponse {
  switch (provider) {
    case 'tencent':
      return tencentError('RequestLimitExceeded', message, randomUUID());
    case 'tencent-v2':
      // 4400 is the legacy table's "quota exceeded" (providers.md §2.4), fcinvoke's v2 throttling code.
      return qcloudV2ErrorResponse({ code: 4400, codeDesc: 'RequestLimitExceeded', message });
    case 'aliyun':
      return fcError(429, 'ResourceExhausted', message, fcRequestId(new Date()));
    case 'aliyun-fc2':
      return fc2Error(429, 'ResourceExhausted', message, randomUUID());
    case 'huawei':
      return huaweiError(429, 'FSS.0429', message, randomUUID());
    default: {
      const unreachable: never = provider;
      return unreachable;
    }
  }
}
