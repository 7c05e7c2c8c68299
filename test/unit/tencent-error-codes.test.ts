/** The SCF API 3.0 hint table and throttling predicate, row by row, against the seed's error-code table. */
import { describe, expect, it } from 'vitest';
import { isTencentThrottle, tencentHintFor } from '../../src/providers/tencent/error-codes.js';

/** Every error code of seed 000's table (InvokeFunction), with a word its hint must contain. */
const SEED_ERROR_CODES: ReadonlyArray<readonly [string, string]> = [
  ['FailedOperation.FunctionStatusError', 'deploying'],
  ['FailedOperation.InvokeFunction', 'logs'],
  ['InternalError', 'may have run'],
  ['InternalError.System', 'may have run'],
  ['InvalidParameter.FunctionName', '2-60'],
  ['InvalidParameter.RequestTooLarge', '6 MB'],
  ['InvalidParameterValue', '--qualifier'],
  ['InvalidParameterValue.ClientContext', 'event'],
  ['InvalidParameterValue.FunctionType', 'trigger'],
  ['InvalidParameterValue.Param', 'JSON'],
  ['LimitExceeded.Quota', 'quota'],
  ['ResourceNotFound.Function', '--namespace'],
  ['ResourceNotFound.FunctionName', '--namespace'],
  ['ResourceNotFound.Qualifier', '--qualifier'],
  ['ResourceUnavailable.InsufficientBalance', 'top it up'],
  ['UnauthorizedOperation.CAM', 'CAM policy'],
];

describe('tencentHintFor', () => {
  it('covers all 16 codes of the seed table', () => {
    expect(SEED_ERROR_CODES).toHaveLength(16);
  });

  it.each(SEED_ERROR_CODES)('gives %s a hint mentioning %j', (code, fragment) => {
    expect(tencentHintFor(code)).toContain(fragment);
  });

  it('prefers the exact code to a shorter one it starts with', () => {
    expect(tencentHintFor('InvalidParameterValue.Param')).not.toBe(tencentHintFor('InvalidParameterValue'));
    expect(tencentHintFor('LimitExceeded.Quota')).not.toBe(tencentHintFor('LimitExceeded.Concurrency'));
    expect(tencentHintFor('InvalidParameterValue.Other')).toBe(tencentHintFor('InvalidParameterValue'));
  });

  it('has no hint for an unknown code', () => {
    expect(tencentHintFor('Something.Else')).toBeUndefined();
    expect(tencentHintFor('constructor')).toBeUndefined();
  });
});

describe('isTencentThrottle', () => {
  it('retries the request-rate codes of the common error table', () => {
    for (const code of ['RequestLimitExceeded', 'RequestLimitExceeded.UinLimitExceeded', 'RequestLimitExceeded.IPLimitExceeded']) {
      expect(isTencentThrottle(code), code).toBe(true);
    }
  });

  it('does not retry a used-up quota: LimitExceeded.Quota, the only LimitExceeded code of the seed table', () => {
    expect(isTencentThrottle('LimitExceeded.Quota')).toBe(false);
    expect(isTencentThrottle('LimitExceeded.FunctionQuota')).toBe(false);
  });

  it('keeps retrying other, undocumented LimitExceeded codes (a concurrency limit passes)', () => {
    expect(isTencentThrottle('LimitExceeded.Concurrency')).toBe(true);
  });

  it('does not retry any other documented code', () => {
    for (const [code] of SEED_ERROR_CODES) {
      if (code === 'LimitExceeded.Quota') continue;
      expect(isTencentThrottle(code), code).toBe(false);
    }
  });
});
