/**
 * What only the SCF API 3.0 hint table has: seed 000's 16 codes, and prefix matching that prefers the exact code.
 * The hints and throttling codes themselves are rows of test/conformance/error-codes.ts.
 */
import { describe, expect, it } from 'vitest';
import { tencentHintFor } from '../../src/providers/tencent/error-codes.js';
import { TENCENT_SEED_CODES } from '../conformance/error-codes.js';

describe('tencentHintFor', () => {
  it('covers all 16 codes of the seed table', () => {
    expect(Object.keys(TENCENT_SEED_CODES)).toHaveLength(16);
  });

  it('prefers the exact code to a shorter one it starts with', () => {
    expect(tencentHintFor('InvalidParameterValue.Param')).not.toBe(tencentHintFor('InvalidParameterValue'));
    expect(tencentHintFor('LimitExceeded.Quota')).not.toBe(tencentHintFor('LimitExceeded.Concurrency'));
    expect(tencentHintFor('InvalidParameterValue.Other')).toBe(tencentHintFor('InvalidParameterValue'));
  });
});
