/**
 * The FunctionGraph oracle of huawei and otc, run by test/conformance/oracle.test.ts: our SDK-HMAC-SHA256 signature
 * against the official @huaweicloud/huaweicloud-sdk-functiongraph 3.1.211, pointed at the cloud's own hosts with its
 * own keys (OTC runs the same API and signing, providers.md §9.1). The same request at the same instant must give
 * the same path, body bytes, signed headers and Authorization. The SDK's axios adapter is replaced by a recorder (as
 * in providers.md §5.7), so nothing leaves the process.
 */
import { createRequire } from 'node:module';
import { vi } from 'vitest';
import type { InvokeInput } from '../../src/providers/types.js';
import { Recorder, type Oracle } from '../conformance/oracle.js';
import { PROVIDERS } from '../helpers/providers.js';
import { FAKE } from '../helpers/secrets.js';

const require = createRequire(import.meta.url);

export interface SdkRequest {
  withFunctionUrn(urn: string): SdkRequest;
  withBody(body: unknown): SdkRequest;
  withXCffLogType(value: string): SdkRequest;
  withXCFFRequestVersion(value: string): SdkRequest;
}
export interface SdkCredentials {
  withAk(ak: string): SdkCredentials;
  withSk(sk: string): SdkCredentials;
  withProjectId(id: string): SdkCredentials;
  withSecurityToken(token: string): SdkCredentials;
}
export interface SdkClient {
  invokeFunction(request: SdkRequest): Promise<unknown>;
  asyncInvokeFunction(request: SdkRequest): Promise<unknown>;
}
export interface SdkBuilder {
  withCredential(credential: SdkCredentials): SdkBuilder;
  withEndpoint(endpoint: string): SdkBuilder;
  withOptions(options: unknown): SdkBuilder;
  build(): SdkClient;
}

/** The official SDK's client and request classes (the emulator tests drive it too). */
export const fg = require('@huaweicloud/huaweicloud-sdk-functiongraph') as {
  FunctionGraphClient: { newBuilder(): SdkBuilder };
  InvokeFunctionRequest: new () => SdkRequest;
  AsyncInvokeFunctionRequest: new () => SdkRequest;
};
export const core = require('@huaweicloud/huaweicloud-sdk-core') as { BasicCredentials: new () => SdkCredentials };

interface Captured {
  baseURL: string;
  url: string;
  headers: Record<string, string>;
  data: string | undefined;
}

/** What differs between the two clouds: keys, project, hosts and regions. */
interface Cloud {
  provider: 'huawei' | 'otc';
  id: string;
  secret: string;
  project: string;
  token: string;
  regions: readonly [string, string];
  endpoints: readonly string[];
}

const CLOUDS: Record<Cloud['provider'], Cloud> = {
  huawei: {
    provider: 'huawei',
    ...FAKE.huawei,
    regions: ['cn-north-4', 'cn-east-3'],
    endpoints: ['https://functiongraph.cn-north-4.myhuaweicloud.com', 'http://127.0.0.1:9000', 'https://functiongraph.ap-southeast-1.myhuaweicloud.com:8443'],
  },
  otc: {
    provider: 'otc',
    ...FAKE.otc,
    token: 'FAKEotcSESSIONtoken+/=',
    regions: ['eu-de', 'eu-nl'],
    endpoints: ['https://functiongraph.eu-de.otc.t-systems.com', 'http://127.0.0.1:9000', 'https://functiongraph.eu-nl.otc.t-systems.com:8443'],
  },
};

