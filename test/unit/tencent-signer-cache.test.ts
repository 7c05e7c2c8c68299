/**
 * The TC3 signer keeps derived signing keys (per secret, date and service) and the last credential scope between
 * calls. Whatever the order of secrets and days, every signature must equal one computed from scratch.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildTencentRequest } from '../../src/providers/tencent/request.js';
import {
  clearTc3Caches,
  signTc3HmacSha256,
  tc3CanonicalRequest,
  tc3SigningKey,
  tc3StringToSign,
} from '../../src/providers/tencent/signer.js';
import type { InvokeInput } from '../../src/providers/types.js';

const input: InvokeInput = {
  provider: 'tencent',
  functionName: 'hello',
  event: new TextEncoder().encode('{"a":1}'),
  invocationType: 'sync',
  logs: true,
  endpoint: 'https://scf.tencentcloudapi.com',
  region: 'ap-guangzhou',
};

/** The signature computed step by step, with a fresh HMAC for every step. */
function expectedSignature(secret: string, timestamp: number, body: Uint8Array): string {
  const canonical = tc3CanonicalRequest({
    method: 'POST',
    hostname: 'scf.tencentcloudapi.com',
    contentType: 'application/json',
    payload: body,
    timestamp,
    service: 'scf',
  });
  const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const stringToSign = tc3StringToSign(canonical, timestamp, 'scf');
  expect(stringToSign).toContain(`\n${date}/scf/tc3_request\n`);
  return createHmac('sha256', tc3SigningKey(secret, date, 'scf')).update(stringToSign).digest('hex');
}

describe('TC3 signing-key cache', () => {
  it('signs correctly across secrets and days in any order, past the cache size', () => {
    const request = buildTencentRequest(input);
    const secrets = Array.from({ length: 11 }, (_, i) => `secret-${i}-fcinvoke`);
    const days = [1_700_000_000, 1_700_000_000 + 86_400, 1_700_000_000 - 86_400 + 5, 1_700_000_000 + 3];
    const order: Array<[string, number]> = [];
    for (let round = 0; round < 3; round += 1) {
      for (const [index, secret] of secrets.entries()) order.push([secret, days[(index + round) % days.length]!]);
      order.push([secrets[0]!, days[0]!], [secrets[0]!, days[1]!], [secrets[0]!, days[0]!]);
    }
    for (const [secret, timestamp] of order) {
      const signed = signTc3HmacSha256(
        request,
        { kind: 'keys', accessKeyId: 'AKIDfcinvoke', accessKeySecret: secret },
        { now: new Date(timestamp * 1000), nonce: 1 },
      );
      expect(signed.headers['Authorization']).toMatch(/Signature=([0-9a-f]{64})$/);
      expect(/Signature=([0-9a-f]{64})$/.exec(signed.headers['Authorization']!)![1]).toBe(
        expectedSignature(secret, timestamp, request.body),
      );
      expect(signed.headers['X-TC-Timestamp']).toBe(String(timestamp));
    }
  });

  it('keeps the header order: the request headers, then timestamp, token and Authorization', () => {
    const signed = signTc3HmacSha256(
      buildTencentRequest(input),
      { kind: 'keys', accessKeyId: 'AKIDfcinvoke', accessKeySecret: 's', securityToken: 'token' },
      { now: new Date(1_700_000_000_000), nonce: 1 },
    );
    expect(Object.keys(signed.headers)).toEqual([
      'X-TC-Action',
      'X-TC-Region',
      'X-TC-Version',
      'Content-Type',
      'X-TC-Timestamp',
      'X-TC-Token',
      'Authorization',
    ]);
  });
});

describe('clearTc3Caches', () => {
  it('empties the caches without changing a signature', () => {
    const request = buildTencentRequest(input);
    const context = { now: new Date(1_700_000_000_000), nonce: 1 };
    const credentials = { kind: 'keys' as const, accessKeyId: 'AKIDfcinvokeTEST', accessKeySecret: 'secret-clear-fcinvoke' };
    const before = signTc3HmacSha256(request, credentials, context).headers['Authorization'];
    clearTc3Caches();
    expect(signTc3HmacSha256(request, credentials, context).headers['Authorization']).toBe(before);
  });
});
