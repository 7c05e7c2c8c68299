/**
 * The e2e concern of the provider conformance suite: per provider, what the built CLI must print and exit with
 * for each case of the contract (docs/exit-codes.md, docs/output.md). One row per provider; the driver,
 * test/e2e/conformance/matrix.e2e.test.ts, runs every case for every row. What only one API has stays in
 * test/e2e/<provider>.e2e.test.ts.
 */
import { expect } from 'vitest';
import type { ProviderId } from '../../../src/providers/registry.js';
import { DEMO_IAM_TOKEN, DEMO_OTC_IAM_TOKEN } from '../../../src/emulator/demo-credentials.js';
import { FAKE } from '../../helpers/secrets.js';

const UUID = /^[0-9a-f-]{36}$/;
const FC3_ID = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;

/** A variable set wrong (or removed) and what the CLI must then say. */
export interface EnvCase {
  /** Variables to set; `undefined` removes one. */
  env: Record<string, string | undefined>;
  /** Each must match stderr. */
  stderr: ReadonlyArray<string | RegExp>;
}

/** Lower bounds of the metrics of a hello call (`null`: the provider reports none). */
type MetricBounds = Record<'durationMs' | 'billedDurationMs' | 'memoryUsedBytes', number | null>;

export interface E2eCase {
  id: ProviderId;
  /** The function as the CLI names it: `fn('hello')` (FC 2.0 needs a service). */
  fn: (name: string) => string;
  /** Credentials and identifiers, as the provider's own variables. */
  env: Record<string, string>;
  /** A successful hello: lines of the human summary on stderr. */
  summary: readonly RegExp[];
  /** A failing function: its event, the error line on stderr, the error JSON on stdout, and `--local --json`'s error. */
  fail: { event: string; stderr: RegExp; payload: Record<string, unknown>; localError: Record<string, unknown> };
  /** An unknown function: the API error code and what stderr says about it. */
  notFound: { code: string; stderr: readonly RegExp[] };
  /** A wrong secret, and an unknown key id: refused by the API (exit 3) with these words, never printing `value`. */
  wrongSecret: EnvCase & { value: string };
  unknownKey: EnvCase & { value: string };
  /** `--json` of hello: the extra arguments, the qualifier they report, the details and metrics. */
  json: {
    args: string[];
    qualifier: string | null;
    details: Record<string, unknown>;
    metrics: MetricBounds;
    requestId: RegExp;
    /** @default null */
    functionRequestId?: unknown;
  };
  /** `--raw`: an event of `echo` and the exact bytes it prints. */
  raw: { event: string; bytes: Buffer };
  /** `--async` of echo: extra arguments, the human line, and the `--json` fields. */
  async: { args: string[]; stderr: RegExp; json: Record<string, unknown> };
  /** The async size limit in bytes, and how the refusal names it. */
  asyncLimit: { bytes: number; stderr: RegExp };
  /** What the refusal of the function name `9-bad/name!` says (exit 2, nothing sent). */
  invalidName: RegExp;
  /** Missing credentials or identifiers: exit 2, nothing sent. */
  missing: readonly EnvCase[];
  /** Besides the known secrets, what no run may print (the legacy API's signed SecretId, the demo IAM tokens). */
  forbidden: ReadonlyArray<string | RegExp>;
}

/** The keys, region and account of Function Compute 2.0 and 3.0. */
const ALIBABA_ENV = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE.aliyun.id,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: FAKE.aliyun.secret,
  ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou',
  ALIBABA_CLOUD_ACCOUNT_ID: FAKE.aliyun.account,
};

/** `--json` of Function Compute (2.0 and 3.0): the version that ran, its instance and code checksum go to details. */
function functionComputeJson(qualifier: string, requestId: RegExp): E2eCase['json'] {
  return {
    args: ['-q', qualifier],
    qualifier,
    details: {
      retries: 0,
      httpStatus: 200,
      logTruncated: false,
      executedVersion: qualifier,
      instanceId: expect.stringMatching(/^c-[0-9a-f]{24}$/),
      codeChecksum: expect.stringMatching(/^\d+$/),
    },
    // X-Fc-Max-Memory-Usage is in MB; the result is in bytes.
    metrics: { durationMs: 1, billedDurationMs: null, memoryUsedBytes: 1024 * 1024 + 1 },
    requestId,
  };
}

