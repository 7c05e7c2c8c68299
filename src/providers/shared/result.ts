/** Building blocks every response parser uses to produce the normalized result. */
import { NO_METRICS, type Invocation, type InvocationDetails, type InvocationResult } from '../../core/result.js';
import type { InvokeInput, RawResponse } from '../types.js';
import { utf8 } from './json.js';

/** The details a parser returns: core's {@link InvocationDetails}, under the name the parsers use. */
export type ProviderDetails = InvocationDetails;

/** The fields that come from the request, not the response. */
export function baseResult(input: InvokeInput): InvocationResult {
  return {
    provider: input.provider,
    function: input.functionName,
    qualifier: input.qualifier ?? null,
    invocationType: input.invocationType,
    status: 'ok',
    requestId: null,
    functionRequestId: null,
    result: null,
    logs: null,
    metrics: { ...NO_METRICS },
    error: null,
  };
}

/** The most characters of an unexpected body quoted in an error message. */
const BODY_EXCERPT_CHARS = 200;

/**
 * A response the parser could not read. A 4xx means the front end refused the request, so the function did not
 * run (`api_error`); anything else may have run it (`outcome_unknown`).
 */
export function unreadableResponse(
  input: InvokeInput,
  response: RawResponse,
  reason: string,
  requestId: string | null = null,
): Invocation {
  const excerpt = utf8(response.body.subarray(0, BODY_EXCERPT_CHARS * 4)).slice(0, BODY_EXCERPT_CHARS).trim();
  const refused = response.status >= 400 && response.status < 500;
  const details: InvocationDetails = { httpStatus: response.status };
  return {
    result: {
      ...baseResult(input),
      status: refused ? 'api_error' : 'outcome_unknown',
      requestId,
      error: {
        code: refused ? `HTTP${response.status}` : 'UnreadableResponse',
        message: `${reason} (HTTP ${response.status}${excerpt ? `: ${JSON.stringify(excerpt)}` : ', empty body'})`,
      },
    },
    payload: null,
    details,
  };
}
