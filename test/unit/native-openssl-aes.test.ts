import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptOpenSslAes, deriveKeyAndIv } from '../../src/config/native/openssl-aes.js';
import { FAKE } from '../helpers/secrets.js';

/** Encrypts the way crypto-js `AES.encrypt(text, passphrase)` does; written here, apart from the decryptor. */
function encryptLikeCryptoJs(text: string, passphrase: string, salt: Buffer = randomBytes(8)): string {
  const { key, iv } = deriveKeyAndIv(Buffer.from(passphrase), salt);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from('Salted__'), salt, body]).toString('base64');
}

describe('decryptOpenSslAes', () => {
  it('decrypts values produced by the OpenSSL command line (openssl enc -aes-256-cbc -md md5)', () => {
    // Produced with: printf '%s' "$value" | openssl enc -aes-256-cbc -md md5 -pass pass:SecretKey123 -a -A
    expect(decryptOpenSslAes('U2FsdGVkX1+2iu4tdlKeePFfqLONcvttcCxkSLizPsnXuDKedj2MwkxriCvzQwb0', 'SecretKey123')).toBe(
      FAKE.aliyun.id,
    );
    expect(
      decryptOpenSslAes(
        'U2FsdGVkX1+PHuOXqE1PQ+NZoxM8SxiGNgEW0qbONQK8saaReARUGzHS1tZj7m/NchCzyivsPktobD9Ca0xLmg==',
        'SecretKey123',
      ),
    ).toBe(FAKE.aliyun.secret);
    expect(decryptOpenSslAes('U2FsdGVkX1+IkZ/80XDXZLSVvEpahR64stkrNgWXBluhCACP0MpiDsratL7zkGDJ', 'SecretKey123')).toBe(
      FAKE.aliyun.account,
    );
  });

  it('round-trips text encrypted as crypto-js does, including non-ASCII and block-sized input', () => {
    for (const text of ['x', '0123456789abcdef', FAKE.tencent.token, 'Alibaba Cloud 阿里云']) {
      expect(decryptOpenSslAes(encryptLikeCryptoJs(text, 'SecretKey123'), 'SecretKey123')).toBe(text);
    }
  });

  it('derives the key and IV with EVP_BytesToKey (MD5, one round), matching a fixed salt', () => {
    const salt = Buffer.from('0102030405060708', 'hex');
    const sealed = encryptLikeCryptoJs(FAKE.aliyun.id, 'SecretKey123', salt);
    // `openssl enc … -S 0102030405060708 -a` printed this ciphertext (OpenSSL 3 omits the header when -S is given).
    expect(Buffer.from(sealed, 'base64').subarray(16).toString('base64')).toBe(
      'mTDFEN/NYHksH663CZGlUw8nxkbAPd4Fnsk/v9WTRYg=',
    );
  });

  it('returns undefined for the wrong passphrase', () => {
    const sealed = encryptLikeCryptoJs(FAKE.aliyun.secret, 'SecretKey123');
    expect(decryptOpenSslAes(sealed, 'not-the-passphrase')).toBeUndefined();
  });

  it('returns undefined for plain text, non-salted base64 and truncated blobs instead of throwing', () => {
    const sealed = encryptLikeCryptoJs(FAKE.aliyun.secret, 'SecretKey123');
    expect(decryptOpenSslAes(FAKE.aliyun.id, 'SecretKey123')).toBeUndefined();
    expect(decryptOpenSslAes('1234567890123456', 'SecretKey123')).toBeUndefined();
    expect(decryptOpenSslAes(Buffer.alloc(48, 7).toString('base64'), 'SecretKey123')).toBeUndefined();
    expect(decryptOpenSslAes(sealed.slice(0, 30), 'SecretKey123')).toBeUndefined();
    expect(decryptOpenSslAes('', 'SecretKey123')).toBeUndefined();
  });
});
