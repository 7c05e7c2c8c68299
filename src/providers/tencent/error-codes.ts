/** Hints for Tencent API error codes (providers.md §1.4). Matched exactly, then by the code's prefix. */

const HINTS: ReadonlyArray<readonly [string, string]> = [
  ['AuthFailure.SignatureExpire', 'the system clock is more than 5 minutes off; sync it (e.g. with NTP) and retry'],
  [
    'AuthFailure.SignatureFailure',
    'the SecretKey does not match the SecretId; check TENCENTCLOUD_SECRET_KEY (a proxy that rewrites the body also breaks signatures)',
  ],
  ['AuthFailure.SecretIdNotFound', 'this SecretId does not exist or was deleted; check TENCENTCLOUD_SECRET_ID'],
  ['AuthFailure.InvalidSecretId', 'this SecretId is malformed or disabled; check TENCENTCLOUD_SECRET_ID'],
  ['AuthFailure.TokenFailure', 'the session token is invalid or expired; refresh the temporary credentials'],
  ['AuthFailure.UnauthorizedOperation', 'these credentials may not call scf:InvokeFunction; check the CAM policy'],
  ['UnauthorizedOperation.CAM', 'these credentials may not call scf:InvokeFunction on this function; check the CAM policy'],
  [
    'ResourceNotFound.Function',
    'no such function in this region and namespace; check the name, --region and --namespace',
  ],
  ['ResourceNotFound.FunctionName', 'no such function in this region and namespace; check --region and --namespace'],
  ['ResourceNotFound.Qualifier', 'no such version or alias; check --qualifier'],
  ['ResourceNotFound.Namespace', 'no such namespace in this region; check --namespace'],
  ['UnsupportedRegion', 'SCF is not offered in this region; check --region (e.g. ap-guangzhou)'],
  ['InvalidParameter.RequestTooLarge', 'the event is too large: SCF takes at most 6 MB (128 KB for --async)'],
  ['RequestSizeLimitExceeded', 'the request is too large: SCF takes at most 6 MB events (128 KB for --async)'],
  ['InvalidParameterValue.Param', 'the event must be a JSON object or value'],
  ['RequestLimitExceeded', 'throttled: too many requests; wait and retry, or ask Tencent for a higher limit'],
  ['LimitExceeded', 'a quota or concurrency limit was reached; retry later or raise the limit in the console'],
  ['ResourceUnavailable.InsufficientBalance', 'the account is in arrears; top it up in the Tencent Cloud console'],
  ['FailedOperation.FunctionStatusError', 'the function is not runnable (deploying or failed); check it in the console'],
];

/** The hint for a Tencent error code, if one is known. */
export function tencentHintFor(code: string): string | undefined {
  for (const [known, hint] of HINTS) {
    if (code === known || code.startsWith(`${known}.`)) return hint;
  }
  return undefined;
}

/** Throttling codes: safe to retry, as the call was refused before it reached the function. */
export function isTencentThrottle(code: string): boolean {
  return code === 'RequestLimitExceeded' || code.startsWith('RequestLimitExceeded.') || code.startsWith('LimitExceeded');
}
