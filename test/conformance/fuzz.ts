/** What the fuzzing concern's property tests share: a fixed case count per property, reported and asserted. */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { ProviderId } from '../../src/providers/registry.js';
import type { InvokeInput, KeyCredentials, SigningContext } from '../../src/providers/types.js';

/** Cases per property: `fallback`, or FCINVOKE_FUZZ_RUNS for a longer local hunt. */
export function fuzzRuns(fallback: number): number {
  return Number(process.env['FCINVOKE_FUZZ_RUNS'] ?? fallback);
}

/** `checkProperty` bound to a case count, as each fuzz file uses it. */
export function propertyChecker(runs: number) {
  return <T>(name: string, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => void): void => checkProperty(runs, name, arbitrary, predicate);
}

/** Runs a property `runs` times, prints how many cases it ran, and fails with fast-check's shrunk counterexample. */
export function checkProperty<T>(runs: number, name: string, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => void): void {
  const details = fc.check(fc.property(arbitrary, predicate), { numRuns: runs });
  console.log(`fuzz ${name}: ${details.numRuns} cases ${details.failed ? 'until a failure' : 'passed'} (seed ${details.seed})`);
  if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? `${name} failed`);
  expect(details.numRuns).toBe(runs);
}

const functionName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,20}[A-Za-z0-9]$/);

/** Valid-looking invocations of `provider` to sign: any event, type, qualifier and region, to one of `endpoints`. */
export function signableInputs(provider: ProviderId, endpoints: readonly string[]): fc.Arbitrary<InvokeInput> {
  return fc
    .record({
      functionName: provider === 'aliyun-fc2' ? fc.tuple(functionName, functionName).map(([service, fn]) => `${service}/${fn}`) : functionName,
      event: fc.jsonValue({ maxDepth: 3 }).map((value) => new TextEncoder().encode(JSON.stringify(value) ?? 'null')),
      invocationType: fc.constantFrom('sync' as const, 'async' as const),
      logs: fc.boolean(),
      endpoint: fc.constantFrom(...endpoints),
      qualifier: fc.option(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,10}$/), { nil: undefined }),
      region: fc.constantFrom('ap-guangzhou', 'cn-hangzhou', 'cn-north-4'),
    })
    .map((varying) => ({ provider, accountId: '1234567890123456', projectId: '0123456789abcdef0123456789abcdef', ...varying }));
}

/** Any key pair, with or without a session token. */
export const signingCredentials: fc.Arbitrary<KeyCredentials> = fc.record({
  kind: fc.constant('keys' as const),
  accessKeyId: fc.stringMatching(/^[A-Za-z0-9]{8,40}$/),
  accessKeySecret: fc.stringMatching(/^[A-Za-z0-9+/]{16,48}$/),
  securityToken: fc.option(fc.stringMatching(/^[A-Za-z0-9+/=]{8,64}$/), { nil: undefined }),
});

/** Any signing instant this century, and any nonce. */
export const signingContext: fc.Arbitrary<SigningContext> = fc.record({
  now: fc.date({ min: new Date('2001-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
  nonce: fc.integer({ min: 1, max: 2 ** 31 - 2 }),
});
