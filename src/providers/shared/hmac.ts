/** Synchronous hashing and HMAC helpers shared by every signer (node:crypto; no async, no pluggable hashes). */
import { createHash, createHmac, hash } from 'node:crypto';

export type BinaryLike = string | Uint8Array;

/** HMAC-SHA256 as raw bytes. */
export function hmacSha256(key: BinaryLike, data: BinaryLike): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** HMAC-SHA1 as raw bytes. */
export function hmacSha1(key: BinaryLike, data: BinaryLike): Buffer {
  return createHmac('sha1', key).update(data).digest();
}

/** Lower-case hex SHA-256. The one-shot `hash` (Node 20.12+) skips a Hash object, which matters at batch rates. */
export function sha256Hex(data: BinaryLike): string {
  return hash('sha256', data, 'hex');
}

/** Lower-case hex MD5. */
export function md5Hex(data: BinaryLike): string {
  return createHash('md5').update(data).digest('hex');
}

/** Compares two strings without leaking where they differ through timing (for verifiers). */
export function safeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
