/** TC3-HMAC-SHA256 worked examples from providers.md §1.7 (computed with tencentcloud-sdk-nodejs-scf 4.1.151). */
import { describe, expect, it } from 'vitest';
import { buildTencentRequest } from '../../src/providers/tencent/request.js';
import {
  signTc3HmacSha256,
  tc3Authorization,
  tc3CanonicalRequest,
  tc3StringToSign,
} from '../../src/providers/tencent/signer.js';
import type { InvokeInput } from '../../src/providers/types.js';
import { sha256Hex } from '../../src/providers/shared/hmac.js';
import { FAKE } from '../helpers/secrets.js';

const keys = { kind: 'keys' as const, accessKeyId: FAKE.tencent.id, accessKeySecret: FAKE.tencent.secret };

function input(overrides: Partial<InvokeInput>): InvokeInput {
  return {
    provider: 'tencent',
    functionName: 'hello-world',
    event: new TextEncoder().encode('{}'),
    invocationType: 'sync',
    logs: true,
    endpoint: 'https://scf.tencentcloudapi.com',
    region: 'ap-guangzhou',
    ...overrides,
  };
}

describe('TC3-1: InvokeFunction, basic', () => {
  const request = buildTencentRequest(
    input({ qualifier: '$LATEST', namespace: 'default', event: new TextEncoder().encode('{"key":"value"}') }),
  );
  const body = new TextDecoder().decode(request.body);
  const parts = {
    method: 'POST',
    hostname: 'scf.tencentcloudapi.com',
    contentType: 'application/json',
    payload: request.body,
    timestamp: 1700000000,
    service: 'scf',
  };

  it('builds the body the SDK sends, field for field and in order', () => {
    expect(body).toBe(
      '{"FunctionName":"hello-world","Qualifier":"$LATEST","Event":"{\\"key\\":\\"value\\"}","LogType":"Tail","Namespace":"default"}',
    );
    expect(sha256Hex(request.body)).toBe('49167c7698d252324736e4b240bda8efe8fe0d16c15b8634414a6196c6d2866e');
  });

  it('produces the documented canonical request and string to sign', () => {
    const canonical = tc3CanonicalRequest(parts);
    expect(canonical).toBe(
      'POST\n/\n\ncontent-type:application/json\nhost:scf.tencentcloudapi.com\n\ncontent-type;host\n49167c7698d252324736e4b240bda8efe8fe0d16c15b8634414a6196c6d2866e',
    );
    expect(sha256Hex(canonical)).toBe('966250dfc81dea6c1d804bffc6d6bd9abd89fa9588734c03767fa10384240105');
    expect(tc3StringToSign(canonical, 1700000000, 'scf')).toBe(
      'TC3-HMAC-SHA256\n1700000000\n2023-11-14/scf/tc3_request\n966250dfc81dea6c1d804bffc6d6bd9abd89fa9588734c03767fa10384240105',
    );
  });

  it('produces the documented Authorization header', () => {
    const signed = signTc3HmacSha256(request, keys, { now: new Date(1700000000 * 1000), nonce: 1 });
    expect(signed.headers['Authorization']).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDEXAMPLEfcinvoke0000000000000001/2023-11-14/scf/tc3_request, SignedHeaders=content-type;host, Signature=c0fb9f195cf206063d3f922575ed96c29cd3999ab64641fda3881824a5b087d3',
    );
    expect(signed.headers['X-TC-Timestamp']).toBe('1700000000');
    expect(signed.headers['X-TC-Action']).toBe('InvokeFunction');
    expect(signed.headers['X-TC-Region']).toBe('ap-guangzhou');
    expect(signed.headers['X-TC-Version']).toBe('2018-04-16');
  });

  it('leaves the unsigned request untouched', () => {
    signTc3HmacSha256(request, keys, { now: new Date(1700000000 * 1000), nonce: 1 });
    expect(request.headers['Authorization']).toBeUndefined();
  });
});

describe('TC3-2: Invoke, async, STS token, non-ASCII event, date boundary', () => {
  const request = buildTencentRequest(
    input({
      functionName: 'order_processor',
      invocationType: 'async',
      qualifier: 'prod',
      namespace: 'team-a',
      region: 'ap-shanghai',
      event: new TextEncoder().encode('{"msg":"你好, world","n":1}'),
    }),
  );

  it('uses Invoke with InvocationType=Event and the event in ClientContext', () => {
    expect(new TextDecoder().decode(request.body)).toBe(
      '{"FunctionName":"order_processor","InvocationType":"Event","Qualifier":"prod","ClientContext":"{\\"msg\\":\\"你好, world\\",\\"n\\":1}","Namespace":"team-a"}',
    );
    expect(request.headers['X-TC-Action']).toBe('Invoke');
  });

  it('signs with the date of the timestamp and sends the token unsigned', () => {
    const signed = signTc3HmacSha256(
      request,
      { ...keys, securityToken: FAKE.tencent.token },
      { now: new Date(1704067199 * 1000), nonce: 1 },
    );
    expect(signed.headers['Authorization']).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDEXAMPLEfcinvoke0000000000000001/2023-12-31/scf/tc3_request, SignedHeaders=content-type;host, Signature=244713359541861663de4b6bbd7a4ecce660f72319ff678fda2f2c18ef51701b',
    );
    expect(signed.headers['X-TC-Token']).toBe(FAKE.tencent.token);
  });
});

describe('TC3-3: regional endpoint with a RoutingKey', () => {
  it('signs the regional host', () => {
    const request = buildTencentRequest(
      input({
        functionName: 'fn',
        logs: true,
        region: 'ap-singapore',
        endpoint: 'https://scf.ap-singapore.tencentcloudapi.com',
        routingKey: { user: '42' },
      }),
    );
    // The SDK vector has no LogType; compare on the documented body.
    const body = new TextEncoder().encode('{"FunctionName":"fn","Event":"{}","RoutingKey":"{\\"user\\":\\"42\\"}"}');
    const { authorization } = tc3Authorization(
      {
        method: 'POST',
        hostname: new URL(request.url).hostname,
        contentType: 'application/json',
        payload: body,
        timestamp: 1735689600,
        service: 'scf',
      },
      FAKE.tencent.id,
      FAKE.tencent.secret,
    );
    expect(authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDEXAMPLEfcinvoke0000000000000001/2025-01-01/scf/tc3_request, SignedHeaders=content-type;host, Signature=763250d1adc1f5862b11d9c224528c3b96e83b25d9afe20abae1d396f9fb7089',
    );
    expect(JSON.parse(new TextDecoder().decode(request.body))).toMatchObject({ RoutingKey: '{"user":"42"}' });
  });

  it('changes the signature when one body byte changes', () => {
    const base = {
      method: 'POST',
      hostname: 'scf.tencentcloudapi.com',
      contentType: 'application/json',
      timestamp: 1735689600,
      service: 'scf',
    };
    const a = tc3Authorization({ ...base, payload: '{"a":1}' }, FAKE.tencent.id, FAKE.tencent.secret);
    const b = tc3Authorization({ ...base, payload: '{"a":2}' }, FAKE.tencent.id, FAKE.tencent.secret);
    expect(a.signature).not.toBe(b.signature);
  });
});
