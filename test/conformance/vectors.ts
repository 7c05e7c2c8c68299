/**
 * Conformance concern "vectors": the worked examples of providers.md (§1.7, §2.7, §3.7, §4.7, §5.7), each computed
 * by the provider's official SDK, as rows: the request, the instant and keys it was signed with, and the header
 * (or parameter) values the SDK produced. vectors.test.ts signs every row and checks those values, that signing
 * left the request alone, and that one body byte or another secret changes the signature. The intermediate steps
 * of each algorithm (canonical requests, strings to sign) stay in test/vectors/<id>.test.ts.
 */
import { signAcs3WithStamp } from '../../src/providers/aliyun/signer.js';
import type { ProviderId } from '../../src/providers/registry.js';
import type { HttpRequest, InvokeInput, KeyCredentials } from '../../src/providers/types.js';
import { PROVIDERS } from '../helpers/providers.js';
import { FAKE } from '../helpers/secrets.js';
import { inputFor, keysFor } from './cases.js';

export interface VectorRow {
  /** The vector's name in providers.md and what it shows. */
  name: string;
  /** The invocation the provider's builder turns into the request (over `inputFor`'s valid call)… */
  input?: Partial<InvokeInput>;
  /** …or the request by hand, for a vector captured with headers the builder does not send. */
  request?: HttpRequest;
  /** Headers the SDK adds and signs that fcinvoke does not send (providers.md §0.4), added before signing. */
  sdkHeaders?: Record<string, string>;
  /** Sign with the session (STS) keys, or with these keys. */
  session?: boolean;
  credentials?: KeyCredentials;
  /** Signs at the vector's instant. */
  sign: (request: HttpRequest, credentials: KeyCredentials) => HttpRequest;
  /** Documented header values of the signed request (`undefined`: the header is absent). */
  headers?: Record<string, string | undefined>;
  /** Documented parameters of a signed form or query (tencent-v2). */
  params?: Record<string, string>;
}

/** Signs through the provider's own `sign` at `at` (an ISO instant or Unix seconds) with `nonce`. */
function at(provider: ProviderId, instant: string | number, nonce = 1): VectorRow['sign'] {
  const now = typeof instant === 'number' ? new Date(instant * 1000) : new Date(instant);
  return (request, credentials) => PROVIDERS[provider].sign(request, credentials, { now, nonce });
}

