/**
 * Hints for the legacy public error codes (providers.md §2.4). The numeric `code` is the stable identifier; the
 * SCF-specific `codeDesc` strings are not documented (§8.2), so hints key on the number.
 */

const HINTS: ReadonlyMap<string, string> = new Map([
  ['4000', 'a parameter was refused: check the function name, --region (e.g. gz or ap-guangzhou) and that the event is JSON of at most 1 MB'],
  [
    '4100',
    'the signature did not verify: check TENCENTCLOUD_SECRET_KEY, or try --signature-method HmacSHA1 (a proxy that rewrites the body also breaks signatures)',
  ],
  ['4101', 'this sub-account may not call InvokeFunction; check its CAM policy'],
  ['4102', 'these credentials may not use this function; check the CAM policy'],
  ['4103', 'these credentials may not use a resource the call touches; check the CAM policy'],
  ['4104', 'this SecretId does not exist or was deleted; check TENCENTCLOUD_SECRET_ID'],
  ['4105', 'the session token is invalid or expired; refresh the temporary credentials (TENCENTCLOUD_SESSION_TOKEN)'],
  ['4106', 'multi-factor authentication failed for this account'],
  ['4110', 'CAM refused the call; check the account and its policies'],
  ['4300', 'the account may not use this service (blocked or not eligible); check it in the Tencent Cloud console'],
  ['4400', 'a quota or rate limit was reached; wait and retry, or raise the limit'],
  [
    '4500',
    'replay refused: the system clock is more than 5 minutes off (sync it, e.g. with NTP) or the Nonce was reused',
  ],
  ['4600', 'the legacy API takes HTTPS only; use an https:// --endpoint'],
  ['5000', 'no such function in this region; check the name and --region (the legacy API has no namespaces)'],
  ['5100', 'the function could not be run; check its status in the console and retry'],
]);

/** The hint for a legacy error code (the number as text), if one is known. */
export function tencentV2HintFor(code: string): string | undefined {
  return HINTS.get(code.trim());
}

/** Refusals of the credentials: 4100 authentication failed, 4104 unknown SecretId, 4105 bad or expired token. */
export function isTencentV2CredentialRefusal(code: string): boolean {
  return ['4100', '4104', '4105'].includes(code.trim());
}

/** Throttling/quota refusals: safe to retry later, as the function was not run. */
export function isTencentV2Throttle(code: string): boolean {
  return code.trim() === '4400';
}