/** The request the SDK would send, recorded by an axios adapter. */
async function sdkRequest(
  cloud: Cloud,
  urn: string,
  body: unknown,
  options: { endpoint: string; invocationType: 'sync' | 'async'; logs: boolean; token?: string | undefined; at: Date },
): Promise<Captured> {
  const recorder = new Recorder<Captured>();
  const adapter = (config: { baseURL: string; url: string; headers: Record<string, string>; data: string }) => {
    recorder.record({ baseURL: config.baseURL, url: config.url, headers: { ...config.headers }, data: config.data });
    const data = options.invocationType === 'async' ? { request_id: 'oracle' } : { request_id: 'oracle', result: '{}', log: '', status: 200 };
    return Promise.resolve({ data, status: options.invocationType === 'async' ? 202 : 200, statusText: 'OK', headers: { 'content-type': 'application/json' }, config, request: {} });
  };
  let credentials = new core.BasicCredentials().withAk(cloud.id).withSk(cloud.secret).withProjectId(cloud.project);
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
  return recorder.take();
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
function* cases(cloud: Cloud): Generator<Case> {
  const [home, other] = cloud.regions;
  const functions: Array<{ name: string; qualifier?: string }> = [
    { name: 'hello-world' },
    { name: 'order_processor', qualifier: '3' },
    { name: 'orders/order_processor', qualifier: '!prod' },
    { name: 'Fn2', qualifier: 'alias:blue-green' },
    { name: 'функция', qualifier: 'v2.1' },
    { name: '函数.v1~x', qualifier: 'latest' },
    { name: `urn:fss:${other}:${cloud.project}:function:default:fn:!prod` },
    { name: `urn:fss:${home}:${cloud.project}:function:pkg-1:a_b` },
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
  const { endpoints } = cloud;
  const instants = ['2023-11-14T22:13:20Z', '2023-12-31T23:59:59Z', '2024-02-29T12:00:00Z', '2025-01-01T00:00:00Z'];
  let index = 0;
  for (const event of events) {
    for (const invocationType of ['sync', 'async'] as const) {
      for (const fn of [functions[index % functions.length]!, functions[(index + 3) % functions.length]!]) {
        const endpoint = endpoints[index % endpoints.length]!;
        const logs = index % 3 !== 2;
        const token = index % 2 === 0 ? cloud.token : undefined;
        yield {
          name: `${invocationType} ${fn.name} q=${fn.qualifier ?? '-'} event#${events.indexOf(event)} ${new URL(endpoint).host}${logs ? ' tail' : ''}${token ? ' token' : ''}`,
          input: {
            provider: cloud.provider,
            functionName: fn.name,
            qualifier: fn.qualifier,
            region: fn.name.startsWith('urn:') ? undefined : home,
            projectId: cloud.project,
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

/** The oracle of `provider`'s FunctionGraph client. */
export function functionGraphOracle(provider: Cloud['provider']): Oracle<Case> {
  const cloud = CLOUDS[provider];
  const all = [...cases(cloud)];
  return {
    sdk: '@huaweicloud/huaweicloud-sdk-functiongraph 3.1.211',
    // The recorder is an axios adapter passed to each client: nothing to replace.
    install: () => () => vi.useRealTimers(),
    cases: all,
    minimumCases: 30,
    coverage: [['with and without a security token', all.some((c) => c.token !== undefined) && all.some((c) => c.token === undefined)]],
    async compare(c, secret = cloud.secret) {
      const implementation = PROVIDERS[provider];
      const ours = implementation.sign(
        implementation.buildRequest(c.input),
        { kind: 'keys', accessKeyId: cloud.id, accessKeySecret: secret, securityToken: c.token },
        { now: c.at, nonce: 1 },
      );
      const ourUrl = new URL(ours.url);
      const urn = decodeURIComponent(ourUrl.pathname.split('/')[5] ?? '');
      const sdk = await sdkRequest(cloud, urn, c.body, {
        endpoint: c.input.endpoint,
        invocationType: c.input.invocationType,
        logs: c.input.logs,
        token: c.token,
        at: c.at,
      });
      // Same signed header values, same Authorization.
      const authorization = sdk.headers['Authorization'] ?? '';
      const signedNames = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
      const lower = (headers: Record<string, string>) =>
        Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
      const ourHeaders = lower(ours.headers);
      const sdkHeaders = lower(sdk.headers);
      return [
        // Same path (the SDK leaves the URN raw; WHATWG URL percent-encodes non-ASCII, which is the same path).
        ['path', decodeURIComponent(ourUrl.pathname), sdk.url],
        ['endpoint', c.input.endpoint, sdk.baseURL],
        // Same body bytes. For an empty body the SDK signs the empty payload but axios sends the JSON text `""`
        // (the string-body quirk of providers.md §5.7), so only the signature can agree there.
        ...(c.body === ''
          ? ([['empty body', ours.body.byteLength, 0], ['SDK body', sdk.data, '""']] as const)
          : ([['body', new TextDecoder().decode(ours.body), sdk.data]] as const)),
        ['more than 3 signed headers', signedNames.length > 3, true],
        ...signedNames.map((name) => [name, ourHeaders[name], sdkHeaders[name]] as const),
        ['Authorization', ours.headers['Authorization'], authorization],
      ];
    },
  };
}
