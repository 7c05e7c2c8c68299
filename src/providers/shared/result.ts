/** Building blocks every response parser uses to produce the normalized result. */
import { NO_METRICS, type Invocation, type InvocationDetails, type InvocationResult } from '../../core/result.js';
import type { InvokeInput, RawResponse } from '../types.js';
import { utf8 } from './json.js';

/**
 * Facts a provider reads from the wire beyond core's {@link InvocationDetails}. Every field is optional, so a
 * ProviderDetails is an InvocationDetails: parsers return it as `details`, and the fields reach the renderers once
 * core's InvocationDetails (core/result.ts) declares them.
 */
export interface ProviderDetails extends InvocationDetails {
  /** The version that ran, as the provider reports it (FC `X-Fc-Invocation-Service-Version`). */
  executedVersion?: string | undefined;
  /** The CRC-64 of the function's code package (FC `X-Fc-Code-Checksum`). */
  codeChecksum?: string | undefined;
  /**
   * The API's own error code when the outcome is reported under another one: Tencent's
   * `FailedOperation.InvokeFunction` carrying the function's error is a function error with the function's code.
   */
  apiErrorCode?: string | undefined;
  /** FunctionGraph `X-CFF-Billing-Duration` verbatim, when it is not a plain number (its format is undocumented). */
  billingInfo?: string | undefined;
  /** FunctionGraph v1 body `status`: the function's execution status (200 when it succeeded). */
  functionStatus?: number | undefined;
  /** FunctionGraph "billing memory" of the log's Finish line, in MB. */
  billedMemoryMb?: number | undefined;
}

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