/** Huawei Cloud and OTC serve the same FunctionGraph API: a row from what differs (keys, wording, tokens). */
function functionGraphRow(
  id: 'huawei' | 'otc',
  own: Pick<E2eCase, 'env' | 'wrongSecret' | 'unknownKey' | 'missing' | 'forbidden' | 'summary'>,
): E2eCase {
  const functionError = { errorMessage: 'this function always fails', errorType: 'Error' };
  return {
    id,
    fn: (name) => name,
    ...own,
    summary: [new RegExp(`✔ ok\\s+${id} hello\\s+request [0-9a-f-]{36}`), /Start invoke request '[0-9a-f-]{36}', version: latest/, ...own.summary],
    fail: { event: '{}', stderr: /error: function fail failed 1: this function always fails/, payload: functionError, localError: { code: '1' } },
    notFound: { code: 'FSS.1051', stderr: [new RegExp(`error: ${id} FSS\\.1051: .* \\(HTTP 404, request [0-9a-f-]{36}\\)`), /hint: .*--project-id/] },
    json: {
      args: ['-q', 'latest'],
      qualifier: 'latest',
      details: { retries: 0, httpStatus: 200, logTruncated: false, memorySizeMb: 128, billedMemoryMb: 128, functionStatus: 200, responseVersion: 'v1' },
      metrics: { durationMs: Number.MIN_VALUE, billedDurationMs: 1, memoryUsedBytes: 1 },
      requestId: UUID,
    },
    raw: { event: '{"b": "é", "a": [1, 2]}', bytes: Buffer.from('{"b":"é","a":[1,2]}') },
    async: { args: [], stderr: new RegExp(`accepted \\(async\\)\\s+${id} echo\\s+request [0-9a-f-]{36}`), json: { requestId: expect.stringMatching(UUID) } },
    asyncLimit: { bytes: 256 * 1024, stderr: /at most 262144 bytes for async/ },
    // FunctionGraph reads `9-bad` as the package.
    invalidName: /^error: invalid FunctionGraph function name 'name!'/,
  };
}

