/**
 * Conformance coverage: every registered provider has a row in every concern of the signing, oracle and parser
 * suite, or a named exemption that says why. It reads the tables and writes nothing. The test names are the
 * concerns × providers matrix (docs/testing.md).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROVIDER_IDS as REGISTERED } from '../../src/providers/registry.js';
import type { ProviderId } from '../../src/providers/registry.js';
import { PROVIDER_IDS } from './cases.js';
import { HINTS } from './error-codes.js';
import { ORACLES } from './oracles.js';
import { REQUESTS } from './requests.js';
import { OUTCOMES, outcomeOf, RESPONSE_ROWS } from './responses.js';
import { VECTORS } from './vectors.js';

/** What a provider's row in one concern holds: the names of its cases, or the reason it has none. */
type Row = { cases: readonly string[] } | { exempt: string };

/**
 * A fuzz file's row: its properties run under `describe.each(PROVIDER_IDS)` (so for every provider), and its
 * per-provider tables are Record<ProviderId, …>, which tsc checks.
 */
function fuzzed(file: string, provider: ProviderId): Row {
  const source = readFileSync(new URL(file, import.meta.url), 'utf8');
  const properties = [...source.matchAll(/^describe\.each\(PROVIDER_IDS\)\('([^']+)'/gm)].map((match) => match[1]!.replace('%s', provider));
  return properties.length > 0 ? { cases: properties } : { exempt: '' };
}

const CONCERNS: Record<string, (provider: ProviderId) => Row> = {
  'vectors (vectors.ts, SDK-computed worked examples)': (provider) => {
    const rows = VECTORS[provider];
    return Array.isArray(rows) ? { cases: rows.map((row) => row.name) } : rows;
  },
  'oracles (oracles.ts, equality with the official SDK)': (provider) => ({ cases: ORACLES[provider].cases.map((c) => c.name) }),
  'requests (requests.ts, the valid call built exactly)': (provider) => ({ cases: [REQUESTS[provider].url] }),
  'responses (responses.ts, recorded answers → exact results)': (provider) => ({ cases: RESPONSE_ROWS[provider].map((row) => row.name) }),
  'hints (error-codes.ts, hints and throttling codes)': (provider) => ({ cases: Object.keys(HINTS[provider].hints) }),
  'fuzzing of the parser (fuzz-parsers.test.ts)': (provider) => fuzzed('fuzz-parsers.test.ts', provider),
  'fuzzing of the signer (fuzz-signers.test.ts)': (provider) => fuzzed('fuzz-signers.test.ts', provider),
  'fuzzing of the emulator verifier (fuzz-verifiers.test.ts)': (provider) => fuzzed('fuzz-verifiers.test.ts', provider),
};

it('runs the suite for exactly the registered providers', () => {
  expect([...PROVIDER_IDS].sort()).toEqual([...REGISTERED].sort());
});

describe.each(PROVIDER_IDS)('%s', (provider) => {
  it.each(Object.keys(CONCERNS))('has a row in %s, or a named exemption', (concern) => {
    const row = CONCERNS[concern]!(provider);
    if ('exempt' in row) expect(row.exempt).toMatch(/\w+ .{30,}/);
    else expect(row.cases.length).toBeGreaterThan(0);
  });

  it(`shows every outcome in its responses rows (${OUTCOMES.join(', ')})`, () => {
    expect(new Set(RESPONSE_ROWS[provider].map(outcomeOf))).toEqual(new Set(OUTCOMES));
  });
});
