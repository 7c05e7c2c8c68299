/**
 * Property tests of every provider's response parser: whatever status, headers and body arrive, `parseResponse`
 * returns a normalized result that fits the `--json` schema and renders, and never throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invocationResultSchema } from '../../src/output/result-schema.js';
import { exitCodeForStatus, jsonResultOf } from '../../src/core/result.js';
import { renderPayload, renderSummary } from '../../src/output/human.js';
import { renderJson } from '../../src/output/json.js';
import { PLAIN_STYLE } from '../../src/output/style.js';
import type { ProviderId } from '../../src/providers/registry.js';
import { PROVIDERS } from '../helpers/providers.js';
import { inputFor, PROVIDER_IDS } from './cases.js';
import { fuzzRuns, propertyChecker } from './fuzz.js';
import type { InvokeInput, RawResponse } from '../../src/providers/types.js';

/**
 * Cases per property: enough to reach every branch of a parser, few enough to keep the unit suite quick.
 * FCINVOKE_FUZZ_RUNS raises it for a longer local hunt.
 */
const check = propertyChecker(fuzzRuns(400));

/** The headers both Function Compute APIs answer with. */
const FC_HEADERS = ['x-fc-request-id', 'x-fc-error-type', 'x-fc-log-result', 'x-fc-max-memory-usage', 'x-fc-invocation-duration', 'x-fc-instance-id'];

/** The headers FunctionGraph answers carry, on either cloud. */
const FUNCTIONGRAPH_HEADERS = [
  'x-cff-request-id',
  'x-request-id',
  'x-cff-function-log',
  'x-cff-invoke-summary',
  'x-cff-billing-duration',
  'x-cff-response-version',
  'x-func-err-code',
  'x-is-func-err',
];

/** Header names each parser reads, so the fuzzer hits them often (they are lower-case, as the transport gives them). */
const KNOWN_HEADERS: Record<ProviderId, readonly string[]> = {
  tencent: ['content-type'],
  'tencent-v2': ['content-type'],
  aliyun: [...FC_HEADERS, 'x-fc-async-task-id', 'content-type'],
  'aliyun-fc2': [...FC_HEADERS, 'x-fc-invocation-service-version', 'x-fc-stateful-async-invocation-id'],
  huawei: FUNCTIONGRAPH_HEADERS,
  otc: FUNCTIONGRAPH_HEADERS,
};

/** The JSON keys of FunctionGraph bodies, on either cloud. */
const FUNCTIONGRAPH_KEYS = ['error_code', 'error_msg', 'error', 'code', 'message', 'errorCode', 'errorMessage', 'Code', 'Message', 'request_id', 'requestId', 'result', 'log', 'status', 'duration', 'billingDuration', 'memoryUsed', 'memorySize'];

/** JSON keys each provider's bodies use, so generated objects look like real answers with hostile values. */
const KNOWN_KEYS: Record<ProviderId, readonly string[]> = {
  tencent: ['Response', 'Error', 'Code', 'Message', 'Result', 'RequestId', 'RetMsg', 'ErrMsg', 'InvokeResult', 'Log', 'Duration', 'BillDuration', 'MemUsage', 'FunctionRequestId', 'errorMessage', 'statusCode'],
  'tencent-v2': ['code', 'message', 'codeDesc', 'data', 'requestId', 'retMsg', 'payLoad', 'errMsg', 'log', 'logMsg', 'duration', 'billDuration', 'memUsage', 'memSize', 'errorMessage', 'statusCode'],
  aliyun: ['Code', 'code', 'ErrorCode', 'errorCode', 'Message', 'message', 'ErrorMessage', 'errorMessage', 'RequestId', 'requestId', 'errorType'],
  'aliyun-fc2': ['ErrorCode', 'errorCode', 'Code', 'code', 'ErrorMessage', 'errorMessage', 'Message', 'message', 'RequestId', 'requestId'],
  huawei: FUNCTIONGRAPH_KEYS,
  otc: FUNCTIONGRAPH_KEYS,
};

/** Numbers as headers and bodies carry them, weighted to the extremes that overflow a unit conversion. */
const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, -0, 2 ** 53, 0.5),
);

/** Text that parsers meet in practice, plus the awkward: numbers out of range, base64-ish, JSON, control bytes. */
const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  { arbitrary: hostileNumber.map(String), weight: 3 },
  fc.constantFrom('', ' ', '0', '1', 'true', 'false', 'v0', 'v1', 'V1', 'NaN', 'Infinity', '{}', '[]', 'null', '%%not*base64!!', '===='),
  fc.base64String(),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64')),
  fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null'),
  fc.dictionary(fc.constantFrom('duration', 'billingDuration', 'memoryUsed', 'memorySize'), hostileNumber).map((value) => JSON.stringify(value)),
);

