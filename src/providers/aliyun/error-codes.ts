/** Hints for FC 3.0 API error codes (providers.md §3.4). Matched exactly, then by the code's prefix. */

const HINTS: ReadonlyArray<readonly [string, string]> = [
  [
    'SignatureNotMatch',
    'the AccessKey secret does not match the AccessKey ID; check ALIBABA_CLOUD_ACCESS_KEY_SECRET (a proxy that rewrites the request also breaks signatures)',
  ],
  ['InvalidAccessKeyID', 'this AccessKey ID does not exist or is disabled; check ALIBABA_CLOUD_ACCESS_KEY_ID'],
  ['InvalidSecurityToken', 'the STS token is missing, invalid or expired; refresh ALIBABA_CLOUD_SECURITY_TOKEN'],
  ['RequestTimeTooSkewed', 'the system clock is more than 15 minutes off; sync it (e.g. with NTP) and retry'],
  ['SignatureNonceUsed', 'this signed request was already sent once; sign it again to retry'],
  ['AccessDenied', 'these credentials may not call fc:InvokeFunction on this function; check the RAM policy'],
  [
    'FunctionNotFound',
    'no such function for this account in this region; check the name, --region and --account-id',
  ],
  ['AliasNotFound', 'no such alias; check --qualifier'],
  ['VersionNotFound', 'no such version; check --qualifier'],
  ['EntityTooLarge', 'the event is too large: FC takes at most 32 MB (128 KB for --async)'],
  ['MissingRequiredHeader', 'a required header was not sent; if a proxy sits in between, check that it keeps x-acs-* headers'],
  ['ResourceExhausted', 'throttled: the concurrency limit was reached; retry later or raise the quota in Quota Center'],
  ['ResourceThrottled', 'throttled: too many instances in use; retry later or raise the quota'],
  ['Throttling', 'throttled: too many requests; wait and retry'],
  ['CAExited', 'the function failed to start (custom runtime or container); check its startup logs'],
  ['CAFileNotFound', 'the custom runtime start file is missing; check the function code package'],
  ['InternalServerError', 'an FC internal error; the call may be retried'],
];

/** The hint for an FC error code, if one is known. */
export function aliyunHintFor(code: string): string | undefined {
  for (const [known, hint] of HINTS) {
    if (code === known || code.startsWith(`${known}.`)) return hint;
  }
  return undefined;
}

/** Refusals of the credentials: an unknown key id, a bad or expired security token, a signature that does not match. */
export function isAliyunCredentialRefusal(code: string): boolean {
  return ['InvalidAccessKeyID', 'InvalidAccessKeyId', 'InvalidSecurityToken', 'SecurityTokenExpired', 'SignatureNotMatch', 'SignatureDoesNotMatch'].includes(code);
}

/** Throttling codes: the call was refused before the function ran, so a retry is safe (SDK: any code with `Throttling`). */
export function isAliyunThrottle(code: string): boolean {
  return code === 'ResourceExhausted' || code === 'ResourceThrottled' || code.includes('Throttling');
}
