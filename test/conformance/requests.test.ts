/** Conformance: every provider's validator and builder over its valid call (requests.ts). */
import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../helpers/providers.js';
import { inputFor, PROVIDER_IDS, thrown } from './cases.js';
import { REQUESTS } from './requests.js';

describe.each(PROVIDER_IDS)('requests: %s', (provider) => {
  const implementation = PROVIDERS[provider];
  const valid = inputFor(provider);

  it('accepts the valid call, whose endpoint is the default one', () => {
    expect(() => implementation.validateInput(valid)).not.toThrow();
    expect(implementation.defaultEndpoint(valid)).toBe(valid.endpoint);
  });

  it('builds a POST to the documented URL with the event in the body', () => {
    const request = implementation.buildRequest(valid);
    expect(request.method).toBe('POST');
    expect(request.url).toBe(REQUESTS[provider].url);
    expect(new TextDecoder().decode(request.body)).toBe(REQUESTS[provider].body);
  });

  it('builds another request for an async call', () => {
    expect(implementation.buildRequest(inputFor(provider, { invocationType: 'async' }))).not.toEqual(implementation.buildRequest(valid));
  });

  it('refuses an empty function name with exit 2, before anything is built', () => {
    expect(thrown(() => implementation.validateInput(inputFor(provider, { functionName: '' })))).toMatchObject({ exitCode: 2 });
  });
});