/** Any JSON value, biased towards objects with the provider's own keys at two levels. */
function shapedJson(keys: readonly string[]): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(fc.jsonValue({ maxDepth: 2 }), hostileText, { arbitrary: hostileNumber, weight: 2 });
  const level = (inner: fc.Arbitrary<unknown>) =>
    fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string()), inner, { maxKeys: 8 });
  return fc.oneof(leaf, level(leaf), level(fc.oneof(leaf, level(leaf))), level(level(fc.oneof(leaf, level(leaf)))));
}

function responses(provider: ProviderId): fc.Arbitrary<RawResponse> {
  const headerName = fc.oneof(fc.constantFrom(...KNOWN_HEADERS[provider]), fc.string().map((name) => name.toLowerCase()));
  const body = fc.oneof(
    fc.uint8Array({ maxLength: 256 }),
    shapedJson(KNOWN_KEYS[provider]).map((value) => new TextEncoder().encode(JSON.stringify(value) ?? '')),
    fc.string().map((text) => new TextEncoder().encode(text)),
  );
  return fc.record({
    status: fc.oneof(
      { arbitrary: fc.constant(200), weight: 3 },
      { arbitrary: fc.constantFrom(202, 204, 400, 401, 403, 404, 413, 429, 500, 502, 503, 504), weight: 2 },
      fc.integer({ min: 100, max: 599 }),
    ),
    headers: fc.dictionary(headerName, hostileText, { maxKeys: 10 }),
    body,
  });
}

function inputs(provider: ProviderId): fc.Arbitrary<InvokeInput> {
  return fc.record({
    invocationType: fc.constantFrom('sync' as const, 'async' as const),
    logs: fc.boolean(),
    qualifier: fc.option(fc.constantFrom('1', 'prod', '$LATEST', 'latest', '!alias'), { nil: undefined }),
    taskId: fc.option(fc.constantFrom('task-1'), { nil: undefined }),
  }).map((varying) => ({
    provider,
    functionName: provider === 'aliyun-fc2' ? 'demo/hello' : 'hello',
    event: new TextEncoder().encode('{}'),
    endpoint: 'https://example.invalid',
    region: 'cn-north-4',
    accountId: '1234567890123456',
    projectId: '0123456789abcdef0123456789abcdef',
    ...varying,
  }));
}

describe.each(PROVIDER_IDS)('the %s response parser, fuzzed', (provider) => {
  const parse = PROVIDERS[provider].parseResponse;

  it('never throws, and returns a result that fits the --json schema', () => {
    check(`${provider} parseResponse`, fc.tuple(responses(provider), inputs(provider)), ([response, input]) => {
      const invocation = parse(response, input);
      // What --json prints: the result, schemaVersion and the details (so the details are fuzzed too).
      const json = jsonResultOf(invocation.result, invocation.details);
      const checked = invocationResultSchema.safeParse(json);
      if (!checked.success) throw new Error(`not a valid result: ${checked.error.message}\n${JSON.stringify(json)}`);
      expect(invocation.result.status === 'ok').toBe(invocation.result.error === null);
      if (invocation.result.error !== null) expect(invocation.result.error.code).not.toBe('');
      expect(invocation.payload === null || invocation.payload instanceof Uint8Array).toBe(true);
      expect([0, 1, 3, 4, 5]).toContain(exitCodeForStatus(invocation.result.status));
    });
  });

  it('gives results every renderer can print', () => {
    check(`${provider} render`, fc.tuple(responses(provider), inputs(provider), fc.boolean()), ([response, input, tty]) => {
      const invocation = parse(response, input);
      const json = jsonResultOf(invocation.result, invocation.details);
      expect(JSON.parse(renderJson(json, tty))).toEqual(JSON.parse(JSON.stringify(json)));
      expect(typeof renderSummary(invocation, PLAIN_STYLE, true)).toBe('string');
      renderPayload(invocation, { tty, style: PLAIN_STYLE });
    });
  });
});

describe('regressions the fuzzer found', () => {
  const input = (provider: ProviderId) => inputFor(provider, { endpoint: 'https://example.invalid' });

  it.each([
    ['aliyun', { 'x-fc-max-memory-usage': '1e+308' }],
    ['aliyun-fc2', { 'x-fc-max-memory-usage': '1e308' }],
    ['huawei', { 'x-cff-response-version': 'v0', 'x-cff-invoke-summary': '{"memoryUsed":1e308}' }],
  ] as const)('%s: a memory figure too large to convert to bytes is unknown (null), not Infinity', (provider, headers) => {
    const invocation = PROVIDERS[provider].parseResponse({ status: 200, headers, body: new TextEncoder().encode('{}') }, input(provider));
    expect(invocation.result.metrics.memoryUsedBytes).toBeNull();
    expect(invocationResultSchema.safeParse(jsonResultOf(invocation.result, invocation.details)).success).toBe(true);
  });

  it('tencent: an empty error Code still names an error', () => {
    const body = new TextEncoder().encode('{"Response":{"Error":{"Code":""}}}');
    const invocation = PROVIDERS.tencent.parseResponse({ status: 200, headers: {}, body }, input('tencent'));
    expect(invocation.result).toMatchObject({ status: 'api_error', error: { code: 'UnknownError', message: '' } });
  });
});
