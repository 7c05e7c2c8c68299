/** The FC 3.0 hint table, row by row. */
import { describe, expect, it } from 'vitest';
import { aliyunHintFor, isAliyunThrottle } from '../../src/providers/aliyun/error-codes.js';

describe('aliyunHintFor', () => {
  it.each([
    ['SignatureNotMatch', /ALIBABA_CLOUD_ACCESS_KEY_SECRET/],
    ['InvalidAccessKeyID', /ALIBABA_CLOUD_ACCESS_KEY_ID/],
    ['InvalidSecurityToken', /ALIBABA_CLOUD_SECURITY_TOKEN/],
    ['InvalidSecurityToken.Expired', /refresh/],
    ['RequestTimeTooSkewed', /15 minutes/],
    ['SignatureNonceUsed', /sign it again/],
    ['AccessDenied', /RAM policy/],
    ['FunctionNotFound', /--account-id/],
    ['AliasNotFound', /--qualifier/],
    ['VersionNotFound', /--qualifier/],
    ['EntityTooLarge', /32 MB.*128 KB/],
    ['MissingRequiredHeader', /x-acs-/],
    ['ResourceExhausted', /concurrency/],
    ['ResourceThrottled', /throttled/],
    ['Throttling.User', /throttled/],
    ['CAExited', /failed to start/],
    ['CAFileNotFound', /start file/],
    ['InternalServerError', /retried/],
  ])('has a hint for %s', (code, pattern) => {
    expect(aliyunHintFor(code)).toMatch(pattern);
  });

  it('has no hint for an unknown code or a mere prefix match', () => {
    expect(aliyunHintFor('SomethingElse')).toBeUndefined();
    expect(aliyunHintFor('FunctionNotFoundX')).toBeUndefined();
  });
});

describe('isAliyunThrottle', () => {
  it('recognises FC throttling codes and the SDK rule of any code containing Throttling', () => {
    expect(isAliyunThrottle('ResourceExhausted')).toBe(true);
    expect(isAliyunThrottle('ResourceThrottled')).toBe(true);
    expect(isAliyunThrottle('Throttling.Api')).toBe(true);
    expect(isAliyunThrottle('FunctionNotFound')).toBe(false);
  });
});
