import { decodeUtf8 } from './text.js';

/**
 * Decodes a base64 log header (FC, FunctionGraph). A tail cut may split a multi-byte character, so decode with
 * replacement rather than failing; invalid base64 gives null so the caller can say the log was unreadable.
 */
export function decodeBase64Log(value: string | undefined): string | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === '') return '';
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(trimmed)) return null;
  return decodeUtf8(Buffer.from(trimmed, 'base64'));
}

/** Encodes a log as base64 of its UTF-8 bytes (emulator side). */
export function encodeBase64Log(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
