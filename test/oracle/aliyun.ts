/**
 * The aliyun oracle, run by test/conformance/oracle.test.ts: our ACS3 signature against the official @alicloud/fc20230330: the same request at the same instant must give
 * the same body bytes and Authorization header. The SDK's `httpx.request` is replaced by a recorder, so nothing is
 * sent. The SDK adds (and signs) `x-acs-credentials-provider`; we copy that header onto our request before
 * signing, as providers.md §0.4 advises.
 */
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { vi } from 'vitest';
import { buildAliyunRequest } from '../../src/providers/aliyun/request.js';
import { acs3Nonce, signAcs3HmacSha256 } from '../../src/providers/aliyun/signer.js';
import type { InvokeInput, KeyCredentials } from '../../src/providers/types.js';
import { Recorder, swap, type Captured as SdkRequest, type Oracle } from '../conformance/oracle.js';
import { FAKE } from '../helpers/secrets.js';

const require = createRequire(import.meta.url);
// The SDK reaches the network only through this module's `request` (via @darabonba/typescript `doAction`).
const httpx = require(require.resolve('httpx', { paths: [require.resolve('@darabonba/typescript')] })) as {
  request: (url: string, options: { method: string; headers: Record<string, string>; data?: Readable }) => Promise<unknown>;
};
/** The official SDK's client and request classes (the emulator tests drive it too). */
export const fc = require('@alicloud/fc20230330') as {
  default: new (config: unknown) => {
    invokeFunctionWithOptions(name: string, request: unknown, headers: unknown, runtime: unknown): Promise<unknown>;
  };
  InvokeFunctionRequest: new (map: Record<string, unknown>) => unknown;
  InvokeFunctionHeaders: new (map: Record<string, unknown>) => unknown;
};
export const { Config } = (require('@alicloud/openapi-core') as { $OpenApiUtil: { Config: new (map: Record<string, unknown>) => unknown } })
  .$OpenApiUtil;

type Captured = SdkRequest<Buffer>;

const recorder = new Recorder<Captured>();

function install(): () => void {
  const restore = swap(httpx, 'request', async (url, options) => {
    const chunks: Buffer[] = [];
    if (options.data !== undefined) for await (const chunk of options.data) chunks.push(Buffer.from(chunk as Uint8Array));
    recorder.record({ url, headers: { ...options.headers }, body: Buffer.concat(chunks) });
    // A well-formed empty reply so the SDK resolves; only what was captured is compared.
    return Object.assign(Readable.from([]), { statusCode: 200, statusMessage: 'OK', headers: {} });
  });
  return () => {
    restore();
    vi.useRealTimers();
  };
}

interface Case {
  name: string;
  input: InvokeInput;
  token: string | undefined;
  at: number;
  nonce: number;
}

/** A small deterministic generator, so failures reproduce. */
function* cases(): Generator<Case> {
  const names = ['hello', 'order_processor', 'a-b_c-9', '_Fn2', 'fn*star*2', "it's(ok)!", '函数-名', 'sp ace+plus', 'tilde~x'];
  const events: Uint8Array[] = [
    '{}',
    '{"key":"value"}',
    '{"msg":"你好, world","emoji":"🚀","n":1}',
    '{"path":"/a%2Fb/../c?x=1&y=2","quote":"\\"","nl":"line1\\nline2","amp":"&=+*~"}',
    '',
    '[1,2,3]',
    'not json at all ✓',
    JSON.stringify({ big: 'x'.repeat(70_000) }),
  ].map((text) => new TextEncoder().encode(text));
  events.push(new Uint8Array([0xff, 0xfe, 0x00, 0x80, 0x7b]));
  // A --raw-event body with every byte value (NUL, 0xFF, invalid UTF-8 sequences).
  events.push(Uint8Array.from({ length: 4096 }, (_, i) => (i * 167 + (i >> 8)) & 0xff));
  const qualifiers = [undefined, 'LATEST', '1', 'prod', 'a b*c', 'ünï', "x'y(z)!"];
  const endpoints = [
    'https://1234567890123456.cn-hangzhou.fc.aliyuncs.com',
    'https://1234567890123456.cn-shanghai.fc.aliyuncs.com',
    'https://5555000011112222.ap-southeast-1-internal.fc.aliyuncs.com',
    'http://127.0.0.1:9000',
  ];
  const instants = [1700000000, 1704067199, 1704067200, 1735689600, 1763900000, 951782400];
  let index = 0;
  for (const event of events) {
    for (const invocationType of ['sync', 'async'] as const) {
      const functionName = names[index % names.length]!;
      const qualifier = qualifiers[index % qualifiers.length];
      const taskId = invocationType === 'async' && index % 3 === 0 ? `task_${index}-x` : undefined;
      const token = Math.floor(index / 2) % 2 === 0 ? FAKE.aliyun.token : undefined;
      yield {
        name: `${invocationType} '${functionName}' event#${events.indexOf(event)} q=${qualifier ?? '-'}${taskId ? ' task' : ''}${token ? ' sts' : ''}`,
        input: {
          provider: 'aliyun',
          functionName,
          qualifier,
          event,
          invocationType,
          logs: index % 3 !== 1,
          endpoint: endpoints[index % endpoints.length]!,
          region: 'cn-hangzhou',
          accountId: FAKE.aliyun.account,
          taskId,
        },
        token,
        at: instants[index % instants.length]! * 1000 + (index * 137) % 1000,
        nonce: 1 + index * 7919,
      };
      index += 1;
    }
  }
}

