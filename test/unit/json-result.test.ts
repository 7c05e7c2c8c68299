/** jsonResultOf: the --json object (schema version 2) from a result and its details. */
import { describe, expect, it } from 'vitest';
import { JSON_DETAIL_KEYS, jsonResultOf, NO_METRICS, type InvocationDetails, type InvocationResult } from '../../src/core/result.js';
import { invocationResultSchema } from '../../src/output/result-schema.js';
import { renderJson } from '../../src/output/json.js';

const result: InvocationResult = {
  provider: 'tencent',
  function: 'f',
  qualifier: null,
  invocationType: 'sync',
  status: 'function_error',
  requestId: 'r',
  functionRequestId: null,
  result: null,
  logs: null,
  metrics: NO_METRICS,
  error: { code: 'FunctionError.430', message: 'boom' },
};

const every: Required<InvocationDetails> = {
  httpStatus: 200,
  hint: 'look at the function',
  logTruncated: true,
  memorySizeMb: 256,
  instanceId: 'c-1',
  retries: 2,
  executedVersion: '3',
  codeChecksum: '123',
  apiErrorCode: 'FailedOperation.InvokeFunction',
  billingInfo: '66ms',
  functionStatus: 500,
  billedMemoryMb: 256,
  responseVersion: 'v1',
};

describe('jsonResultOf', () => {
  it('carries every detail but the hint, after the v1 fields, which it leaves as they were', () => {
    const json = jsonResultOf(result, every);
    const { hint: _hint, ...expected } = every;
    expect(json.details).toEqual(expected);
    expect(Object.keys(json)).toEqual(['schemaVersion', ...Object.keys(result), 'details']);
    expect({ ...json, schemaVersion: undefined, details: undefined }).toEqual({ ...result, schemaVersion: undefined, details: undefined });
    expect(invocationResultSchema.parse(JSON.parse(renderJson(json, false)))).toEqual(json);
    expect(JSON_DETAIL_KEYS).not.toContain('hint');
  });

  it('gives retries 0 when none happened, leaves out what was not reported, and takes a batch line’s count', () => {
    expect(jsonResultOf(result, { httpStatus: 502, hint: 'x' }).details).toEqual({ retries: 0, httpStatus: 502 });
    expect(jsonResultOf(result, null).details).toEqual({ retries: 0 });
    expect(jsonResultOf({ line: 4, ...result }, null, 3)).toMatchObject({ schemaVersion: 2, line: 4, details: { retries: 3 } });
  });
});
