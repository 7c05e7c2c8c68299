/**
 * Our SDK-HMAC-SHA256 signature against the official @huaweicloud/huaweicloud-sdk-functiongraph 3.1.211: the same
 * request at the same instant must give the same path, body bytes, signed headers and Authorization. The SDK's
 * axios adapter is replaced by a recorder (as in providers.md §5.7), so nothing leaves the process.
 */
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildHuaweiRequest } from '../../src/providers/huawei/request.js';
import { signHuaweiRequest } from '../../src/providers/huawei/signer.js';
import type { InvokeInput } from '../../src/providers/types.js';
import { FAKE } from '../helpers/secrets.js';

const require = createRequire(import.meta.url);

interface SdkRequest {
  withFunctionUrn(urn: string): SdkRequest;
  withBody(body: unknown): SdkRequest;
  withXCffLogType(value: string): SdkRequest;
  withXCFFRequestVersion(value: string): SdkRequest;
}
interface SdkCredentials {
  withAk(ak: string): SdkCredentials;
  withSk(sk: string): SdkCredentials;
  withProjectId(id: string): SdkCredentials;
  withSecurityToken(token: string): SdkCredentials;
}
interface SdkClient {
  invokeFunction(request: SdkRequest): Promise<unknown>;
  asyncInvokeFunction(request: SdkRequest): Promise<unknown>;
}
interface SdkBuilder {
  withCredential(credential: SdkCredentials): SdkBuilder;
  withEndpoint(endpoint: string): SdkBuilder;
  withOptions(options: unknown): SdkBuilder;
  build(): SdkClient;
}

const fg = require('@huaweicloud/huaweicloud-sdk-functiongraph') as {
  FunctionGraphClient: { newBuilder(): SdkBuilder };
  InvokeFunctionRequest: new () => SdkRequest;
  AsyncInvokeFunctionRequest: new () => SdkRequest;
};
const core = require('@huaweicloud/huaweicloud-sdk-core') as { BasicCredentials: new () => SdkCredentials };

interface Captured {
  baseURL: string;
  url: string;
  headers: Record<string, string>;
  data: string | undefined;
}

afterAll(() => {
  vi.useRealTimers();
});

/** The request the SDK would send, recorded by an axios adapter. */
async function sdkRequest(
  urn: string,
  body: unknown,
  options: { endpoint: string; invocationType: 'sync' | 'async'; logs: boolean; token?: string | undefined; at: Date },
): Promise<Captured> {
  let captured: Captured | undefined;
  const adapter = (config: { baseURL: string; url: string; headers: Record<string, string>; data: string }) => {
    captured = { baseURL: config.baseURL, url: config.url, headers: { ...config.headers }, data: config.data };
    const data = options.invocationType === 'async' ? { request_id: 'oracle' } : { request_id: 'oracle', result: '{}', log: '', status: 200 };
    return Promise.resolve({ data, status: options.invocationType === 'async' ? 202 : 200, statusText: 'OK', headers: { 'content-type': 'application/json' }, config, request: {} });
  };
  let credentials = new core.BasicCredentials().withAk(FAKE.huawei.id).withSk(FAKE.huawei.secret).withProjectId(FAKE.huawei.project);
  if (options.token !== undefined) credentials = credentials.withSecurityToken(options.token);
  const client = fg.FunctionGraphClient.newBuilder()
    .withCredential(credentials)
    .withEndpoint(options.endpoint)
    .withOptions({ axiosRequestConfig: { adapter } })
    .build();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(options.at);
  try {
    if (options.invocationType === 'async') {
      await client.asyncInvokeFunction(new fg.AsyncInvokeFunctionRequest().withFunctionUrn(urn).withBody(body));
    } else {
      let request = new fg.InvokeFunctionRequest().withFunctionUrn(urn).withBody(body).withXCFFRequestVersion('v1');
      if (options.logs) request = request.withXCffLogType('tail');
      await client.invokeFunction(request);
    }
  } finally {
    vi.useRealTimers();
  }
  if (captured === undefined) throw new Error('the SDK sent nothing');
  return captured;
}

interface Case {
  name: string;
  input: InvokeInput;
  /** The event as the JS value handed to the SDK; our event bytes are its JSON text (or empty for ''). */
  body: unknown;
  token?: string | undefined;
  at: Date;
}

