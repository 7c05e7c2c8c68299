/** Conformance: every provider's hints and throttling codes (error-codes.ts), through its `Provider`. */
import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../helpers/providers.js';
import { PROVIDER_IDS } from './cases.js';
import { HINTS } from './error-codes.js';

describe.each(PROVIDER_IDS)('hints: %s', (provider) => {
  const row = HINTS[provider];
  const implementation = PROVIDERS[provider];

  it.each(Object.entries(row.hints))('gives %s a hint with %s', (code, fragment) => {
    const hint = implementation.hintFor(code);
    if (typeof fragment === 'string') expect(hint).toContain(fragment);
    else expect(hint).toMatch(fragment);
    expect(hint).toBe(row.hintFor(code));
  });

  it(`has no hint for ${row.none.map((code) => JSON.stringify(code)).join(', ')}`, () => {
    for (const code of row.none) expect(implementation.hintFor(code), code).toBeUndefined();
  });

  it(`retries ${row.throttles.join(', ')} as throttling and nothing of ${row.notThrottles.length} other codes`, async () => {
    for (const code of row.throttles) expect(await implementation.isThrottled(code), code).toBe(true);
    for (const code of row.notThrottles) expect(await implementation.isThrottled(code), code).toBe(false);
  });
});
