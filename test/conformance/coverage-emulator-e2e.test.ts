/**
 * The conformance suite covers every provider: each provider of the registry has a row in the emulator and the e2e
 * concerns, and every concern a row does not take part in is a named exemption with its reason. Reads the tables
 * only; writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { PROVIDERS as REGISTRY } from '../../src/providers/registry.js';
import { E2E_CASES } from '../e2e/conformance/cases.js';
import { EMULATOR_CASES, type Exempt } from './emulator-cases.js';

const IDS = REGISTRY.map((entry) => entry.id);

/** Each concern: its table, and the parts of a row that may be exempt. */
const CONCERNS = [
  { concern: 'emulator accept/refuse (test/conformance/emulator.test.ts)', rows: EMULATOR_CASES },
  { concern: 'e2e exit codes and output (test/e2e/conformance/matrix.e2e.test.ts)', rows: E2E_CASES },
] as const;

describe.each(CONCERNS)('conformance coverage: $concern', ({ rows }) => {
  it('has one row per provider of the registry, in its order', () => {
    expect(rows.map((row) => row.id)).toEqual(IDS);
  });
});

describe.each(EMULATOR_CASES)('conformance coverage: emulator row $id', (row) => {
  it('refuses at least one request tampered with its own way, besides the shared cases', () => {
    expect(row.tampers.length).toBeGreaterThan(0);
    expect(new Set(row.tampers.map((tamper) => tamper.name)).size).toBe(row.tampers.length);
  });

  it.each([
    ['replay', row.replay],
    ['temporary keys', row.temporary],
  ] as const)('checks %s, or names why not', (_concern, part) => {
    if ('exempt' in part) expect((part as Exempt).exempt).toMatch(/\w{3,}.*\w{3,}/);
    else expect('refused' in part ? part.refused : part).toHaveProperty('code');
  });
});

describe.each(E2E_CASES)('conformance coverage: e2e row $id', (row) => {
  it('names what a missing identifier or credential says, and the async limit', () => {
    expect(row.missing.length).toBeGreaterThan(0);
    expect(row.asyncLimit.bytes).toBeGreaterThan(0);
  });
});