/** A deterministic generator, so failures reproduce. */
function* cases(): Generator<Case> {
  const functions: Array<{ name: string; qualifier?: string }> = [
    { name: 'hello-world' },
    { name: 'order_processor', qualifier: '3' },
    { name: 'orders/order_processor', qualifier: '!prod' },
    { name: 'Fn2', qualifier: 'alias:blue-green' },
    { name: 'функция', qualifier: 'v2.1' },
    { name: '函数.v1~x', qualifier: 'latest' },
    { name: 'urn:fss:cn-east-3:0123456789abcdef0123456789abcdef:function:default:fn:!prod' },
    { name: 'urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:pkg-1:a_b' },
  ];
  const events: unknown[] = [
    {},
    { key: 'value' },
    { msg: '你好, world', emoji: '🚀', n: 1 },
    { path: '/a%2Fb/../c?x=1&y=2', quote: '"', nl: 'line1\nline2', tab: '\t', backslash: '\\' },
    [1, 2, 3],
    { nested: { deep: [{ a: null, b: true, c: 1.5e-7 }] } },
    { big: 'x'.repeat(5000) },
    '',
  ];
  const endpoints = [
    'https://functiongraph.cn-north-4.myhuaweicloud.com',
    'http://127.0.0.1:9000',
    'https://functiongraph.ap-southeast-1.myhuaweicloud.com:8443',
  ];
  const instants = ['2023-11-14T22:13:20Z', '2023-12-31T23:59:59Z', '2024-02-29T12:00:00Z', '2025-01-01T00:00:00Z'];
  let index = 0;
  for (const event of events) {
    for (const invocationType of ['sync', 'async'] as const) {
      for (const fn of [functions[index % functions.length]!, functions[(index + 3) % functions.length]!]) {
        const endpoint = endpoints[index % endpoints.length]!;
        const logs = index % 3 !== 2;
        const token = index % 2 === 0 ? FAKE.huawei.token : undefined;
        yield {
          name: `${invocationType} ${fn.name} q=${fn.qualifier ?? '-'} event#${events.indexOf(event)} ${new URL(endpoint).host}${logs ? ' tail' : ''}${token ? ' token' : ''}`,
          input: {
            provider: 'huawei',
            functionName: fn.name,
            qualifier: fn.qualifier,
            region: fn.name.startsWith('urn:') ? undefined : 'cn-north-4',
            projectId: FAKE.huawei.project,
            event: new TextEncoder().encode(event === '' ? '' : JSON.stringify(event)),
            invocationType,
            logs,
            endpoint,
          },
          body: event,
          token,
          at: new Date(instants[index % instants.length]!),
        };
        index += 1;
      }
    }
  }
}

const ALL = [...cases()];

describe('SDK-HMAC-SHA256 against @huaweicloud/huaweicloud-sdk-functiongraph', () => {
  it('covers many varied requests', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(30);
    expect(ALL.some((c) => c.token !== undefined) && ALL.some((c) => c.token === undefined)).toBe(true);
  });

  it.each(ALL.map((c) => [c.name, c] as const))('signs %s exactly as the SDK does', async (_name, c) => {
    const ours = signHuaweiRequest(
      buildHuaweiRequest(c.input),
      { kind: 'keys', accessKeyId: FAKE.huawei.id, accessKeySecret: FAKE.huawei.secret, securityToken: c.token },
      { now: c.at, nonce: 1 },
    );
    const ourUrl = new URL(ours.url);
    const urn = decodeURIComponent(ourUrl.pathname.split('/')[5] ?? '');
    const sdk = await sdkRequest(urn, c.body, {
      endpoint: c.input.endpoint,
      invocationType: c.input.invocationType,
      logs: c.input.logs,
      token: c.token,
      at: c.at,
    });

    // Same path (the SDK leaves the URN raw; WHATWG URL percent-encodes non-ASCII, which is the same path).
    expect(decodeURIComponent(ourUrl.pathname)).toBe(sdk.url);
    expect(sdk.baseURL).toBe(c.input.endpoint);
    // Same body bytes. For an empty body the SDK signs the empty payload but axios sends the JSON text `""`
    // (the string-body quirk of providers.md §5.7), so only the signature can agree there.
    if (c.body === '') {
      expect(ours.body.byteLength).toBe(0);
      expect(sdk.data).toBe('""');
    } else {
      expect(new TextDecoder().decode(ours.body)).toBe(sdk.data);
    }
    // Same signed header values, same Authorization.
    const authorization = sdk.headers['Authorization'] ?? '';
    const signedNames = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
    expect(signedNames.length).toBeGreaterThan(3);
    const lower = (headers: Record<string, string>) =>
      Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
    const ourHeaders = lower(ours.headers);
    const sdkHeaders = lower(sdk.headers);
    for (const name of signedNames) expect(ourHeaders[name], name).toBe(sdkHeaders[name]);
    expect(ours.headers['Authorization']).toBe(authorization);
  });
});
