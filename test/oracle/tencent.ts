/**
 * The tencent oracle: our TC3 signature against the official tencentcloud-sdk-nodejs-scf. The same request at the
 * same instant must give the same body bytes and Authorization header. The SDK's fetch is replaced by a recorder,
 * so nothing is sent. Run by test/conformance/oracle.test.ts.
 */
import { createRequire } from 'node:module';
import { vi } from 'vitest';
import { buildTencentRequest } from '../../src/providers/tencent/request.js';
import { signTc3HmacSha256 } from '../../src/providers/tencent/signer.js';
import type { InvokeInput } from '../../src/providers/types.js';
import { Recorder, swap, type Captured as SdkRequest, type Oracle } from '../conformance/oracle.js';
import { FAKE } from '../helpers/secrets.js';

const require = createRequire(import.meta.url);
const fetchModule = require('tencentcloud-sdk-nodejs-common/tencentcloud/common/http/fetch.js') as {
  default: (url: string, config: { headers: Record<string, string>; body: string }) => unknown;
};
const scf = require('tencentcloud-sdk-nodejs-scf') as {
  scf: { v20180416: { Client: new (config: unknown) => Record<string, (request: unknown) => Promise<unknown>> } };
};

type Captured = SdkRequest<string>;

const recorder = new Recorder<Captured>();

function install(): () => void {
  const restore = swap(fetchModule, 'default', (url, config) => {
    recorder.record({ url, headers: config.headers, body: config.body });
    // A well-formed reply so the SDK resolves; only what was captured is compared.
    return Promise.resolve({
      status: 200,
      headers: { get: () => 'application/json', raw: () => ({}) },
      json: async () => ({ Response: { Result: {}, RequestId: 'oracle' } }),
      text: async () => '{"Response":{"Result":{},"RequestId":"oracle"}}',
    });
  });
  return () => {
    restore();
    vi.useRealTimers();
  };
}

/** A small deterministic generator, so failures reproduce. */
function* cases(): Generator<{ name: string; input: InvokeInput; token?: string; endpoint?: string; at: number }> {
  const names = ['hello', 'order_processor', 'a-b_c-9', 'Fn2'];
  const events = [
    '{}',
    '{"key":"value"}',
    '{"msg":"你好, world","emoji":"🚀","n":1}',
    '{"path":"/a%2Fb/../c?x=1&y=2","quote":"\\"","nl":"line1\\nline2"}',
    '[1,2,3]',
    '"just a string"',
    JSON.stringify({ big: 'x'.repeat(5000) }),
  ];
  const qualifiers = [undefined, '$LATEST', '$DEFAULT', '3', 'prod'];
  const namespaces = [undefined, 'default', 'team-a'];
  const regions = ['ap-guangzhou', 'ap-shanghai', 'ap-singapore'];
  const instants = [1700000000, 1704067199, 1704067200, 1735689600, 1763900000];
  let index = 0;
  for (const event of events) {
    for (const invocationType of ['sync', 'async'] as const) {
      const name = names[index % names.length]!;
      const qualifier = qualifiers[index % qualifiers.length];
      const namespace = namespaces[index % namespaces.length];
      const region = regions[index % regions.length]!;
      const routingKey = index % 4 === 0 ? { user: String(index), 区域: '华南' } : undefined;
      yield {
        name: `${invocationType} ${name} event#${events.indexOf(event)} q=${qualifier ?? '-'} ns=${namespace ?? '-'}${routingKey ? ' routing' : ''}`,
        input: {
          provider: 'tencent',
          functionName: name,
          qualifier,
          namespace,
          region,
          routingKey,
          event: new TextEncoder().encode(event),
          invocationType,
          logs: index % 3 !== 0,
          endpoint: index % 5 === 0 ? `https://scf.${region}.tencentcloudapi.com` : 'https://scf.tencentcloudapi.com',
        },
        ...(index % 2 === 0 ? { token: FAKE.tencent.token } : {}),
        at: instants[index % instants.length]!,
      };
      index += 1;
    }
  }
}

async function sdkRequest(input: InvokeInput, token: string | undefined, at: number): Promise<Captured> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(at * 1000);
  recorder.reset();
  const client = new scf.scf.v20180416.Client({
    credential: { secretId: FAKE.tencent.id, secretKey: FAKE.tencent.secret, ...(token ? { token } : {}) },
    region: input.region,
    profile: { httpProfile: { endpoint: new URL(input.endpoint).host } },
  });
  const event = new TextDecoder().decode(input.event);
  // The same fields in the same order as our builder (the SDK serialises in insertion order).
  const request: Record<string, unknown> = { FunctionName: input.functionName };
  if (input.invocationType === 'async') {
    request['InvocationType'] = 'Event';
    if (input.qualifier !== undefined) request['Qualifier'] = input.qualifier;
    request['ClientContext'] = event;
  } else {
    if (input.qualifier !== undefined) request['Qualifier'] = input.qualifier;
    request['Event'] = event;
    request['LogType'] = input.logs ? 'Tail' : 'None';
  }
  if (input.namespace !== undefined) request['Namespace'] = input.namespace;
  if (input.routingKey !== undefined) request['RoutingKey'] = JSON.stringify(input.routingKey);
  const method = input.invocationType === 'async' ? 'Invoke' : 'InvokeFunction';
  await client[method]!(request);
  vi.useRealTimers();
  return recorder.take();
}

type Case = ReturnType<typeof cases> extends Generator<infer C> ? C : never;
const ALL = [...cases()];

export const tencentOracle: Oracle<Case> = {
  sdk: 'tencentcloud-sdk-nodejs-scf',
  install,
  cases: ALL,
  minimumCases: 14,
  coverage: [
    ['sync and async', ALL.some((c) => c.input.invocationType === 'async') && ALL.some((c) => c.input.invocationType === 'sync')],
    ['with and without a session token', ALL.some((c) => c.token !== undefined) && ALL.some((c) => c.token === undefined)],
  ],
  async compare(testCase, secret = FAKE.tencent.secret) {
    const sdk = await sdkRequest(testCase.input, testCase.token, testCase.at);
    const ours = signTc3HmacSha256(
      buildTencentRequest(testCase.input),
      { kind: 'keys', accessKeyId: FAKE.tencent.id, accessKeySecret: secret, ...(testCase.token ? { securityToken: testCase.token } : {}) },
      { now: new Date(testCase.at * 1000), nonce: 1 },
    );
    return [
      ['body', new TextDecoder().decode(ours.body), sdk.body],
      ['Authorization', ours.headers['Authorization'], sdk.headers['Authorization']],
      ['X-TC-Timestamp', ours.headers['X-TC-Timestamp'], String(sdk.headers['X-TC-Timestamp'])],
      ['X-TC-Action', ours.headers['X-TC-Action'], sdk.headers['X-TC-Action']],
      ['X-TC-Token', ours.headers['X-TC-Token'], sdk.headers['X-TC-Token']],
      ['host', new URL(ours.url).host, new URL(sdk.url).host],
    ];
  },
};
