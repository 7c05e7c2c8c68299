/** Conformance: every provider's parser over the outcomes of responses.ts, each to its exact normalized result. */
import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../helpers/providers.js';
import { expectedResult, inputFor, PROVIDER_IDS } from './cases.js';
import { RESPONSE_ROWS } from './responses.js';

describe.each(PROVIDER_IDS)('responses: %s', (provider) => {
  it.each(RESPONSE_ROWS[provider].map((row) => [row.name, row] as const))('reads %s', (_name, row) => {
    const parsed = PROVIDERS[provider].parseResponse(row.response, inputFor(provider, row.input));
    expect(parsed.result).toEqual(expectedResult(provider, row.result));
    if (row.logs !== undefined) expect(parsed.result.logs).toMatch(row.logs);
    if (row.payload === 'present') expect(parsed.payload).not.toBeNull();
    else if (row.payload === null) expect(parsed.payload).toBeNull();
    else if (row.payload !== undefined) expect(new TextDecoder().decode(parsed.payload!)).toBe(row.payload);
    if (row.details !== undefined) expect(parsed.details).toEqual(row.details);
    if (row.detailsLike !== undefined) expect(parsed.details).toMatchObject(row.detailsLike);
    if (row.hint !== undefined) expect(parsed.details.hint).toMatch(row.hint);
  });
});
