/** The process-wide UTF-8 decoder and encoder (shared/text.ts) give what a new TextDecoder/TextEncoder per call gives. */
import { describe, expect, it } from 'vitest';
import { decodeUtf8, encodeUtf8 } from '../../src/providers/shared/text.js';

describe('shared UTF-8 text', () => {
  it('decodes as a new TextDecoder does, call after call', () => {
    const samples = [
      Uint8Array.of(0xef, 0xbb, 0xbf, 0x61),
      Uint8Array.of(0xe2, 0x82),
      Uint8Array.of(0x61, 0xff, 0x62),
      new TextEncoder().encode('héllo wörld'),
      new Uint8Array(),
    ];
    for (const bytes of [...samples, ...samples]) expect(decodeUtf8(bytes)).toBe(new TextDecoder().decode(bytes));
  });

  it('encodes as a new TextEncoder does', () => {
    for (const text of ['', 'abc', 'é😀', '\ud800x', '\ufeffbom']) {
      const bytes = encodeUtf8(text);
      expect(bytes).toEqual(new TextEncoder().encode(text));
      expect(bytes.constructor).toBe(Uint8Array);
    }
  });
});
