/** A FunctionGraph `Provider` for one cloud: the shared request, signing and parsing bound to its settings. */
import type { Provider } from '../../types.js';
import type { FunctionGraphCloud } from './cloud.js';
import { functionGraphHintFor } from './error-codes.js';
import { FUNCTIONGRAPH_LIMITS } from './limits.js';
import { buildFunctionGraphRequest, functionGraphDefaultEndpoint, validateFunctionGraphInput } from './request.js';
import { parseFunctionGraphResponse } from './response.js';
import { signFunctionGraphRequest } from './signer.js';

/** The provider object of `cloud`'s FunctionGraph. */
export function createFunctionGraphProvider(cloud: FunctionGraphCloud): Provider {
  return {
    id: cloud.providerId,
    limits: FUNCTIONGRAPH_LIMITS,
    defaultEndpoint: (input) => functionGraphDefaultEndpoint(cloud, input),
    validateInput: (input) => validateFunctionGraphInput(cloud, input),
    buildRequest: (input) => buildFunctionGraphRequest(cloud, input),
    sign: (request, credentials, context) => signFunctionGraphRequest(cloud, request, credentials, context),
    parseResponse: (response, input) => parseFunctionGraphResponse(cloud, response, input),
    hintFor: (code) => functionGraphHintFor(cloud, code),
    // Asked only after a failed attempt; a dynamic import keeps the table off the start-up path wherever hints live.
    isThrottled: async (code) => (await import('./error-codes.js')).isFunctionGraphThrottle(code),
    refusesCredentials: async (code) => (await import('./error-codes.js')).isFunctionGraphCredentialRefusal(code),
  };
}
