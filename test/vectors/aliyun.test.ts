/**
 * ACS3-HMAC-SHA256 worked examples from providers.md §3.7 (computed with @alicloud/fc20230330 4.7.6), step by step.
 * The signed values themselves are rows of test/conformance/vectors.ts.
 */
import { describe, expect, it } from 'vitest';
import { buildAliyunRequest } from '../../src/providers/aliyun/request.js';
import {
  acs3Authorization,
  acs3CanonicalQuery,
  acs3CanonicalRequest,
  acs3Date,
  acs3StringToSign,
  signAcs3HmacSha256,
} from '../../src/providers/aliyun/signer.js';
import { sha256Hex } from '../../src/providers/shared/hmac.js';
import { inputFor, keysFor } from '../conformance/cases.js';
import { vector } from '../conformance/vectors.js';
import { FAKE } from '../helpers/secrets.js';

const keys = keysFor('aliyun');
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('FC3-1: sync, Tail, qualifier LATEST', () => {
  const { unsigned: request } = vector('aliyun', 'FC3-1b:');
  const canonical = [
    'POST',
    '/2023-03-30/functions/hello-world/invocations',
    'qualifier=LATEST',
    'content-type:application/octet-stream',
    'host:1234567890123456.cn-hangzhou.fc.aliyuncs.com',
    'x-acs-action:InvokeFunction',
    'x-acs-content-sha256:e43abcf3375244839c012f9633f95862d232a95b00d5bc7348b3098b9fed7f32',
    'x-acs-credentials-provider:static_ak',
    'x-acs-date:2023-11-14T22:13:20Z',
    'x-acs-signature-nonce:nonce-0001',
    'x-acs-version:2023-03-30',
    '',
    'content-type;host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version',
    'e43abcf3375244839c012f9633f95862d232a95b00d5bc7348b3098b9fed7f32',
  ].join('\n');

  it('builds the URL, headers and body the SDK sends', () => {
    expect(request.url).toBe(
      'https://1234567890123456.cn-hangzhou.fc.aliyuncs.com/2023-03-30/functions/hello-world/invocations?qualifier=LATEST',
    );
    expect(request.headers).toEqual({
      'x-acs-version': '2023-03-30',
      'x-acs-action': 'InvokeFunction',
      accept: 'application/json',
      'x-fc-invocation-type': 'Sync',
      'x-fc-log-type': 'Tail',
      'content-type': 'application/octet-stream',
    });
    expect(new TextDecoder().decode(request.body)).toBe('{"key":"value"}');
    expect(sha256Hex(request.body)).toBe('e43abcf3375244839c012f9633f95862d232a95b00d5bc7348b3098b9fed7f32');
  });

  it('produces the documented canonical request and string to sign', () => {
    const { signed } = vector('aliyun', 'FC3-1:');
    const parts = {
      method: 'POST',
      path: '/2023-03-30/functions/hello-world/invocations',
      query: [['qualifier', 'LATEST']] as const,
      headers: { host: '1234567890123456.cn-hangzhou.fc.aliyuncs.com', ...signed.headers },
      hashedPayload: 'e43abcf3375244839c012f9633f95862d232a95b00d5bc7348b3098b9fed7f32',
    };
    // Authorization itself is not an ACS3 header, so signing the signed headers again gives the same canonical form.
    expect(acs3CanonicalRequest(parts)).toBe(canonical);
    expect(acs3StringToSign(canonical)).toBe(`ACS3-HMAC-SHA256\n${sha256Hex(canonical)}`);
  });

  it('formats x-acs-date as whole UTC seconds, as the SDK does', () => {
    expect(acs3Date(new Date(Date.UTC(2023, 10, 14, 22, 13, 20, 999)))).toBe('2023-11-14T22:13:20Z');
    const signed = signAcs3HmacSha256(request, keys, { now: new Date('2023-11-14T22:13:20.500Z'), nonce: 7 });
    expect(signed.headers['x-acs-date']).toBe('2023-11-14T22:13:20Z');
    expect(signed.headers['x-acs-signature-nonce']).not.toBe(
      signAcs3HmacSha256(request, keys, { now: new Date('2023-11-14T22:13:20.500Z'), nonce: 8 }).headers['x-acs-signature-nonce'],
    );
  });
});

describe('FC3-2: async with task id, STS credentials, non-ASCII body, cn-shanghai', () => {
  const { unsigned: request } = vector('aliyun', 'FC3-2:');

  it('sends the async headers and hashes the UTF-8 body', () => {
    expect(request.headers['x-fc-invocation-type']).toBe('Async');
    expect(request.headers['x-fc-async-task-id']).toBe('task_2024-01-01');
    expect(sha256Hex(request.body)).toBe('9a5a4425cc41e3316f8540dbf13cb176670e55bc39a9b2f765cbafbcaa5af40a');
  });
});

describe('FC3-3: no body, no qualifier, ap-southeast-1', () => {
  const { unsigned: request, signed } = vector('aliyun', 'FC3-3b:');

  it('sends no content-type and the empty-string hash', () => {
    expect(signed.headers['content-type']).toBeUndefined();
    expect(signed.headers['x-acs-content-sha256']).toBe(EMPTY_SHA256);
    expect(request.url).toBe('https://1234567890123456.ap-southeast-1.fc.aliyuncs.com/2023-03-30/functions/fn/invocations');
  });
});

describe('FC3-4: query encoding', () => {
  const parts = {
    method: 'POST',
    path: '/2023-03-30/functions/my-func/invocations',
    query: [['qualifier', 'a b*c']] as const,
    headers: {
      host: '1234567890123456.cn-hangzhou.fc.aliyuncs.com',
      'x-acs-version': '2023-03-30',
      'x-acs-action': 'InvokeFunction',
      'x-acs-date': '2023-11-14T22:13:20Z',
      'x-acs-signature-nonce': 'n',
      'content-type': 'application/octet-stream',
      'x-acs-content-sha256': sha256Hex('x'),
    },
    hashedPayload: sha256Hex('x'),
  };

  it('encodes space as %20 and * as %2A in the canonical query', () => {
    expect(acs3CanonicalQuery(parts.query)).toBe('qualifier=a%20b%2Ac');
  });

  it('gives the documented signature', () => {
    const { signature, signedHeaders } = acs3Authorization(parts, FAKE.aliyun.id, FAKE.aliyun.secret);
    expect(signedHeaders).toBe('content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version');
    expect(signature).toBe('b4f4004223741a48f0564f87c86b881f287e26eb1f01ffee61b4c79a38c8607c');
  });

  it('sends the qualifier RFC 3986-encoded, so the sent query is the signed one', () => {
    const request = buildAliyunRequest(inputFor('aliyun', { functionName: 'my-func', qualifier: 'a b*c' }));
    expect(new URL(request.url).search).toBe('?qualifier=a%20b%2Ac');
  });
});
