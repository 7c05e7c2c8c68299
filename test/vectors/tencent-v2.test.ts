/**
 * Legacy SCF v2 signature worked examples from providers.md §2.7, computed with qcloudapi-sdk 0.2.1 (V2-1, V2-2)
 * and cross-checked with tencentcloud-sdk-nodejs-common's Sign.sign (V2-3). Every step is checked.
 */
import { describe, expect, it } from 'vitest';
import { buildTencentV2Params, buildTencentV2Request } from '../../src/providers/tencent-v2/request.js';
import {
  encodeQcloudV2Params,
  qcloudV2CanonicalQuery,
  qcloudV2Sign,
  qcloudV2Signature,
  qcloudV2StringToSign,
  readQcloudV2Params,
  signQcloudV2,
  type QcloudV2Params,
} from '../../src/providers/tencent-v2/signer.js';
import type { HttpRequest } from '../../src/providers/types.js';
import { inputFor, keysFor } from '../conformance/cases.js';
import { V2_2_BUILT as built, vector } from '../conformance/vectors.js';
import { FAKE } from '../helpers/secrets.js';

const SDK_MARK = ['RequestClient', 'SDK_NODEJS_0.2.1'] as const;
const keys = keysFor('tencent-v2');
const input = (overrides: Parameters<typeof inputFor>[1]) => inputFor('tencent-v2', overrides);

/** The decoded parameters of a signed request, as a map. */
function paramsOf(request: HttpRequest): Record<string, string> {
  return Object.fromEntries(readQcloudV2Params(request));
}

describe('V2-1: GET, HmacSHA1 (no SignatureMethod parameter), sync with Tail', () => {
  const params: QcloudV2Params = [
    ['Region', 'gz'],
    ['SecretId', FAKE.tencent.id],
    ['Timestamp', '1700000000'],
    ['Nonce', '12345'],
    SDK_MARK,
    ['Action', 'InvokeFunction'],
    ['functionName', 'hello-world'],
    ['invokeType', 'RequestResponse'],
    ['logType', 'Tail'],
    ['param', '{"key":"value"}'],
  ];
  const parts = { method: 'GET', host: 'scf.api.qcloud.com', path: '/v2/index.php', params };
  const stringToSign =
    'GETscf.api.qcloud.com/v2/index.php?Action=InvokeFunction&Nonce=12345&Region=gz&RequestClient=SDK_NODEJS_0.2.1&SecretId=AKIDEXAMPLEfcinvoke0000000000000001&Timestamp=1700000000&functionName=hello-world&invokeType=RequestResponse&logType=Tail&param={"key":"value"}';

  it('sorts the parameters by code unit and joins the raw values', () => {
    expect(qcloudV2CanonicalQuery(params, 'GET')).toBe(stringToSign.slice(stringToSign.indexOf('?') + 1));
  });

  it('prefixes the method, host and path to form the documented string to sign', () => {
    expect(qcloudV2StringToSign(parts)).toBe(stringToSign);
  });

  it('produces the documented HmacSHA1 signature', () => {
    expect(qcloudV2Signature(stringToSign, FAKE.tencent.secret, 'HmacSHA1')).toBe('bQeRaiuiY44L7VOuiPbiM4MGro0=');
    expect(qcloudV2Sign(parts, FAKE.tencent.secret).signature).toBe('bQeRaiuiY44L7VOuiPbiM4MGro0=');
  });

  it('signs a GET request in its query with the same signature, percent-encoded', () => {
    const unsigned: HttpRequest = {
      method: 'GET',
      // The same parameters without those the signer adds (SecretId, Timestamp, Nonce).
      url: `https://scf.api.qcloud.com/v2/index.php?${encodeQcloudV2Params(params.filter(([name]) => !['SecretId', 'Timestamp', 'Nonce'].includes(name)))}`,
      headers: {},
      body: new Uint8Array(),
    };
    const signed = signQcloudV2(unsigned, keys, { now: new Date(1700000000 * 1000), nonce: 12345 });
    expect(signed.url).toContain('param=%7B%22key%22%3A%22value%22%7D');
    expect(signed.url).toContain('&Signature=bQeRaiuiY44L7VOuiPbiM4MGro0%3D');
    expect(paramsOf(signed)['Signature']).toBe('bQeRaiuiY44L7VOuiPbiM4MGro0=');
  });
});

