/**
 * FC 2.0 `FC ak:sig` worked examples from providers.md §4.7 (computed with @alicloud/fc2 2.6.6), step by step. The
 * signed values themselves are rows of test/conformance/vectors.ts.
 */
import { describe, expect, it } from 'vitest';
import { buildFc2Request } from '../../src/providers/aliyun-fc2/request.js';
import {
  fc2Authorization,
  fc2CanonicalHeaders,
  fc2CanonicalResource,
  fc2ContentMd5,
  fc2Date,
  fc2StringToSign,
  type Fc2Parts,
} from '../../src/providers/aliyun-fc2/signer.js';
import { md5Hex } from '../../src/providers/shared/hmac.js';
import type { HttpRequest } from '../../src/providers/types.js';
import { inputFor } from '../conformance/cases.js';
import { vector } from '../conformance/vectors.js';

/** The parts fc2StringToSign reads, taken from a signed request (its own path unless `path` is given). */
function partsOf(signed: HttpRequest, path = new URL(signed.url).pathname): Fc2Parts {
  const { headers } = signed;
  return { method: 'POST', contentMd5: headers['content-md5'] ?? '', contentType: headers['content-type'] ?? '', date: headers['date']!, headers, path };
}

describe('the Content-MD5 quirk (providers.md §0.3)', () => {
  it('is base64 of the hex text of the MD5, not of the raw digest', () => {
    expect(md5Hex('{"key":"value"}')).toBe('a7353f7cddce808de0032747a0b7be50');
    expect(fc2ContentMd5('{"key":"value"}')).toBe('YTczNTNmN2NkZGNlODA4ZGUwMDMyNzQ3YTBiN2JlNTA=');
    expect(fc2ContentMd5('{"key":"value"}')).not.toBe(Buffer.from(md5Hex('{"key":"value"}'), 'hex').toString('base64'));
  });
});

describe('FC2-1: sync, Tail, qualifier LATEST', () => {
  const { unsigned: request, signed, credentials: keys } = vector('aliyun-fc2', 'FC2-1:');
  // Method, Content-MD5, Content-Type, Date, the x-fc headers, the resource.
  const expectedStringToSign =
    'POST\nYTczNTNmN2NkZGNlODA4ZGUwMDMyNzQ3YTBiN2JlNTA=\napplication/octet-stream\nTue, 14 Nov 2023 22:13:20 GMT\n' +
    'x-fc-account-id:1234567890123456\nx-fc-invocation-type:Sync\nx-fc-log-type:Tail\n' +
    '/2016-08-15/services/demo-svc.LATEST/functions/hello-world/invocations';

  it('builds the URL and headers the SDK sends', () => {
    expect(request.url).toBe(
      'https://1234567890123456.cn-hangzhou.fc.aliyuncs.com/2016-08-15/services/demo-svc.LATEST/functions/hello-world/invocations',
    );
    expect(request.headers).toEqual({
      accept: 'application/json',
      'x-fc-account-id': '1234567890123456',
      'x-fc-invocation-type': 'Sync',
      'x-fc-log-type': 'Tail',
      'content-type': 'application/octet-stream',
    });
    expect(new TextDecoder().decode(request.body)).toBe('{"key":"value"}');
  });

  it('renders the Date header as RFC 1123 GMT', () => {
    expect(fc2Date(new Date('2023-11-14T22:13:20Z'))).toBe('Tue, 14 Nov 2023 22:13:20 GMT');
  });

  it('produces the documented string to sign, step by step', () => {
    expect(fc2CanonicalHeaders(signed.headers)).toBe(
      'x-fc-account-id:1234567890123456\nx-fc-invocation-type:Sync\nx-fc-log-type:Tail\n',
    );
    expect(fc2CanonicalResource(new URL(signed.url).pathname)).toBe(
      '/2016-08-15/services/demo-svc.LATEST/functions/hello-world/invocations',
    );
    const { stringToSign } = fc2Authorization(partsOf(signed), keys.accessKeyId, keys.accessKeySecret);
    expect(stringToSign).toBe(expectedStringToSign);
  });

  it('signs the same headers on the 2021-04-06 resource as documented (FC2-4, the signing primitive only)', () => {
    const path = '/2021-04-06/services/demo-svc.LATEST/functions/hello-world/invocations';
    const { authorization } = fc2Authorization(partsOf(signed, path), keys.accessKeyId, keys.accessKeySecret);
    expect(authorization).toBe('FC LTAI5tFAKEfcinvoke000001:OBlMfr/XoKt73ofHF9zbJImMX9PiwVlGAl3qxvbCYCE=');
  });
});

