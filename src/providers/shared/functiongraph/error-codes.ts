/** Hints for FunctionGraph and API Gateway error codes (providers.md §5.3, §5.4). Matched exactly. */
import type { FunctionGraphCloud } from './cloud.js';

const HINTS: Readonly<Record<string, string>> = {
  'APIGW.0308': 'throttled by API Gateway; wait and retry',
  'FSS.0400': 'the request was refused as invalid; check the URN, the qualifier and that the event is a JSON object',
  'FSS.0401': 'not authenticated; check the credentials and --project-id',
  'FSS.0403': 'these credentials may not invoke this function; check the IAM policy (functiongraph:function:invoke) and --project-id',
  'FSS.0404': 'no such function in this project and region; check the name, the package, --region and --project-id',
  'FSS.1051': 'no such function in this project and region; check the name, the package, --region and --project-id',
  'FSS.1053': "no such alias; check --qualifier (aliases are written '!name' or alias:name)",
  'FSS.0406': 'the request body was refused; the event must be a JSON object',
  'FSS.0408': 'the function timed out; raise its timeout, or invoke it with --async (sync runs are capped at 900 s)',
  'FSS.0413': 'the event is too large: FunctionGraph takes at most 6 MB (256 KB for --async)',
  'FSS.0429': 'too many requests or concurrent executions (or the function is disabled); wait and retry, or raise the quota',
  'FSS.0500': 'FunctionGraph had an internal error; retry later',
  'FSS.0502': 'FunctionGraph could not reach the function; retry later',
  'FSS.0503': 'FunctionGraph is unavailable or the function is not ready; retry later',
  'FSS.0504': 'the invocation timed out inside FunctionGraph; it may have run, check its logs before retrying',
};

/** The hint for a FunctionGraph / API Gateway error code, if one is known; the gateway's name the cloud's variables. */
export function functionGraphHintFor(cloud: FunctionGraphCloud, code: string): string | undefined {
  const { ak, sk, securityToken } = cloud.variables;
  if (code === 'APIGW.0301') {
    const temporary = securityToken === undefined ? '' : ` (and ${securityToken} for temporary keys)`;
    return `IAM authentication failed: check ${ak} / ${sk}${temporary}, that they are ${cloud.title} keys, that the clock is within 15 minutes, or refresh the IAM token (tokens last 24 h)`;
  }
  if (code === 'APIGW.0101') return `the API was not found at this endpoint; check --region / --endpoint (${cloud.endpointPattern})`;
  return Object.hasOwn(HINTS, code) ? HINTS[code] : undefined;
}

/**
 * Refusals of the credentials: APIG's "incorrect IAM authentication information" (an unknown, expired or revoked
 * AK/SK or token; HTTP 401, which counts anyway). APIGW.0308 is throttling, not this.
 */
export function isFunctionGraphCredentialRefusal(code: string): boolean {
  return code === 'APIGW.0301';
}

/** Throttling codes: safe to retry, as the call was refused before it reached the function. */
export function isFunctionGraphThrottle(code: string): boolean {
  return code === 'FSS.0429' || code === 'APIGW.0308';
}
