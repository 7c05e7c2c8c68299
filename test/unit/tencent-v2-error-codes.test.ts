/** The legacy v2 hint table, row by row (providers.md §2.4 public error codes). */
import { describe, expect, it } from 'vitest';
import { isTencentV2Throttle, tencentV2HintFor } from '../../src/providers/tencent-v2/error-codes.js';

describe('tencentV2HintFor', () => {
  it.each([
    ['4000', '--region'],
    ['4100', 'TENCENTCLOUD_SECRET_KEY'],
    ['4101', 'CAM policy'],
    ['4102', 'CAM policy'],
    ['4103', 'CAM policy'],
    ['4104', 'TENCENTCLOUD_SECRET_ID'],
    ['4105', 'session token'],
    ['4106', 'multi-factor'],
    ['4110', 'CAM'],
    ['4300', 'console'],
    ['4400', 'retry'],
    ['4500', 'clock'],
    ['4600', 'https://'],
    ['5000', '--region'],
    ['5100', 'retry'],
  ])('gives code %s a hint mentioning %j', (code, fragment) => {
    expect(tencentV2HintFor(code)).toContain(fragment);
  });

  it('has no hint for an unknown code', () => {
    expect(tencentV2HintFor('9999')).toBeUndefined();
    expect(tencentV2HintFor('AuthFailure')).toBeUndefined();
  });

  it('treats only the quota code as retryable throttling', () => {
    expect(isTencentV2Throttle('4400')).toBe(true);
    expect(isTencentV2Throttle('4100')).toBe(false);
  });
});
