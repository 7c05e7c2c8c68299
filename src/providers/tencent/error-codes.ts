/**
 * Hints for Tencent API error codes (providers.md §1.4; every code of seed 000's error table has one). Matched
 * exactly first, then by the longest dotted prefix (`InvalidParameterValue.X` takes `InvalidParameterValue`'s).
 */

const HINTS: ReadonlyMap<string, string> = new Map([
  // Common error codes (API 3.0 "Common Error Codes").
  ['AuthFailure.SignatureExpire', 'the system clock is more than 5 minutes off; sync it (e.g. with NTP) and retry'],
  [
    'AuthFailure.SignatureFailure',
    'the SecretKey does not match the SecretId; check TENCENTCLOUD_SECRET_KEY (a proxy that rewrites the body also breaks signatures)',
  ],
  ['AuthFailure.SecretIdNotFound', 'this SecretId does not exist or was deleted; check TENCENTCLOUD_SECRET_ID'],
  ['AuthFailure.InvalidSecretId', 'this SecretId is malformed or disabled; check TENCENTCLOUD_SECRET_ID'],
  ['AuthFailure.TokenFailure', 'the session token is invalid or expired; refresh the temporary credentials'],
  ['AuthFailure.UnauthorizedOperation', 'these credentials may not call scf:InvokeFunction; check the CAM policy'],
  ['ResourceNotFound.Namespace', 'no such namespace in this region; check --namespace'],
  ['UnsupportedRegion', 'SCF is not offered in this region; check --region (e.g. ap-guangzhou)'],
  ['RequestSizeLimitExceeded', 'the request is too large: SCF takes at most 6 MB events (128 KB for --async)'],
  ['RequestLimitExceeded', 'throttled: too many requests; wait and retry, or ask Tencent for a higher limit'],
  ['LimitExceeded', 'a quota or concurrency limit was reached; retry later or raise the limit in the console'],
  // Seed 000's error table for InvokeFunction, all 16 codes.
  ['FailedOperation.FunctionStatusError', 'the function is not runnable (deploying or failed); check it in the console'],
  [
    'FailedOperation.InvokeFunction',
    'SCF could not complete the invocation; the message says why, and the function logs (console or tccli) show whether it ran',
  ],
  [
    'InternalError',
    'SCF failed internally after receiving the call, so the function may have run; check its logs before invoking again',
  ],
  [
    'InvalidParameter.FunctionName',
    "the function name breaks SCF's rules: 2-60 letters, digits, '_' or '-', starting with a letter",
  ],
  ['InvalidParameter.RequestTooLarge', 'the event is too large: SCF takes at most 6 MB (128 KB for --async)'],
  ['InvalidParameterValue', 'a parameter value was refused; check --qualifier, --namespace, --routing-key and the event'],
  ['InvalidParameterValue.ClientContext', 'the event was refused: it must be JSON text of at most 6 MB (128 KB for --async)'],
  [
    'InvalidParameterValue.FunctionType',
    "this function's type cannot be invoked through the API (e.g. a web function); call it through its HTTP trigger",
  ],
  ['InvalidParameterValue.Param', 'the event must be a JSON object or value'],
  [
    'LimitExceeded.Quota',
    "the account's quota is used up; retrying will not help: raise it in the SCF console or ask Tencent",
  ],
  [
    'ResourceNotFound.Function',
    'no such function in this region and namespace; check the name, --region and --namespace',
  ],
  ['ResourceNotFound.FunctionName', 'no such function in this region and namespace; check --region and --namespace'],
  ['ResourceNotFound.Qualifier', 'no such version or alias; check --qualifier'],
  ['ResourceUnavailable.InsufficientBalance', 'the account is in arrears; top it up in the Tencent Cloud console'],
  ['UnauthorizedOperation.CAM', 'these credentials may not call scf:InvokeFunction on this function; check the CAM policy'],
]);

/** The hint for a Tencent error code, if one is known: the code's own, else that of its longest known prefix. */
export function tencentHintFor(code: string): string | undefined {
  for (let known = code; known !== ''; known = known.slice(0, Math.max(0, known.lastIndexOf('.')))) {
    const hint = HINTS.get(known);
    if (hint !== undefined) return hint;
  }
  return undefined;
}

/**
 * Throttling codes: safe to retry, as the call was refused before it reached the function. The request-rate
 * codes of the common table (`RequestLimitExceeded[.*]`) are; a used-up quota is not transient, so no code that
 * names a quota is: `LimitExceeded.Quota`, the only `LimitExceeded.*` code of seed 000's table. Other
 * `LimitExceeded.*` codes are not documented for InvokeFunction; they are taken as a concurrency limit, which
 * passes, and retried.
 */
/**
 * Refusals of the credentials: every `AuthFailure.*` but `UnauthorizedOperation`, which is CAM's permission check
 * (fresh keys of the same role get the same answer).
 */
export function isTencentCredentialRefusal(code: string): boolean {
  return code.startsWith('AuthFailure') && code !== 'AuthFailure.UnauthorizedOperation';
}

export function isTencentThrottle(code: string): boolean {
  if (code === 'RequestLimitExceeded' || code.startsWith('RequestLimitExceeded.')) return true;
  return (code === 'LimitExceeded' || code.startsWith('LimitExceeded.')) && !/quota/i.test(code);
}

/**
 * `InternalError` and `InternalError.*`: the API failed after the call reached it, which does not say the function
 * did not run (a sync InvokeFunction waits for the run; an async Invoke may have queued the event already).
 */
export function isTencentInternalError(code: string): boolean {
  return code === 'InternalError' || code.startsWith('InternalError.');
}
