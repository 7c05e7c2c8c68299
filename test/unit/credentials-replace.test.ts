/** replaceRefused: refused credentials are replaced by a fresh exchange, once, unless another caller already did. */
import { describe, expect, it } from 'vitest';
import type { Credentials } from '../../src/core/credentials.js';
import type { ProvidedCredentials } from '../../src/engine/credentials/provider.js';
import { replaceRefused } from '../../src/engine/credentials/refusal.js';

function provider(first: Credentials) {
  let current = first;
  let exchanges = 0;
  return {
    get exchanges() {
      return exchanges;
    },
    set current(value: Credentials) {
      current = value;
    },
    async get(): Promise<ProvidedCredentials> {
      return { credentials: current, provenance: 'test', fromCache: 'memory' };
    },
    async invalidate() {
      exchanges += 1;
      current = { kind: 'keys', accessKeyId: `fresh-${exchanges}`, accessKeySecret: 's' };
    },
  };
}

describe('replaceRefused', () => {
  it('drops the refused credentials and answers fresh ones', async () => {
    const refused: Credentials = { kind: 'keys', accessKeyId: 'old', accessKeySecret: 's' };
    const credentials = provider(refused);
    const answer = await replaceRefused(credentials, refused);
    expect(answer.credentials).toMatchObject({ accessKeyId: 'fresh-1' });
    expect(credentials.exchanges).toBe(1);
  });

  it('keeps what another caller already refreshed (no second exchange)', async () => {
    const refused: Credentials = { kind: 'keys', accessKeyId: 'old', accessKeySecret: 's' };
    const credentials = provider(refused);
    credentials.current = { kind: 'keys', accessKeyId: 'refreshed-by-another-line', accessKeySecret: 's' };
    const answer = await replaceRefused(credentials, refused);
    expect(answer.credentials).toMatchObject({ accessKeyId: 'refreshed-by-another-line' });
    expect(credentials.exchanges).toBe(0);
  });
});
