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

/**
 * An HMAC-SHA256 key made ready once for many messages: the key's inner and outer pads (RFC 2104). A signer that
 * signs thousands of requests under one derived key (TC3's per-day key) computes each HMAC with two one-shot
 * SHA-256 calls instead of building a fresh `Hmac` object per message, which costs several times more.
 */
export interface PreparedHmacSha256Key {
  /** key ⊕ ipad, followed by room for a message: one contiguous input for the inner hash, reused per message. */
  readonly inner: Buffer;
  /** key ⊕ opad, followed by the 32 bytes of the inner digest. */
  readonly outer: Buffer;
  /** Views of {@link inner} by length, so that most messages need no new one. */
  readonly views: Map<number, Buffer>;
}

const SHA256_BLOCK_BYTES = 64;
const SHA256_DIGEST_BYTES = 32;
/** Messages up to this many bytes are hashed in the prepared key's own buffer; longer ones get a new one. */
const PREPARED_MESSAGE_ROOM = 1024;

/** Prepares `key` for {@link hmacSha256HexPrepared}. */
export function prepareHmacSha256Key(key: BinaryLike): PreparedHmacSha256Key {
  let bytes: Uint8Array = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  if (bytes.byteLength > SHA256_BLOCK_BYTES) bytes = hash('sha256', bytes, 'buffer');
  const inner = Buffer.alloc(SHA256_BLOCK_BYTES + PREPARED_MESSAGE_ROOM, 0x36);
  const outer = Buffer.alloc(SHA256_BLOCK_BYTES + SHA256_DIGEST_BYTES, 0x5c);
  for (let i = 0; i < bytes.byteLength; i += 1) {
    inner[i]! ^= bytes[i]!;
    outer[i]! ^= bytes[i]!;
  }
  return { inner, outer, views: new Map() };
}

/**
 * Lower-case hex HMAC-SHA256 of the UTF-8 text `data` under a prepared key: the same value as
 * `createHmac('sha256', key).update(data).digest('hex')`. Synchronous, so the key's buffers are never shared
 * by two calls at once.
 */
export function hmacSha256HexPrepared(key: PreparedHmacSha256Key, data: string): string {
  let innerInput: Uint8Array;
  // A UTF-16 code unit is at most 3 UTF-8 bytes, so a message this short always fits in the room left.
  if (data.length * 3 <= PREPARED_MESSAGE_ROOM) {
    const length = SHA256_BLOCK_BYTES + key.inner.write(data, SHA256_BLOCK_BYTES, 'utf8');
    // Messages under one key tend to have one length (TC3's string to sign always has): keep that view.
    let view = key.views.get(length);
    if (view === undefined) {
      view = key.inner.subarray(0, length);
      if (key.views.size < 4) key.views.set(length, view);
    }
    innerInput = view;
  } else {
    innerInput = Buffer.concat([key.inner.subarray(0, SHA256_BLOCK_BYTES), Buffer.from(data, 'utf8')]);
  }
  // The inner digest as 'binary' (latin1) text, one character per byte: a string is far cheaper to return from
  // the one-shot hash than a new Buffer.
  key.outer.write(hash('sha256', innerInput, 'binary'), SHA256_BLOCK_BYTES, 'binary');
  return hash('sha256', key.outer, 'hex');
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