describe('FC2-2: async, stateful id, STS token, internal endpoint, non-ASCII body', () => {
  const { signed } = vector('aliyun-fc2', 'FC2-2:');

  it('sends the path, the async headers and no log type', () => {
    expect(signed.url).toBe(
      'https://1234567890123456.cn-shanghai-internal.fc.aliyuncs.com/2016-08-15/services/orders.prod/functions/order_processor/invocations',
    );
    expect(signed.body.byteLength).toBe(23);
    expect(signed.headers['x-fc-invocation-type']).toBe('Async');
    expect(signed.headers['x-fc-stateful-async-invocation-id']).toBe('task_2024-01-01');
    expect(signed.headers['x-fc-log-type']).toBeUndefined();
    expect(signed.headers['x-fc-security-token']).toBe('FAKEsecurityTOKEN+/=');
  });

  it('signs the security token and the stateful id as x-fc headers, sorted', () => {
    expect(fc2StringToSign(partsOf(signed))    ).toBe(
      [
        'POST',
        'ZWZkY2ViZGRjOWYzMzIwNzJiZTU5MzNhNWVhMWIxNDM=',
        'application/octet-stream',
        'Sun, 31 Dec 2023 23:59:59 GMT',
        'x-fc-account-id:1234567890123456',
        'x-fc-invocation-type:Async',
        'x-fc-security-token:FAKEsecurityTOKEN+/=',
        'x-fc-stateful-async-invocation-id:task_2024-01-01',
        '/2016-08-15/services/orders.prod/functions/order_processor/invocations',
      ].join('\n'),
    );
  });
});

describe('FC2-3: no body, no qualifier, no invocation-type header, ap-southeast-1', () => {
  const { signed } = vector('aliyun-fc2', 'FC2-3:');

  it('signs empty Content-MD5 and Content-Type lines and adds no content-md5 header', () => {
    expect(signed.headers['content-md5']).toBeUndefined();
    expect(fc2StringToSign(partsOf(signed))    ).toBe(
      'POST\n\n\nWed, 01 Jan 2025 00:00:00 GMT\nx-fc-account-id:1234567890123456\n/2016-08-15/services/svc/functions/fn/invocations',
    );
  });

  it('sends no content-type from the builder for an empty event', () => {
    const built = buildFc2Request(inputFor('aliyun-fc2', { functionName: 'svc/fn', event: new Uint8Array(0) }));
    expect(built.headers['content-type']).toBeUndefined();
  });
});

describe('canonicalization steps', () => {
  it('lower-cases and sorts x-fc headers, ignores others and keeps values untrimmed', () => {
    expect(
      fc2CanonicalHeaders({ 'X-Fc-Log-Type': 'Tail', date: 'x', 'x-fc-account-id': ' 1 ', 'X-Other': 'y' }),
    ).toBe('x-fc-account-id: 1 \nx-fc-log-type:Tail\n');
  });

  it('signs the percent-decoded path without its query', () => {
    expect(fc2CanonicalResource('/2016-08-15/services/s%20v%C3%A9/functions/f%2Bn/invocations?x=1')).toBe(
      '/2016-08-15/services/s vé/functions/f+n/invocations',
    );
  });

  it('keeps a malformed escape as it is rather than throwing', () => {
    expect(fc2CanonicalResource('/a%zz/b')).toBe('/a%zz/b');
  });
});
