/**
 * Decrypts OpenSSL passphrase encryption as crypto-js writes it with `AES.encrypt(text, passphrase)`, which is how
 * Serverless Devs stores every value of `~/.s/access.yaml` (providers.md §3.6):
 *
 *   base64( "Salted__" ‖ salt[8] ‖ AES-256-CBC(key, iv, PKCS#7(text)) )
 *
 * where key ‖ iv = EVP_BytesToKey(MD5, passphrase, salt, 1 round): D1 = MD5(pass ‖ salt), Di = MD5(Di-1 ‖ pass ‖ salt),
 * concatenated until 48 bytes. The same bytes come out of `openssl enc -aes-256-cbc -md md5 -pass pass:… -a`.
 */
import { createDecipheriv, createHash } from 'node:crypto';

/** The 8-byte magic that starts a salted OpenSSL blob. */
export const OPENSSL_SALTED_MAGIC = 'Salted__';

const KEY_BYTES = 32;
const IV_BYTES = 16;
const SALT_BYTES = 8;

/**
 * The plaintext of an OpenSSL/crypto-js passphrase-encrypted base64 string, or undefined when the text is not such
 * a blob, the padding is wrong (wrong passphrase) or the result is not UTF-8. Never throws.
 */
export function decryptOpenSslAes(base64Text: string, passphrase: string): string | undefined {
  const compact = base64Text.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  const bytes = Buffer.from(compact, 'base64');
  const headerBytes = OPENSSL_SALTED_MAGIC.length + SALT_BYTES;
  if (bytes.length < headerBytes + IV_BYTES || (bytes.length - headerBytes) % IV_BYTES !== 0) return undefined;
  if (bytes.subarray(0, OPENSSL_SALTED_MAGIC.length).toString('latin1') !== OPENSSL_SALTED_MAGIC) return undefined;
  const salt = bytes.subarray(OPENSSL_SALTED_MAGIC.length, headerBytes);
  const { key, iv } = deriveKeyAndIv(Buffer.from(passphrase, 'utf8'), salt);
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    const plain = Buffer.concat([decipher.update(bytes.subarray(headerBytes)), decipher.final()]);
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    return undefined;
  }
}

/** OpenSSL's EVP_BytesToKey with MD5 and one iteration, for AES-256-CBC (exported for tests). */
export function deriveKeyAndIv(passphrase: Buffer, salt: Buffer): { key: Buffer; iv: Buffer } {
  const blocks: Buffer[] = [];
  let previous = Buffer.alloc(0);
  while (Buffer.concat(blocks).length < KEY_BYTES + IV_BYTES) {
    previous = createHash('md5').update(Buffer.concat([previous, passphrase, salt])).digest();
    blocks.push(previous);
  }
  const material = Buffer.concat(blocks);
  return { key: material.subarray(0, KEY_BYTES), iv: material.subarray(KEY_BYTES, KEY_BYTES + IV_BYTES) };
}
