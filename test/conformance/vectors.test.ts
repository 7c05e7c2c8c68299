/** Conformance: every provider's signer over the SDK-computed worked examples of vectors.ts. */
import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../src/providers/types.js';
import { PROVIDER_IDS, signatureOf } from './cases.js';
import { signVector, VECTORS } from './vectors.js';

/** The decoded parameters of a signed form body, or of the query when the body is empty. */
function paramsOf(signed: HttpRequest): Record<string, string> {
  const form = signed.body.byteLength > 0 ? new TextDecoder().decode(signed.body) : new URL(signed.url).search.slice(1);
  return Object.fromEntries(new URLSearchParams(form));
}

describe.each(PROVIDER_IDS)('vectors: %s', (provider) => {
  const rows = VECTORS[provider];
  if (!Array.isArray(rows)) {
    it(`is exempt: ${rows.exempt.slice(0, 60)}…`, () => {
      expect(rows.exempt.length).toBeGreaterThan(40);
    });
    return;
  }

  describe.each(rows.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const { unsigned, credentials } = signVector(provider, row);

    it('gives the documented values', () => {
      const signed = row.sign(unsigned, credentials);
      for (const [name, value] of Object.entries(row.headers ?? {})) expect(signed.headers[name], name).toBe(value);
      for (const [name, value] of Object.entries(row.params ?? {})) expect(paramsOf(signed)[name], name).toBe(value);
    });

    it('leaves the unsigned request untouched', () => {
      const before = structuredClone(unsigned);
      const signed = row.sign(unsigned, credentials);
      expect(unsigned).toEqual(before);
      expect(signed).not.toEqual(before);
    });

    it('changes the signature when one body byte or the secret changes', () => {
      const signature = signatureOf(row.sign(unsigned, credentials));
      const body = unsigned.body.byteLength === 0 ? Uint8Array.of(0x20) : Uint8Array.from(unsigned.body, (byte, i) => (i === 0 ? byte ^ 1 : byte));
      expect(signatureOf(row.sign({ ...unsigned, body }, credentials))).not.toBe(signature);
      const otherSecret = { ...credentials, accessKeySecret: `${credentials.accessKeySecret}x` };
      expect(signatureOf(row.sign(unsigned, otherSecret))).not.toBe(signature);
    });
  });
});