describe('V2-2: POST, HmacSHA256, async, non-ASCII event', () => {
  const { signed } = vector('tencent-v2', 'V2-2:');
  const stringToSign =
    'POSTscf.api.qcloud.com/v2/index.php?Action=InvokeFunction&Nonce=65535&Region=ap-guangzhou&RequestClient=SDK_NODEJS_0.2.1&SecretId=AKIDEXAMPLEfcinvoke0000000000000001&SignatureMethod=HmacSHA256&Timestamp=1704067199&functionName=order_processor&invokeType=Event&param={"msg":"你好, world"}';
  const signature = 't+zTOq9q1BosbjjqKpAowNG3KVipWtbPdj4MmWjkN6U=';

  it('builds a POST form request to /v2/index.php without logType for async calls', () => {
    expect(built.method).toBe('POST');
    expect(built.url).toBe('https://scf.api.qcloud.com/v2/index.php');
    expect(built.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(new TextDecoder().decode(built.body)).toBe(
      'Action=InvokeFunction&Region=ap-guangzhou&functionName=order_processor&invokeType=Event&param=%7B%22msg%22%3A%22%E4%BD%A0%E5%A5%BD%2C%20world%22%7D&SignatureMethod=HmacSHA256',
    );
  });

  it('produces the documented string to sign and HmacSHA256 signature', () => {
    const signing = qcloudV2Sign(
      {
        method: 'POST',
        host: 'scf.api.qcloud.com',
        path: '/v2/index.php',
        params: readQcloudV2Params(signed).filter(([name]) => name !== 'Signature'),
      },
      FAKE.tencent.secret,
    );
    expect(signing.stringToSign).toBe(stringToSign);
    expect(signing.signature).toBe(signature);
  });

  it('sends the documented parameters, with the signature percent-encoded in the form body', () => {
    const body = new TextDecoder().decode(signed.body);
    expect(body).toContain('&Signature=t%2BzTOq9q1BosbjjqKpAowNG3KVipWtbPdj4MmWjkN6U%3D');
    expect(body).toContain('param=%7B%22msg%22%3A%22%E4%BD%A0%E5%A5%BD%2C%20world%22%7D');
    // The documented SDK form body, parsed: the same parameter set (order on the wire does not matter).
    const documented =
      'Region=ap-guangzhou&SecretId=AKIDEXAMPLEfcinvoke0000000000000001&Timestamp=1704067199&Nonce=65535&RequestClient=SDK_NODEJS_0.2.1&Action=InvokeFunction&functionName=order_processor&invokeType=Event&param=%7B%22msg%22%3A%22%E4%BD%A0%E5%A5%BD%2C%20world%22%7D&SignatureMethod=HmacSHA256&Signature=t%2BzTOq9q1BosbjjqKpAowNG3KVipWtbPdj4MmWjkN6U%3D';
    expect(paramsOf(signed)).toEqual(Object.fromEntries(new URLSearchParams(documented)));
  });
});

describe('V2-3: what fcinvoke itself sends — no RequestClient, with Token', () => {
  const stringToSign =
    'POSTscf.api.qcloud.com/v2/index.php?Action=InvokeFunction&Nonce=7&Region=ap-shanghai&SecretId=AKIDEXAMPLEfcinvoke0000000000000001&SignatureMethod=HmacSHA256&Timestamp=1735689600&Token=FAKEsessionTOKEN&functionName=fn&invokeType=RequestResponse&logType=None&param={}';
  const signature = 'WCa/n6EyUaMNx5AnvsfY3eXeBK+DeG7EQJWD8ibLvwM=';
  const { signed } = vector('tencent-v2', 'V2-3:');

  it('builds exactly the documented parameter set with the token signed as a parameter', () => {
    const params = readQcloudV2Params(signed).filter(([name]) => name !== 'Signature');
    expect(qcloudV2StringToSign({ method: 'POST', host: 'scf.api.qcloud.com', path: '/v2/index.php', params })).toBe(
      stringToSign,
    );
  });

  it('produces the documented signature from the documented string to sign', () => {
    expect(qcloudV2Signature(stringToSign, FAKE.tencent.secret, 'HmacSHA256')).toBe(signature);
  });

  it('defaults to HmacSHA256 and sends no SignatureMethod for HmacSHA1', () => {
    expect(buildTencentV2Params(input({}))).toContainEqual(['SignatureMethod', 'HmacSHA256']);
    expect(buildTencentV2Params(input({ signatureMethod: 'HmacSHA1' })).map(([name]) => name)).not.toContain(
      'SignatureMethod',
    );
  });

  it('signs the host with its port when the endpoint has one, as the Host header carries it', () => {
    const local = buildTencentV2Request(input({ endpoint: 'http://127.0.0.1:9000' }));
    const params = readQcloudV2Params(signQcloudV2(local, keys, { now: new Date(1735689600 * 1000), nonce: 7 }));
    const unsignedParams = params.filter(([name]) => name !== 'Signature');
    const withPort = qcloudV2Sign(
      { method: 'POST', host: '127.0.0.1:9000', path: '/v2/index.php', params: unsignedParams },
      FAKE.tencent.secret,
    );
    expect(Object.fromEntries(params)['Signature']).toBe(withPort.signature);
  });
});