function credentials(token: string | undefined): KeyCredentials {
  return token === undefined
    ? { kind: 'keys', accessKeyId: FAKE.aliyun.id, accessKeySecret: FAKE.aliyun.secret }
    : { kind: 'keys', accessKeyId: FAKE.aliyun.stsId, accessKeySecret: FAKE.aliyun.secret, securityToken: token };
}

async function sdkRequest(testCase: Case, nonce: string): Promise<Captured> {
  const { input, token } = testCase;
  const keys = credentials(token);
  const endpoint = new URL(input.endpoint);
  const client = new fc.default(
    new Config({
      accessKeyId: keys.accessKeyId,
      accessKeySecret: keys.accessKeySecret,
      ...(token === undefined ? {} : { securityToken: token }),
      endpoint: endpoint.host,
      protocol: endpoint.protocol.replace(':', ''),
      regionId: input.region,
    }),
  );
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(testCase.at);
  recorder.reset();
  try {
    await client.invokeFunctionWithOptions(
      input.functionName,
      new fc.InvokeFunctionRequest({
        ...(input.qualifier === undefined ? {} : { qualifier: input.qualifier }),
        ...(input.event.byteLength === 0 ? {} : { body: Readable.from([Buffer.from(input.event)]) }),
      }),
      new fc.InvokeFunctionHeaders({
        xFcInvocationType: input.invocationType === 'async' ? 'Async' : 'Sync',
        xFcLogType: input.logs && input.invocationType === 'sync' ? 'Tail' : 'None',
        ...(input.taskId === undefined ? {} : { xFcAsyncTaskId: input.taskId }),
        // Only the nonce is injected; the date comes from the SDK's own clock, frozen above.
        commonHeaders: { 'x-acs-signature-nonce': nonce },
      }),
      {},
    );
  } finally {
    vi.useRealTimers();
  }
  return recorder.take();
}

const ALL = [...cases()];
const COMPARED_HEADERS = [
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-content-sha256',
  'x-acs-security-token',
  'x-acs-accesskey-id',
  'x-acs-version',
  'x-acs-action',
  'content-type',
  'accept',
  'x-fc-invocation-type',
  'x-fc-log-type',
  'x-fc-async-task-id',
];

export const aliyunOracle: Oracle<Case> = {
  sdk: '@alicloud/fc20230330',
  install,
  cases: ALL,
  minimumCases: 18,
  coverage: [
    ['an empty event', ALL.some((c) => c.input.event.byteLength === 0)],
    ['an async call with STS keys', ALL.some((c) => c.token !== undefined && c.input.invocationType === 'async')],
  ],
  async compare(testCase, secret) {
    const context = { now: new Date(testCase.at), nonce: testCase.nonce };
    const sdk = await sdkRequest(testCase, acs3Nonce(context));
    const unsigned = buildAliyunRequest(testCase.input);
    const marker = sdk.headers['x-acs-credentials-provider'];
    const keys = credentials(testCase.token);
    const ours = signAcs3HmacSha256(
      { ...unsigned, headers: { ...unsigned.headers, 'x-acs-credentials-provider': marker! } },
      { ...keys, accessKeySecret: secret ?? keys.accessKeySecret },
      context,
    );
    const sdkUrl = new URL(sdk.url);
    const ourUrl = new URL(ours.url);
    return [
      ['x-acs-credentials-provider', marker, testCase.token === undefined ? 'static_ak' : 'static_sts'],
      ['body', Buffer.from(ours.body).equals(sdk.body), true],
      ['Authorization', ours.headers['Authorization'], sdk.headers['Authorization']],
      ...COMPARED_HEADERS.map((name) => [name, ours.headers[name], sdk.headers[name]] as const),
      ['host', ourUrl.host, sdk.headers['host']],
      // The SDK leaves some `*` raw in the path it sends while signing `%2A`; the decoded paths must agree.
      ['path', decodeURIComponent(ourUrl.pathname), decodeURIComponent(sdkUrl.pathname)],
      ['qualifier', ourUrl.searchParams.get('qualifier'), sdkUrl.searchParams.get('qualifier')],
    ];
  },
};
