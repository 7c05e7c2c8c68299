/**
 * The answer to a request refused for the in-flight byte cap (see in-flight.ts): HTTP 429 with the provider's own
 * throttling error, so any client, fcinvoke's included, reads it as "refused before the function ran" and may
 * retry. Even the two Tencent APIs, which answer every API error with HTTP 200, get 429 here: a front end
 * shedding load answers before the API layer, and the status alone already says "not run".
 */
import type { EmulatorResponse } from '../providers/emulator-api.js';
import type { ProviderId } from '../providers/registry.js';
import { emulatedApi } from './routes.js';

/** Marks an overload refusal, to tell it from the API's own throttling when debugging. */
export const OVERLOAD_HEADER = 'X-Fcinvoke-Overload';

/** The throttling answer of `provider` for a request over the cap of `maxBytes`. */
export function overloadAnswer(provider: ProviderId, maxBytes: number): EmulatorResponse {
  const message = `too many request bytes in flight (over ${maxBytes} bytes); retry later`;
  const answer = emulatedApi(provider).throttledAnswer(message);
  return { ...answer, status: 429, headers: { ...answer.headers, [OVERLOAD_HEADER]: `max-bytes-in-flight=${maxBytes}` } };
}
