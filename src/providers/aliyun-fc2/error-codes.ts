/** Hints for FC 2.0 API error codes (providers.md §4.4, §3.4; FC error-code table). Matched exactly. */

const HINTS: ReadonlyMap<string, string> = new Map([
  [
    'SignatureNotMatch',
    'the AccessKey secret does not match the AccessKey id; check ALIBABA_CLOUD_ACCESS_KEY_SECRET (a proxy that rewrites the request also breaks signatures)',
  ],
  ['InvalidSignature', 'the signature could not be checked; check ALIBABA_CLOUD_ACCESS_KEY_SECRET'],
  ['InvalidAccessKeyID', 'this AccessKey id does not exist or is disabled; check ALIBABA_CLOUD_ACCESS_KEY_ID'],
  ['InvalidAccessKeyId', 'this AccessKey id does not exist or is disabled; check ALIBABA_CLOUD_ACCESS_KEY_ID'],
  [
    'InvalidSecurityToken',
    'the STS security token is missing, invalid or expired; refresh ALIBABA_CLOUD_SECURITY_TOKEN with the temporary keys',
  ],
  ['RequestTimeTooSkewed', 'the system clock is more than 15 minutes off; sync it (e.g. with NTP) and retry'],
  ['AccessDenied', 'these credentials may not call fc:InvokeFunction on this function; check the RAM policy'],
  ['ServiceNotFound', 'no such service under this account and region; check the service name, --account-id and --region'],
  ['FunctionNotFound', 'no such function in this service; check the name, the service, --account-id and --region'],
  ['AliasNotFound', 'no such alias in this service; check --qualifier'],
  ['VersionNotFound', 'no such version of this service; check --qualifier'],
  ['EntityTooLarge', 'the event is too large: FC takes at most 32 MB (128 KB for --async)'],
  ['MissingRequiredHeader', 'the request lacked a header FC requires; with --endpoint, check that nothing strips headers'],
  ['PathNotSupported', 'the endpoint does not serve the FC 2.0 API path; check --endpoint'],
  ['ResourceExhausted', 'throttled: too many concurrent invocations; wait and retry, or raise the instance quota'],
  ['ResourceThrottled', 'throttled: FC is short of capacity for this function; wait and retry'],
  ['LimitExceededError', 'an FC resource limit was reached; see the message, or raise the quota in Quota Center'],
]);

/** Codes that refused the call before it reached the function, so a retry is safe. */
const THROTTLE_CODES: ReadonlySet<string> = new Set(['ResourceExhausted', 'ResourceThrottled']);

/** The hint for an FC 2.0 error code, if one is known. */
export function fc2HintFor(code: string): string | undefined {
  return HINTS.get(code);
}

/** Refusals of the credentials: an unknown key id, a bad or expired security token, a signature that does not match. */
export function isFc2CredentialRefusal(code: string): boolean {
  return ['InvalidAccessKeyID', 'InvalidAccessKeyId', 'InvalidSecurityToken', 'SecurityTokenExpired', 'SignatureNotMatch', 'SignatureDoesNotMatch'].includes(code);
}

/** Throttling codes (the SDKs treat any code containing `Throttling` the same way, providers.md §3.4). */
export function isFc2Throttle(code: string): boolean {
  return THROTTLE_CODES.has(code) || code.includes('Throttling');
}