/** ACS3 vectors fix the nonce text, which the provider's `sign` derives from a number: sign with the stamp itself. */
function stamped(date: string, nonce: string): VectorRow['sign'] {
  return (request, credentials) => signAcs3WithStamp(request, credentials, { date, nonce });
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const KEY_VALUE = utf8('{"key":"value"}');
const NON_ASCII = utf8('{"msg":"你好, world"}');
const TC3 = (date: string, signature: string) =>
  `TC3-HMAC-SHA256 Credential=${FAKE.tencent.id}/${date}/scf/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`;
const ACS3_HEADERS = 'x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version';
const ACS3 = (signedHeaders: string, signature: string, id: string = FAKE.aliyun.id) =>
  `ACS3-HMAC-SHA256 Credential=${id},SignedHeaders=${signedHeaders},Signature=${signature}`;
const SDK_HMAC = (signedHeaders: string, signature: string) =>
  `SDK-HMAC-SHA256 Access=${FAKE.huawei.id}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
const HW_PROJECT = FAKE.huawei.project;

/** The form the legacy v2 SDK signs: ours plus its RequestClient mark (providers.md §2.7). */
function withRequestClient(request: HttpRequest): HttpRequest {
  return { ...request, body: utf8(`${new TextDecoder().decode(request.body)}&RequestClient=SDK_NODEJS_0.2.1`) };
}

/** The request fcinvoke builds for V2-2, before the SDK's RequestClient mark is added. */
export const V2_2_BUILT = PROVIDERS['tencent-v2'].buildRequest({
  provider: 'tencent-v2',
  functionName: 'order_processor',
  region: 'ap-guangzhou',
  invocationType: 'async',
  logs: true,
  event: NON_ASCII,
  endpoint: 'https://scf.api.qcloud.com',
});

export const VECTORS: Record<ProviderId, VectorRow[] | { exempt: string }> = {
  tencent: [
    {
      name: 'TC3-1: InvokeFunction, basic',
      input: { functionName: 'hello-world', qualifier: '$LATEST', namespace: 'default', event: KEY_VALUE },
      sign: at('tencent', 1700000000),
      headers: {
        Authorization: TC3('2023-11-14', 'c0fb9f195cf206063d3f922575ed96c29cd3999ab64641fda3881824a5b087d3'),
        'X-TC-Timestamp': '1700000000',
        'X-TC-Action': 'InvokeFunction',
        'X-TC-Region': 'ap-guangzhou',
        'X-TC-Version': '2018-04-16',
      },
    },
    {
      name: 'TC3-2: Invoke, async, STS token, non-ASCII event, date boundary',
      input: {
        functionName: 'order_processor',
        invocationType: 'async',
        qualifier: 'prod',
        namespace: 'team-a',
        region: 'ap-shanghai',
        event: utf8('{"msg":"你好, world","n":1}'),
      },
      session: true,
      sign: at('tencent', 1704067199),
      headers: {
        Authorization: TC3('2023-12-31', '244713359541861663de4b6bbd7a4ecce660f72319ff678fda2f2c18ef51701b'),
        'X-TC-Token': FAKE.tencent.token,
      },
    },
  ],
  'tencent-v2': [
    {
      name: 'V2-2: POST, HmacSHA256, async, non-ASCII event (with the SDK RequestClient mark)',
      request: withRequestClient(V2_2_BUILT),
      sign: at('tencent-v2', 1704067199, 65535),
      params: { Signature: 't+zTOq9q1BosbjjqKpAowNG3KVipWtbPdj4MmWjkN6U=', SignatureMethod: 'HmacSHA256', Nonce: '65535' },
    },
    {
      name: 'V2-3: what fcinvoke itself sends — no RequestClient, with Token',
      input: { functionName: 'fn', region: 'ap-shanghai', logs: false, signatureMethod: 'HmacSHA256' },
      credentials: { kind: 'keys', accessKeyId: FAKE.tencent.id, accessKeySecret: FAKE.tencent.secret, securityToken: 'FAKEsessionTOKEN' },
      sign: at('tencent-v2', 1735689600, 7),
      params: { Signature: 'WCa/n6EyUaMNx5AnvsfY3eXeBK+DeG7EQJWD8ibLvwM=', Token: 'FAKEsessionTOKEN' },
    },
  ],
  aliyun: [
    {
      name: 'FC3-1: sync, Tail, qualifier LATEST, with x-acs-credentials-provider',
      input: { functionName: 'hello-world', qualifier: 'LATEST', event: KEY_VALUE },
      sdkHeaders: { 'x-acs-credentials-provider': 'static_ak' },
      sign: stamped('2023-11-14T22:13:20Z', 'nonce-0001'),
      headers: {
        Authorization: ACS3(`content-type;host;${ACS3_HEADERS}`, '2969ccba127b38ad9d4c0ecfa64ba3c5194108cffdcb2cf88bc993b33fd91171'),
        'x-acs-date': '2023-11-14T22:13:20Z',
        'x-acs-signature-nonce': 'nonce-0001',
        'x-acs-content-sha256': 'e43abcf3375244839c012f9633f95862d232a95b00d5bc7348b3098b9fed7f32',
      },
    },
    {
      name: 'FC3-1b: the same without x-acs-credentials-provider',
      input: { functionName: 'hello-world', qualifier: 'LATEST', event: KEY_VALUE },
      sign: stamped('2023-11-14T22:13:20Z', 'nonce-0001'),
      headers: {
        Authorization: ACS3(
          'content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version',
          'c471e5e54badce1b7c69c5e4592137332494382f1da525af2ec7f57028b1f573',
        ),
      },
    },
    {
      name: 'FC3-2: async with task id, STS credentials, non-ASCII body, cn-shanghai',
      input: {
        functionName: 'order_processor',
        qualifier: 'prod',
        invocationType: 'async',
        taskId: 'task_2024-01-01',
        region: 'cn-shanghai',
        endpoint: `https://${FAKE.aliyun.account}.cn-shanghai.fc.aliyuncs.com`,
        event: NON_ASCII,
      },
      sdkHeaders: { 'x-acs-credentials-provider': 'static_sts' },
      session: true,
      sign: stamped('2023-12-31T23:59:59Z', 'nonce-0002'),
      headers: {
        'x-acs-security-token': FAKE.aliyun.token,
        'x-acs-accesskey-id': FAKE.aliyun.stsId,
        Authorization: ACS3(
          'content-type;host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version',
          'e27876310e930145f30be159c0c4bb8589e57612d528dd076c0e062f7944d9a4',
          FAKE.aliyun.stsId,
        ),
      },
    },
    {
      name: 'FC3-3: no body, no qualifier, ap-southeast-1, with x-acs-credentials-provider',
      input: { functionName: 'fn', event: new Uint8Array(0), region: 'ap-southeast-1', endpoint: `https://${FAKE.aliyun.account}.ap-southeast-1.fc.aliyuncs.com` },
      sdkHeaders: { 'x-acs-credentials-provider': 'static_ak' },
      sign: stamped('2025-01-01T00:00:00Z', 'nonce-0003'),
      headers: { Authorization: ACS3(`host;${ACS3_HEADERS}`, '5a1065e8255e199a046a8cdc1dca500d3c7d6da0dcfff7a39eeb09e9948e9ba5') },
    },
    {
      name: 'FC3-3b: the same without it',
      input: { functionName: 'fn', event: new Uint8Array(0), region: 'ap-southeast-1', endpoint: `https://${FAKE.aliyun.account}.ap-southeast-1.fc.aliyuncs.com` },
      sign: stamped('2025-01-01T00:00:00Z', 'nonce-0003'),
      headers: {
        'content-type': undefined,
        Authorization: ACS3(
          'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version',
          '3c4663ea7ed66e5c60be13081962acf28a822582401d2ff6a6aa8a7df64e7914',
        ),
      },
    },
  ],
  'aliyun-fc2': [
    {
      name: 'FC2-1: sync, Tail, qualifier LATEST',
      input: { functionName: 'demo-svc/hello-world', qualifier: 'LATEST', event: KEY_VALUE },
      sign: at('aliyun-fc2', '2023-11-14T22:13:20Z'),
      headers: {
        'content-md5': 'YTczNTNmN2NkZGNlODA4ZGUwMDMyNzQ3YTBiN2JlNTA=',
        date: 'Tue, 14 Nov 2023 22:13:20 GMT',
        authorization: `FC ${FAKE.aliyun.id}:ph0AojvpRD9Gd8gYYmRCMGmYWM+7wESvyrZOEoiq7yg=`,
        'x-fc-security-token': undefined,
      },
    },
    {
      name: 'FC2-2: async, stateful id, STS token, internal endpoint, non-ASCII body',
      input: {
        functionName: 'order_processor',
        service: 'orders',
        qualifier: 'prod',
        invocationType: 'async',
        taskId: 'task_2024-01-01',
        region: 'cn-shanghai',
        endpoint: `https://${FAKE.aliyun.account}.cn-shanghai-internal.fc.aliyuncs.com`,
        event: NON_ASCII,
      },
      session: true,
      sign: at('aliyun-fc2', '2023-12-31T23:59:59Z'),
      headers: {
        'content-md5': 'ZWZkY2ViZGRjOWYzMzIwNzJiZTU5MzNhNWVhMWIxNDM=',
        'x-fc-security-token': FAKE.aliyun.token,
        authorization: `FC ${FAKE.aliyun.stsId}:e3MByyTpn0aONiQ2RvoVribyQfGnLBxiV3X/G+xElo0=`,
      },
    },
    {
      name: 'FC2-3: no body, no qualifier, no invocation-type header, ap-southeast-1',
      request: {
        method: 'POST',
        url: `http://${FAKE.aliyun.account}.ap-southeast-1.fc.aliyuncs.com/2016-08-15/services/svc/functions/fn/invocations`,
        headers: { accept: 'application/json', 'x-fc-account-id': FAKE.aliyun.account },
        body: new Uint8Array(0),
      },
      sign: at('aliyun-fc2', '2025-01-01T00:00:00Z'),
      headers: { 'content-md5': undefined, authorization: `FC ${FAKE.aliyun.id}:xSNJIQs/lukOM7eenFdDJ4Ko/hK1K+5nx0nHcwVhykw=` },
    },
  ],
  huawei: [
    {
      name: 'HW-1: sync, tail log, v1 envelope, cn-north-4',
      input: { functionName: 'hello-world', event: KEY_VALUE },
      sign: at('huawei', '2023-11-14T22:13:20Z'),
      headers: {
        'X-Sdk-Date': '20231114T221320Z',
        host: 'functiongraph.cn-north-4.myhuaweicloud.com',
        Authorization: SDK_HMAC(
          'content-type;host;x-cff-log-type;x-cff-request-version;x-project-id;x-sdk-date',
          '9554473bb3ab4df1401a7a49d476a251540fbae83742227d13589fb04b56cfc6',
        ),
      },
    },
    {
      name: 'HW-2: async, temporary AK/SK with security token, non-ASCII event, ap-southeast-1',
      input: {
        functionName: `urn:fss:ap-southeast-1:${HW_PROJECT}:function:orders:order_processor:prod`,
        region: undefined,
        projectId: undefined,
        invocationType: 'async',
        endpoint: 'https://functiongraph.ap-southeast-1.myhuaweicloud.com',
        event: NON_ASCII,
      },
      session: true,
      sign: at('huawei', '2023-12-31T23:59:59Z'),
      headers: {
        'X-Security-Token': FAKE.huawei.token,
        Authorization: SDK_HMAC('content-type;host;x-project-id;x-sdk-date;x-security-token', '90ab8c3a26ceeefe57dd5b8265fe83670da56652b4f3ef525999d64f02aa241b'),
      },
    },
    {
      name: 'HW-3: explicit endpoint, alias URN, no log/version headers (request by hand)',
      request: {
        method: 'POST',
        url: `https://functiongraph.cn-east-3.myhuaweicloud.com/v2/${HW_PROJECT}/fgs/functions/urn:fss:cn-east-3:${HW_PROJECT}:function:default:fn:!prod/invocations`,
        headers: { 'Content-Type': 'application/json', 'X-Project-Id': HW_PROJECT },
        body: utf8('{}'),
      },
      sign: at('huawei', '2025-01-01T00:00:00Z'),
      headers: {
        'X-Sdk-Date': '20250101T000000Z',
        Authorization: SDK_HMAC('content-type;host;x-project-id;x-sdk-date', 'c5524deb72ee110df0674d720b39d9df95103995608993b523b520aa239685fb'),
      },
    },
  ],
  otc: {
    exempt:
      'no SDK-computed OTC vector exists: OTC signs with the shared FunctionGraph SDK-HMAC-SHA256 code that the huawei vectors pin (providers.md §9.1); the oracle concern compares otc itself with the SDK',
  },
};

/** A vector row signed: its unsigned request (SDK-only headers included), its keys and the signed request. */
export interface SignedVector {
  row: VectorRow;
  unsigned: HttpRequest;
  credentials: KeyCredentials;
  signed: HttpRequest;
}

export function signVector(provider: ProviderId, row: VectorRow): SignedVector {
  const built = row.request ?? PROVIDERS[provider].buildRequest(inputFor(provider, row.input));
  const unsigned = { ...built, headers: { ...built.headers, ...row.sdkHeaders } };
  const credentials = row.credentials ?? keysFor(provider, row.session);
  return { row, unsigned, credentials, signed: row.sign(unsigned, credentials) };
}

/** The vector of `provider` whose name starts with `name` (e.g. 'FC2-2:'), signed, for the step-by-step tests. */
export function vector(provider: ProviderId, name: string): SignedVector {
  const rows = VECTORS[provider];
  const row = Array.isArray(rows) ? rows.find((candidate) => candidate.name.startsWith(name)) : undefined;
  if (row === undefined) throw new Error(`no vector ${name} for ${provider}`);
  return signVector(provider, row);
}
