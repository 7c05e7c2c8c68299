/**
 * The prepared-key HMAC-SHA256 (shared/hmac.ts) that the TC3 signer uses per request, against node:crypto's Hmac:
 * any key (short, 64 bytes, longer than a block, text or bytes), any message (empty, non-ASCII, lone surrogates,
 * longer than the prepared buffer), and one key reused for messages of changing lengths.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacSha256HexPrepared, prepareHmacSha256Key } from '../../src/providers/shared/hmac.js';

const reference = (key: string | Uint8Array, data: string) => createHmac('sha256', key).update(data).digest('hex');

const keys = fc.oneof(
  fc.string({ maxLength: 100 }),
  fc.uint8Array({ maxLength: 130 }),
  fc.constantFrom(new Uint8Array(64).fill(0xff), new Uint8Array(65).fill(1), new Uint8Array(32)),
);
const messages = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.constantFrom('', '\ud800', 'a\udc00b', 'é'.repeat(400), 'x'.repeat(341), 'x'.repeat(342), '😀'.repeat(200)),
);

describe('hmacSha256HexPrepared', () => {
  it('equals createHmac for any key and message', () => {
    fc.assert(
      fc.property(keys, messages, (key, data) => {
        expect(hmacSha256HexPrepared(prepareHmacSha256Key(key), data)).toBe(reference(key, data));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same answers when one prepared key signs many messages in turn', () => {
    fc.assert(
      fc.property(keys, fc.array(messages, { minLength: 1, maxLength: 12 }), (key, list) => {
        const prepared = prepareHmacSha256Key(key);
        for (const data of [...list, ...list]) expect(hmacSha256HexPrepared(prepared, data)).toBe(reference(key, data));
      }),
      { numRuns: 200 },
    );
  });

  it('leaves the key it was prepared from untouched', () => {
    const key = Uint8Array.from({ length: 40 }, (_, i) => i);
    const copy = Uint8Array.from(key);
    hmacSha256HexPrepared(prepareHmacSha256Key(key), 'message');
    expect(key).toEqual(copy);
  });
});