export const E2E_CASES: readonly E2eCase[] = [
  {
    id: 'tencent',
    fn: (name) => name,
    env: { TENCENTCLOUD_SECRET_ID: FAKE.tencent.id, TENCENTCLOUD_SECRET_KEY: FAKE.tencent.secret, TENCENTCLOUD_REGION: 'ap-guangzhou' },
    summary: [/✔ ok\s+tencent hello/, /duration [\d.]+ ms · billed \d+ ms · memory [\d.]+ MiB/],
    fail: {
      event: '{}',
      stderr: /error: function fail failed FunctionError\.430: this function always fails/,
      payload: { errorMessage: 'this function always fails' },
      localError: { code: 'FunctionError.430', message: 'this function always fails' },
    },
    notFound: { code: 'ResourceNotFound.Function', stderr: [/error: tencent ResourceNotFound\.Function: .* \(request [0-9a-f-]{36}\)/, /hint: .*--namespace/] },
    wrongSecret: { value: 'wrong-secret-key-0000', env: { TENCENTCLOUD_SECRET_KEY: 'wrong-secret-key-0000' }, stderr: ['AuthFailure.SignatureFailure'] },
    unknownKey: { value: 'AKIDunknownKEY', env: { TENCENTCLOUD_SECRET_ID: 'AKIDunknownKEY000000000000000000' }, stderr: ['AuthFailure.SecretIdNotFound'] },
    json: {
      args: ['-q', '$LATEST', '--namespace', 'default'],
      qualifier: '$LATEST',
      // SCF names the sync execution too.
      functionRequestId: expect.stringMatching(UUID),
      details: { retries: 0, httpStatus: 200, logTruncated: false },
      metrics: { durationMs: 0, billedDurationMs: 1, memoryUsedBytes: 1 },
      requestId: UUID,
    },
    raw: { event: '{"b": "é", "a": [1, 2]}', bytes: Buffer.from('{"b":"é","a":[1,2]}') },
    async: {
      args: [],
      stderr: /✔ accepted \(async\)\s+tencent echo\s+request [0-9a-f-]{36}/,
      json: { functionRequestId: expect.stringMatching(UUID) },
    },
    asyncLimit: { bytes: 128 * 1024, stderr: /at most 131072 bytes/ },
    invalidName: /^error: invalid SCF function name '9-bad\/name!'/,
    missing: [
      {
        env: { TENCENTCLOUD_SECRET_ID: undefined, TENCENTCLOUD_SECRET_KEY: undefined },
        stderr: ['error: missing Tencent Cloud credentials: set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY'],
      },
    ],
    forbidden: [],
  },
  {
    id: 'tencent-v2',
    fn: (name) => name,
    env: { TENCENTCLOUD_SECRET_ID: FAKE.tencent.id, TENCENTCLOUD_SECRET_KEY: FAKE.tencent.secret, TENCENTCLOUD_REGION: 'ap-guangzhou' },
    summary: [/✔ ok\s+tencent-v2 hello/],
    fail: {
      event: '{"message":"boom"}',
      stderr: /error: function fail failed FunctionError\.430: boom/,
      payload: { errorMessage: 'boom' },
      localError: { code: 'FunctionError.430', message: 'this function always fails' },
    },
    notFound: { code: '5000', stderr: [/tencent-v2 5000/, /hint: .*--region/] },
    wrongSecret: { value: 'not-the-right-secret', env: { TENCENTCLOUD_SECRET_KEY: 'not-the-right-secret' }, stderr: ['tencent-v2 4100'] },
    unknownKey: { value: 'AKIDunknownKEY', env: { TENCENTCLOUD_SECRET_ID: 'AKIDunknownKEY000000000000000000' }, stderr: ['tencent-v2 4104'] },
    json: {
      args: [],
      qualifier: null,
      details: { retries: 0, httpStatus: 200, logTruncated: false },
      metrics: { durationMs: 0, billedDurationMs: 1, memoryUsedBytes: 1 },
      requestId: UUID,
    },
    raw: { event: '{"name":"Ada","emoji":"🚀","text":"a\\u0000b – ü"}', bytes: Buffer.from('{"name":"Ada","emoji":"🚀","text":"a\\u0000b – ü"}') },
    async: { args: [], stderr: /✔ accepted \(async\)\s+tencent-v2 echo\s+request [0-9a-f-]{36}/, json: { requestId: expect.stringMatching(UUID) } },
    asyncLimit: { bytes: 1024 * 1024, stderr: /1048577 bytes/ },
    invalidName: /^error: invalid SCF function name '9-bad\/name!'/,
    missing: [{ env: { TENCENTCLOUD_REGION: undefined }, stderr: [/--region.*TENCENTCLOUD_REGION/] }],
    // The legacy API carries SecretId and Signature in the form: neither may be echoed.
    forbidden: [FAKE.tencent.id, /Signature=/],
  },
  {
    id: 'aliyun',
    fn: (name) => name,
    env: ALIBABA_ENV,
    summary: [/✔ ok\s+aliyun hello\s+request 1-[0-9a-f]{8}-[0-9a-f]{24}/, /duration \d+ ms · memory [\d.]+ MiB · instance c-[0-9a-f]+/],
    fail: {
      event: '{"message":"boom"}',
      stderr: /error: function fail failed UnhandledInvocationError: Error: boom/,
      payload: { errorMessage: 'boom', errorType: 'Error' },
      localError: { code: 'UnhandledInvocationError', message: 'Error: this function always fails' },
    },
    notFound: {
      code: 'FunctionNotFound',
      stderr: [/error: aliyun FunctionNotFound: function 'no-such-function' does not exist\. \(HTTP 404, request 1-[0-9a-f]{8}-[0-9a-f]{24}\)/, /hint: .*--account-id/],
    },
    wrongSecret: { value: 'wrong-secret-value-0000', env: { ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'wrong-secret-value-0000' }, stderr: ['SignatureNotMatch'] },
    // The server echoes the key id; it is printed masked, as `config show` masks it.
    unknownKey: { value: 'LTAIunknownKEY', env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIunknownKEY' }, stderr: ["InvalidAccessKeyID: invalid access key ID 'LTA…KEY'"] },
    json: functionComputeJson('prod', FC3_ID),
    // echo returns the JSON string as text, which FC sends verbatim: no quotes, no added newline.
    raw: { event: '"line1\\n  café ✓ \\u0000end"', bytes: Buffer.from('line1\n  café ✓ \u0000end', 'utf8') },
    async: {
      args: ['--task-id', 'job_42'],
      stderr: /✔ accepted \(async\)\s+aliyun echo\s+request 1-[0-9a-f]{8}-[0-9a-f]{24}/,
      json: { functionRequestId: 'job_42' },
    },
    asyncLimit: { bytes: 128 * 1024, stderr: /at most 131072 bytes for async/ },
    invalidName: /^error: invalid FC function name '9-bad\/name!'/,
    missing: [
      { env: { ALIBABA_CLOUD_ACCOUNT_ID: undefined }, stderr: [/error: missing Alibaba Cloud account id: use --account-id or set ALIBABA_CLOUD_ACCOUNT_ID/] },
    ],
    forbidden: [],
  },
  {
    id: 'aliyun-fc2',
    fn: (name) => `demo/${name}`,
    env: ALIBABA_ENV,
    summary: [
      /✔ ok\s+aliyun-fc2 demo\/hello\s+request [0-9a-f-]{36}/,
      /FC Invoke Start RequestId: [0-9a-f-]{36}/,
      /duration \d+ ms · memory [\d.]+ MiB · instance c-[0-9a-f]{24}/,
    ],
    fail: {
      event: '{}',
      stderr: /error: function demo\/fail failed UnhandledInvocationError: this function always fails/,
      payload: { errorMessage: 'this function always fails', errorType: 'Error' },
      localError: { code: 'UnhandledInvocationError' },
    },
    notFound: {
      code: 'FunctionNotFound',
      stderr: [
        /error: aliyun-fc2 FunctionNotFound: function 'no-such-function' does not exist in service 'demo' \(HTTP 404, request [0-9a-f-]{36}\)/,
        /hint: no such function in this service/,
      ],
    },
    wrongSecret: {
      value: 'wrong-secret-key-0000',
      env: { ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'wrong-secret-key-0000' },
      stderr: ['SignatureNotMatch', /hint: .*ALIBABA_CLOUD_ACCESS_KEY_SECRET/],
    },
    unknownKey: { value: 'LTAIunknown0000', env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIunknown0000' }, stderr: ["InvalidAccessKeyID: invalid access key ID 'LTA…000'"] },
    json: functionComputeJson('LATEST', UUID),
    raw: { event: '{"b": "é", "a": [1, 2]}', bytes: Buffer.from('{"b":"é","a":[1,2]}') },
    async: {
      args: ['--task-id', 'job_42'],
      stderr: /accepted \(async\)\s+aliyun-fc2 demo\/echo\s+request [0-9a-f-]{36}\s+execution job_42/,
      json: { logs: null, functionRequestId: 'job_42' },
    },
    asyncLimit: { bytes: 128 * 1024, stderr: /FC accepts at most 131072 bytes for async invocations/ },
    // FC 2.0 reads `9-bad` as the service.
    invalidName: /^error: invalid FC service name '9-bad'/,
    missing: [{ env: { ALIBABA_CLOUD_ACCOUNT_ID: undefined }, stderr: ['--account-id', 'ALIBABA_CLOUD_ACCOUNT_ID'] }],
    forbidden: [],
  },
  functionGraphRow('huawei', {
    env: {
      HUAWEICLOUD_SDK_AK: FAKE.huawei.id,
      HUAWEICLOUD_SDK_SK: FAKE.huawei.secret,
      HUAWEICLOUD_SDK_REGION: 'cn-north-4',
      HUAWEICLOUD_SDK_PROJECT_ID: FAKE.huawei.project,
    },
    summary: [/duration [\d.]+ ms · billed \d+ ms · memory [\d.]+ MiB of 128 MB/],
    wrongSecret: { value: 'wrong-secret-key-0000', env: { HUAWEICLOUD_SDK_SK: 'wrong-secret-key-0000' }, stderr: ['APIGW.0301', /hint: IAM authentication failed/] },
    unknownKey: { value: 'FAKEUNKNOWNAK00000000', env: { HUAWEICLOUD_SDK_AK: 'FAKEUNKNOWNAK00000000' }, stderr: ['APIGW.0301'] },
    missing: [
      { env: { HUAWEICLOUD_SDK_PROJECT_ID: undefined }, stderr: [/^error: missing Huawei Cloud project id: use --project-id or set HUAWEICLOUD_SDK_PROJECT_ID/] },
      { env: { HUAWEICLOUD_SDK_REGION: undefined }, stderr: [/--region or set HUAWEICLOUD_SDK_REGION/] },
    ],
    forbidden: [DEMO_IAM_TOKEN],
  }),
  functionGraphRow('otc', {
    env: { OTC_SDK_AK: FAKE.otc.id, OTC_SDK_SK: FAKE.otc.secret, OTC_SDK_REGION: 'eu-de', OTC_SDK_PROJECT_ID: FAKE.otc.project },
    summary: [],
    wrongSecret: { value: 'wrong-secret-key-0000', env: { OTC_SDK_SK: 'wrong-secret-key-0000' }, stderr: ['APIGW.0301', 'OTC_SDK_AK'] },
    unknownKey: { value: 'FAKEUNKNOWNAK00000000', env: { OTC_SDK_AK: 'FAKEUNKNOWNAK00000000' }, stderr: ['APIGW.0301'] },
    missing: [
      { env: { OTC_SDK_AK: undefined, OTC_SDK_SK: undefined }, stderr: ['missing Open Telekom Cloud credentials: set OTC_SDK_AK and OTC_SDK_SK'] },
      { env: { OTC_SDK_PROJECT_ID: undefined }, stderr: [/--project-id or set OTC_SDK_PROJECT_ID/] },
    ],
    forbidden: [DEMO_OTC_IAM_TOKEN],
  }),
];
