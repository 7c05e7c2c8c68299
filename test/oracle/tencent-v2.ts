/**
 * The tencent-v2 oracle, run by test/conformance/oracle.test.ts: our legacy v2 signature against the official qcloudapi-sdk 0.2.1's signing step (`generateQueryString`): the same
 * parameter set at the same frozen instant must give the same parameters and Signature. The SDK always adds
 * `RequestClient=SDK_NODEJS_0.2.1`, so our side gets it too. `generateQueryString` does no I/O.
 */
import { createRequire } from 'node:module';
import { vi } from 'vitest';
import { buildTencentV2Request } from '../../src/providers/tencent-v2/request.js';
import { readQcloudV2Params, signQcloudV2 } from '../../src/providers/tencent-v2/signer.js';
import type { HttpRequest, InvokeInput } from '../../src/providers/types.js';
import type { Oracle } from '../conformance/oracle.js';
import { FAKE } from '../helpers/secrets.js';

const require = createRequire(import.meta.url);
const QcloudApi = require('qcloudapi-sdk') as new (defaults: Record<string, unknown>) => {
  generateQueryString(data: Record<string, unknown>): string;
};

const REQUEST_CLIENT = 'SDK_NODEJS_0.2.1';

interface OracleCase {
  name: string;
  input: InvokeInput;
  method: 'GET' | 'POST';
  token: string | undefined;
  at: number;
  nonce: number;
}

/** A deterministic generator of varied inputs, so a failure reproduces. */
function* cases(): Generator<OracleCase> {
  const names = ['hello', 'order_processor', 'a-b_c-9', 'Fn2', `f${'x'.repeat(58)}9`];
  const events = [
    '{}',
    '',
    '{"key":"value"}',
    '{"msg":"你好, world","emoji":"🚀","n":1}',
    '{"path":"/a%2Fb/../c?x=1&y=2","amp":"a&b=c","plus":"1+1 = 2","quote":"\\"","nl":"line1\\nline2"}',
    '[1,2,3]',
    '"just a string"',
    "{\"apostrophe\":\"it's (*)!~\",\"tab\":\"\\t\",\"nul\":\"\\u0000\"}",
    JSON.stringify({ big: 'x'.repeat(5000), mixed: 'é'.repeat(300) }),
    // Not JSON, but the signer must agree with the SDK's '@' file-upload rule on POST anyway.
    '@looks-like-a-file',
  ];
  const regions = ['gz', 'sh', 'ap-guangzhou', 'ap-shanghai', 'ap-singapore'];
  const instants = [1700000000, 1704067199, 1704067200, 1735689600, 1763900000];
  const endpoints = ['https://scf.api.qcloud.com', 'http://127.0.0.1:9000', 'https://scf.api.qcloud.com:8443'];
  let index = 0;
  for (const event of events) {
    for (const invocationType of ['sync', 'async'] as const) {
      for (const signatureMethod of ['HmacSHA256', 'HmacSHA1', undefined] as const) {
        for (const method of ['POST', 'GET'] as const) {
          const name = names[index % names.length]!;
          const token = index % 3 === 0 ? FAKE.tencent.token : index % 7 === 0 ? 'tok@en_with%chars' : undefined;
          yield {
            name: `${method} ${invocationType} ${signatureMethod ?? 'default'} ${name} event#${events.indexOf(event)}${token ? ' token' : ''}`,
            input: {
              provider: 'tencent-v2',
              functionName: name,
              region: regions[index % regions.length]!,
              event: new TextEncoder().encode(event),
              invocationType,
              logs: index % 4 !== 0,
              endpoint: endpoints[index % endpoints.length]!,
              signatureMethod,
            },
            method,
            token,
            at: instants[index % instants.length]!,
            nonce: [1, 7, 12345, 65535, 2147483646][index % 5]!,
          };
          index += 1;
        }
      }
    }
  }
}

/** Our request, with the SDK's RequestClient mark added, moved to the query for GET, then signed. */
function ours(c: OracleCase, secret: string = FAKE.tencent.secret): HttpRequest {
  const built = buildTencentV2Request(c.input);
  const form = `${new TextDecoder().decode(built.body)}&RequestClient=${REQUEST_CLIENT}`;
  const unsigned: HttpRequest =
    c.method === 'POST'
      ? { ...built, body: new TextEncoder().encode(form) }
      : { method: 'GET', url: `${built.url}?${form}`, headers: {}, body: new Uint8Array() };
  const credentials = {
    kind: 'keys' as const,
    accessKeyId: FAKE.tencent.id,
    accessKeySecret: secret,
    ...(c.token === undefined ? {} : { securityToken: c.token }),
  };
  return signQcloudV2(unsigned, credentials, { now: new Date(c.at * 1000), nonce: c.nonce });
}

/** The SDK's signed parameter string for the same parameters, with its clock frozen at the same instant. */
function theirs(c: OracleCase): string {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(c.at * 1000);
  try {
    const sha256 = (c.input.signatureMethod ?? 'HmacSHA256') === 'HmacSHA256';
    const api = new QcloudApi({
      SecretId: FAKE.tencent.id,
      SecretKey: FAKE.tencent.secret,
      serviceType: 'scf',
      host: new URL(c.input.endpoint).host,
      method: c.method,
      signatureMethod: sha256 ? 'sha256' : 'sha1',
    });
    const data: Record<string, unknown> = {
      Action: 'InvokeFunction',
      Region: c.input.region,
      Nonce: c.nonce,
      functionName: c.input.functionName,
      invokeType: c.input.invocationType === 'async' ? 'Event' : 'RequestResponse',
      param: new TextDecoder().decode(c.input.event),
    };
    if (c.input.invocationType === 'sync') data['logType'] = c.input.logs ? 'Tail' : 'None';
    if (c.token !== undefined) data['Token'] = c.token;
    return api.generateQueryString(data);
  } finally {
    vi.useRealTimers();
  }
}

const ALL = [...cases()];

export const tencentV2Oracle: Oracle<OracleCase> = {
  sdk: 'qcloudapi-sdk 0.2.1',
  // generateQueryString does no I/O: nothing to replace.
  install: () => () => vi.useRealTimers(),
  cases: ALL,
  minimumCases: 100,
  coverage: [
    ['GET and POST', ALL.some((c) => c.method === 'GET') && ALL.some((c) => c.method === 'POST')],
    ['with and without a token', ALL.some((c) => c.token !== undefined) && ALL.some((c) => c.token === undefined)],
  ],
  async compare(c, secret) {
    const signed = ours(c, secret);
    const expected = Object.fromEntries(new URLSearchParams(theirs(c)));
    const actual = Object.fromEntries(readQcloudV2Params(signed));
    return [
      ['Signature', actual['Signature'], expected['Signature']],
      ['parameters', actual, expected],
    ];
  },
};
