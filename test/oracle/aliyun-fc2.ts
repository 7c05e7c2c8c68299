/**
 * The aliyun-fc2 oracle, run by test/conformance/oracle.test.ts: our FC 2.0 signature against the official @alicloud/fc2 2.6.6: the same invocation at the same instant must give
 * the same headers, body and Authorization. The SDK's `httpx.request`/`httpx.read` are replaced by a recorder (as
 * providers.md §4.7 drove it), so nothing leaves the process; the clock is frozen with vi.setSystemTime.
 */
import { createRequire } from 'node:module';
import { vi } from 'vitest';
import { buildFc2Request, fc2Target } from '../../src/providers/aliyun-fc2/request.js';
import { signFc2HmacSha256 } from '../../src/providers/aliyun-fc2/signer.js';
import type { InvokeInput, KeyCredentials } from '../../src/providers/types.js';
import { Recorder, swap, type Oracle } from '../conformance/oracle.js';
import { FAKE } from '../helpers/secrets.js';

const require = createRequire(import.meta.url);
type FcClient = {
  invokeFunction(service: string, fn: string, event: unknown, headers: Record<string, string>, qualifier?: string): Promise<unknown>;
};
const FC = require('@alicloud/fc2') as new (accountId: string, config: Record<string, unknown>) => FcClient;
// The very module instance the SDK calls, resolved from the SDK's own location.
const httpx = createRequire(require.resolve('@alicloud/fc2'))('httpx') as {
  request: (url: string, options: unknown) => Promise<unknown>;
  read: (response: unknown, encoding?: string) => Promise<unknown>;
};

interface Captured {
  url: string;
  headers: Record<string, string | number>;
  data: Buffer | undefined;
}

const recorder = new Recorder<Captured>();

function install(): () => void {
  const restoreRequest = swap(httpx, 'request', (url, options) => {
    const { headers, data } = options as { headers: Record<string, string | number>; data?: Buffer };
    recorder.record({ url, headers: { ...headers }, data });
    return Promise.resolve({ statusCode: 202, headers: { 'x-fc-request-id': 'oracle' } });
  });
  const restoreRead = swap(httpx, 'read', () => Promise.resolve(''));
  return () => {
    restoreRequest();
    restoreRead();
    vi.useRealTimers();
  };
}

export interface OracleCase {
  name: string;
  input: InvokeInput;
  /** How the event is handed to the SDK: as a string, a Buffer, or nothing (empty event). */
  eventAs: 'string' | 'buffer' | 'none';
  sts: boolean;
  internal: boolean;
  at: number;
}

/** A small deterministic generator, so failures reproduce. */
function* cases(): Generator<OracleCase> {
  // Names the cloud would refuse are still fine for a signing oracle: they exercise path encoding and decoding.
  const targets: Array<[string, string]> = [
    ['demo-svc', 'hello-world'],
    ['orders', 'order_processor'],
    ['_svc-2', 'Fn_9'],
    ['服务', 'функция'],
    ['svc with space', 'fn+plus*star'],
    ['a~b(c)', "it's!"],
  ];
  const events: Array<[string | Uint8Array, 'string' | 'buffer']> = [
    ['{}', 'string'],
    ['{"key":"value"}', 'buffer'],
    ['{"msg":"你好, world","emoji":"🚀","n":1}', 'string'],
    ['{"path":"/a%2Fb/../c?x=1&y=2","quote":"\\"","nl":"line1\\nline2"}', 'buffer'],
    ['[1,2,3]', 'string'],
    ['"just a string"', 'buffer'],
    [JSON.stringify({ big: 'x'.repeat(5000) }), 'buffer'],
    [new Uint8Array([0, 1, 2, 0xff, 0xfe, 0x80, 0x0a]), 'buffer'],
    ['', 'string'],
    // --raw-event bodies: every byte value (NUL, 0xFF, invalid UTF-8 sequences), and an empty buffer.
    [Uint8Array.from({ length: 4096 }, (_, i) => (i * 167 + (i >> 8)) & 0xff), 'buffer'],
    [new Uint8Array(), 'buffer'],
  ];
  const qualifiers = [undefined, 'LATEST', 'prod', '3', 'blue-green_2'];
  const regions = ['cn-hangzhou', 'cn-shanghai', 'ap-southeast-1', 'eu-central-1'];
  const instants = [1700000000, 1704067199, 1704067200, 1735689600, 1763900000, 951782400];
  let index = 0;
  // Three rounds over the events: the index keeps counting, so each round pairs them with other names and options.
  for (let round = 0; round < 3; round += 1) {
    for (const [event, as] of events) {
      for (const invocationType of ['sync', 'async'] as const) {
        const [service, fn] = targets[index % targets.length]!;
        const qualifier = qualifiers[index % qualifiers.length];
        const region = regions[index % regions.length]!;
        const bytes = typeof event === 'string' ? new TextEncoder().encode(event) : event;
        const internal = index % 5 === 1;
        const taskId = invocationType === 'async' && Math.floor(index / 4) % 2 === 1 ? `task_${index}-x` : undefined;
        const sts = Math.floor(index / 2) % 2 === 0;
        const servicePrefixed = Math.floor(index / 3) % 2 === 0;
        yield {
          name: `#${index} ${invocationType} ${service}/${fn} event#${events.findIndex(([e]) => e === event)} q=${qualifier ?? '-'}${sts ? ' sts' : ''}${taskId ? ' task' : ''}${internal ? ' internal' : ''}`,
          input: {
            provider: 'aliyun-fc2',
            // Alternate the two ways of naming the service.
            functionName: servicePrefixed ? `${service}/${fn}` : fn,
            ...(servicePrefixed ? {} : { service }),
            qualifier,
            region,
            accountId: FAKE.aliyun.account,
            event: bytes,
            invocationType,
            logs: index % 4 !== 3,
            taskId,
            endpoint: `https://${FAKE.aliyun.account}.${region}${internal ? '-internal' : ''}.fc.aliyuncs.com`,
          },
          eventAs: bytes.byteLength === 0 ? 'none' : as,
          sts,
          internal,
          at: instants[index % instants.length]!,
        };
        index += 1;
      }
    }
  }
}

