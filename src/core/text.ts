/**
 * UTF-8 text ↔ bytes through one decoder and one encoder for the process. A decoder used without `stream` keeps
 * no state between calls, so sharing it gives exactly what a new one per call gives (replacement for invalid
 * sequences, a leading BOM dropped), without building two objects per request in a batch.
 */
const decoder = new TextDecoder('utf-8', { fatal: false });
const encoder = new TextEncoder();

/** The text of UTF-8 bytes, with replacement for invalid sequences (and a leading BOM dropped). */
export function decodeUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** The UTF-8 bytes of a text (lone surrogates become U+FFFD), as a plain Uint8Array. */
export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}
