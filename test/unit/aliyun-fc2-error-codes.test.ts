/** The FC 2.0 hint table, row by row (STYLE §3: each provider's hints are tested). */
import { describe, expect, it } from 'vitest';
import { aliyunFc2Provider } from '../../src/providers/aliyun-fc2/index.js';
import { fc2HintFor, isFc2Throttle } from '../../src/providers/aliyun-fc2/error-codes.js';

describe('fc2HintFor', () => {
  it.each([
    ['SignatureNotMatch', /ALIBABA_CLOUD_ACCESS_KEY_SECRET/],
    ['InvalidSignature', /ALIBABA_CLOUD_ACCESS_KEY_SECRET/],
    ['InvalidAccessKeyID', /ALIBABA_CLOUD_ACCESS_KEY_ID/],
    ['InvalidAccessKeyId', /ALIBABA_CLOUD_ACCESS_KEY_ID/],
    ['InvalidSecurityToken', /ALIBABA_CLOUD_SECURITY_TOKEN/],
    ['RequestTimeTooSkewed', /15 minutes/],
    ['AccessDenied', /RAM policy/],
    ['ServiceNotFound', /--account-id and --region/],
    ['FunctionNotFound', /the service, --account-id and --region/],
    ['AliasNotFound', /--qualifier/],
    ['VersionNotFound', /--qualifier/],
    ['EntityTooLarge', /32 MB \(128 KB for --async\)/],
    ['MissingRequiredHeader', /--endpoint/],
    ['PathNotSupported', /--endpoint/],
    ['ResourceExhausted', /throttled/],
    ['ResourceThrottled', /throttled/],
    ['LimitExceededError', /Quota Center/],
  ])('has a hint for %s', (code, pattern) => {
    expect(fc2HintFor(code)).toMatch(pattern);
    expect(aliyunFc2Provider.hintFor(code)).toBe(fc2HintFor(code));
  });

  it('has no hint for an unknown code or a near miss', () => {
    expect(fc2HintFor('SomethingElse')).toBeUndefined();
    expect(fc2HintFor('FunctionNotFound.Extra')).toBeUndefined();
    expect(fc2HintFor('')).toBeUndefined();
  });
});

describe('isFc2Throttle', () => {
  it('treats the FC throttling codes and any *Throttling* code as throttles', () => {
    expect(isFc2Throttle('ResourceExhausted')).toBe(true);
    expect(isFc2Throttle('ResourceThrottled')).toBe(true);
    expect(isFc2Throttle('Throttling.User')).toBe(true);
  });

  it('does not treat auth or not-found codes as throttles', () => {
    expect(isFc2Throttle('SignatureNotMatch')).toBe(false);
    expect(isFc2Throttle('FunctionNotFound')).toBe(false);
  });
});