export function credentials(sts: boolean): KeyCredentials {
  return sts
    ? { kind: 'keys', accessKeyId: FAKE.aliyun.stsId, accessKeySecret: FAKE.aliyun.secret, securityToken: FAKE.aliyun.token }
    : { kind: 'keys', accessKeyId: FAKE.aliyun.id, accessKeySecret: FAKE.aliyun.secret };
}

export async function sdkRequest(testCase: OracleCase): Promise<Captured> {
  const { input } = testCase;
  const keys = credentials(testCase.sts);
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(testCase.at * 1000);
  recorder.reset();
  try {
    const client = new FC(FAKE.aliyun.account, {
      accessKeyID: keys.accessKeyId,
      accessKeySecret: keys.accessKeySecret,
      ...(keys.securityToken ? { securityToken: keys.securityToken } : {}),
      region: input.region,
      secure: true,
      internal: testCase.internal,
    });
    // The same x-fc headers our builder sends (the SDK only adds account id, token and date of its own).
    const headers: Record<string, string> = {};
    if (input.invocationType === 'async') {
      headers['x-fc-invocation-type'] = 'Async';
      if (input.taskId !== undefined) headers['x-fc-stateful-async-invocation-id'] = input.taskId;
    } else {
      headers['x-fc-invocation-type'] = 'Sync';
      headers['x-fc-log-type'] = input.logs ? 'Tail' : 'None';
    }
    const event =
      testCase.eventAs === 'none'
        ? undefined
        : testCase.eventAs === 'buffer'
          ? Buffer.from(input.event)
          : new TextDecoder().decode(input.event);
    const target = fc2Target(input);
    await client.invokeFunction(target.service, target.function, event, headers, input.qualifier);
  } finally {
    vi.useRealTimers();
  }
  return recorder.take();
}

/** Headers that take part in the signature, or describe the body, lower-cased. */
export function comparable(headers: Record<string, string | number>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower.startsWith('x-fc-') || ['authorization', 'date', 'content-md5', 'content-type', 'accept'].includes(lower)) {
      out[lower] = String(value);
    }
  }
  return out;
}

export const FC2_CASES = [...cases()];
const ALL = FC2_CASES;

export const aliyunFc2Oracle: Oracle<OracleCase> = {
  sdk: '@alicloud/fc2 2.6.6',
  install,
  cases: ALL,
  minimumCases: 54,
  coverage: [
    ['STS and plain keys', ALL.some((c) => c.sts) && ALL.some((c) => !c.sts)],
    ['a task id with STS keys', ALL.some((c) => c.input.taskId !== undefined && c.sts)],
    ['an async STS call on an internal endpoint', ALL.some((c) => c.input.invocationType === 'async' && c.sts && c.internal)],
    ['--service with STS keys', ALL.some((c) => c.input.service !== undefined && c.sts)],
    ['an empty event', ALL.some((c) => c.eventAs === 'none')],
    ['non-ASCII names', ALL.some((c) => /[^\x00-\x7f]/.test(c.input.functionName + (c.input.service ?? '')))],
  ],
  async compare(testCase, secret) {
    const sdk = await sdkRequest(testCase);
    const keys = credentials(testCase.sts);
    const ours = signFc2HmacSha256(buildFc2Request(testCase.input), { ...keys, accessKeySecret: secret ?? keys.accessKeySecret }, {
      now: new Date(testCase.at * 1000),
      nonce: 1,
    });
    // The SDK does not encode names; we do, and both sign the decoded path.
    const sdkUrl = new URL(sdk.url.replace(/\/2016-08-15\/.*$/, ''));
    const sdkPath = sdk.url.slice(sdk.url.indexOf('/2016-08-15/'));
    return [
      ['signed headers', comparable(ours.headers), comparable(sdk.headers)],
      ['Authorization form', /^FC [^:]+:[A-Za-z0-9+/]{43}=$/.test(ours.headers['authorization'] ?? ''), true],
      ['host', new URL(ours.url).host, sdkUrl.host],
      ['path', decodeURIComponent(new URL(ours.url).pathname), sdkPath],
      ['body', Buffer.from(ours.body).equals(sdk.data ?? Buffer.alloc(0)), true],
      ...(sdk.headers['content-length'] === undefined
        ? []
        : [['content-length', ours.body.byteLength, Number(sdk.headers['content-length'])] as const]),
    ];
  },
};
