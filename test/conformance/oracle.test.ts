/** Conformance: every provider's request and signature against its official SDK (oracle.ts, test/oracle/<id>.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_IDS } from './cases.js';
import { ORACLES } from './oracles.js';

describe.each(PROVIDER_IDS)('oracle: %s', (provider) => {
  const oracle = ORACLES[provider];
  let restore: () => void = () => undefined;
  beforeAll(() => {
    restore = oracle.install();
  });
  afterAll(() => restore());

  it(`covers many varied inputs (${oracle.sdk})`, () => {
    expect(oracle.cases.length).toBeGreaterThanOrEqual(oracle.minimumCases);
    for (const [label, holds] of oracle.coverage) expect(holds, label).toBe(true);
  });

  it.each(oracle.cases.map((c) => [c.name, c] as const))('signs %s exactly as the SDK does', async (_name, testCase) => {
    for (const [label, ours, sdk] of await oracle.compare(testCase)) expect(ours, label).toEqual(sdk);
  });

  it('disagrees with the SDK when our secret differs, so the comparison can fail', async () => {
    const agreements = await oracle.compare(oracle.cases[0]!, 'fcinvokeWRONGsecret0000000000000000');
    expect(agreements.filter(([, ours, sdk]) => JSON.stringify(ours) !== JSON.stringify(sdk)).map(([label]) => label)).not.toEqual([]);
  });
});
