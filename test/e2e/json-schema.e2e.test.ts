/**
 * Every `--json` output fits the published schemas, for every provider and every status: `schema result` for a
 * single invocation, `schema batch-line` for each line of a batch (result lines of every batch status, and the
 * summary line). The CLI helpers check this on every `invoke --json` run of the suite (test/helpers/json-output.ts);
 * here each status is produced on purpose and checked explicitly.
 */
import { createServer } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESULT_SCHEMA_VERSION } from '../../src/core/result.js';
import { batchLineSchema, batchResultLineSchema, batchSummaryLineSchema, invocationResultSchema, jsonSchema } from '../../src/output/result-schema.js';
import type { ProviderId } from '../../src/providers/registry.js';
import { cleanEnv, runMain } from '../helpers/cli.js';
import { checkJsonOutput } from '../helpers/json-output.js';
import { FAKE } from '../helpers/secrets.js';

/** A JSON Schema node, as far as this test looks into it. */
type JsonSchemaNode = Record<string, unknown>;

/** The keywords of draft 2020-12 (core, applicator, validation, meta-data) that zod may emit. */
const KEYWORDS = new Set([
  '$schema', '$id', '$ref', '$defs', '$comment', 'type', 'properties', 'required', 'additionalProperties', 'items',
  'prefixItems', 'anyOf', 'oneOf', 'allOf', 'not', 'enum', 'const', 'description', 'title', 'default', 'minimum',
  'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'format', 'minItems', 'maxItems',
]);
const TYPES = new Set(['null', 'boolean', 'object', 'array', 'number', 'integer', 'string']);

/**
 * Checks a schema against the draft 2020-12 rules it uses (no validator for 2020-12 is installed, and none is added
 * for this): known keywords only, valid type names, `required` a list of unique names each a declared property
 * (the objects are strict), `properties`/`$defs` maps of schemas, `anyOf` a non-empty list of schemas, `enum` a
 * non-empty list, `additionalProperties` a boolean or a schema.
 */
function checkNode(node: unknown, at: string): void {
  expect(typeof node === 'object' && node !== null && !Array.isArray(node), `${at} is a schema object`).toBe(true);
  const schema = node as JsonSchemaNode;
  for (const key of Object.keys(schema)) expect(KEYWORDS.has(key), `${at}: unknown keyword ${key}`).toBe(true);
  if (schema['type'] !== undefined) {
    const types = Array.isArray(schema['type']) ? schema['type'] : [schema['type']];
    for (const type of types) expect(TYPES.has(type as string), `${at}: type ${String(type)}`).toBe(true);
  }
  const properties = (schema['properties'] ?? {}) as Record<string, unknown>;
  for (const [name, child] of Object.entries(properties)) checkNode(child, `${at}/properties/${name}`);
  for (const [name, child] of Object.entries((schema['$defs'] ?? {}) as Record<string, unknown>)) checkNode(child, `${at}/$defs/${name}`);
  if (schema['required'] !== undefined) {
    const required = schema['required'] as string[];
    expect(new Set(required).size, `${at}: required is unique`).toBe(required.length);
    for (const name of required) expect(Object.hasOwn(properties, name), `${at}: required ${name} is a property`).toBe(true);
  }
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (schema[keyword] === undefined) continue;
    const list = schema[keyword] as unknown[];
    expect(list.length, `${at}/${keyword}`).toBeGreaterThan(0);
    list.forEach((child, index) => checkNode(child, `${at}/${keyword}/${index}`));
  }
  if (schema['enum'] !== undefined) expect((schema['enum'] as unknown[]).length).toBeGreaterThan(0);
  const additional = schema['additionalProperties'];
  if (additional !== undefined && typeof additional !== 'boolean') checkNode(additional, `${at}/additionalProperties`);
  if (schema['items'] !== undefined) checkNode(schema['items'], `${at}/items`);
}

const dir = mkdtempSync(join(tmpdir(), 'fcinvoke-json-schema-'));

/** What each provider needs besides the function name, to reach a real-looking endpoint. */
const CLOUD_ENV: Record<ProviderId, { env: Record<string, string>; args: string[] }> = {
  tencent: { env: { TENCENTCLOUD_SECRET_ID: FAKE.tencent.id, TENCENTCLOUD_SECRET_KEY: FAKE.tencent.secret, TENCENTCLOUD_REGION: 'ap-guangzhou' }, args: [] },
  'tencent-v2': { env: { TENCENTCLOUD_SECRET_ID: FAKE.tencent.id, TENCENTCLOUD_SECRET_KEY: FAKE.tencent.secret, TENCENTCLOUD_REGION: 'ap-guangzhou' }, args: [] },
  aliyun: {
    env: { ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE.aliyun.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: FAKE.aliyun.secret, ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou', ALIBABA_CLOUD_ACCOUNT_ID: FAKE.aliyun.account },
    args: [],
  },
  'aliyun-fc2': {
    env: { ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE.aliyun.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: FAKE.aliyun.secret, ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou', ALIBABA_CLOUD_ACCOUNT_ID: FAKE.aliyun.account },
    args: ['--service', 'demo'],
  },
  huawei: { env: { HUAWEICLOUD_SDK_AK: FAKE.huawei.id, HUAWEICLOUD_SDK_SK: FAKE.huawei.secret, HUAWEICLOUD_SDK_REGION: 'cn-north-4', HUAWEICLOUD_SDK_PROJECT_ID: FAKE.huawei.project }, args: [] },
  otc: { env: { OTC_SDK_AK: FAKE.otc.id, OTC_SDK_SK: FAKE.otc.secret, OTC_SDK_REGION: 'eu-de', OTC_SDK_PROJECT_ID: FAKE.otc.project }, args: [] },
};

/** A port nothing listens on: connections are refused, so nothing is sent (transport_error). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.each(Object.keys(CLOUD_ENV) as ProviderId[])('--json on %s fits `schema result`', (provider) => {
  const { env, args } = CLOUD_ENV[provider];
  const local = (fn: string, ...extra: string[]) => ['invoke', provider, fn, ...args, '--local', '--json', ...extra];

  it.each([
    ['ok', local('hello'), 0],
    ['function_error', local('fail'), 1],
    ['api_error', local('no-such-function'), 3],
    ['outcome_unknown', local('sleep', '-e', '{"ms":3000}', '--timeout', '200'), 5],
  ] as const)('%s', async (status, argv, code) => {
    const run = await runMain([...argv]);
    expect(run.code).toBe(code);
    const result = invocationResultSchema.parse(JSON.parse(run.stdout));
    expect(result).toMatchObject({ schemaVersion: 2, provider, status });
    expect(result.details.retries).toBe(0);
    if (status !== 'outcome_unknown') expect(result.details.httpStatus).toBeGreaterThanOrEqual(200);
  });

  it('transport_error', async () => {
    const port = await closedPort();
    const run = await runMain(['invoke', provider, 'hello', ...args, '--endpoint', `http://127.0.0.1:${port}`, '--allow-insecure-http', '--json', '--retries', '2'], {
      env: cleanEnv(env),
    });
    expect(run.code).toBe(4);
    const result = invocationResultSchema.parse(JSON.parse(run.stdout));
    // Refused connections sent nothing, so they are retried: the retries that happened are in details.
    expect(result).toMatchObject({ schemaVersion: 2, status: 'transport_error', details: { retries: 2 } });
    expect(result.details).not.toHaveProperty('httpStatus');
  });

  it('a batch: every line, input_error and not_run included, and the summary fit `schema batch-line`', async () => {
    const file = join(dir, `${provider}.ndjson`);
    writeFileSync(file, `{"ms":0}\nnot json\n${'{"ms":400}\n'.repeat(4)}`);
    const run = await runMain(['invoke', provider, 'sleep', ...args, '--local', '--json', '--events-file', file, '--concurrency', '1', '--deadline', '700']);
    const lines = run.stdout.trim().split('\n').map((line) => batchLineSchema.parse(JSON.parse(line)));
    const results = lines.slice(0, -1).map((line) => batchResultLineSchema.parse(line));
    const statuses = results.map((line) => line.status);
    expect(statuses.slice(0, 2)).toEqual(['ok', 'input_error']);
    expect(statuses.at(-1)).toBe('not_run');
    for (const line of results) expect(line).toMatchObject({ schemaVersion: 2, details: { retries: 0 } });
    expect(batchSummaryLineSchema.parse(lines.at(-1)).summary.count).toBe(6);
  });
});

describe('the schemas', () => {
  it('reject what does not fit: the helper fails a run whose --json output is off', () => {
    const good = { schemaVersion: 2, provider: 'tencent', function: 'f', qualifier: null, invocationType: 'sync', status: 'ok', requestId: null, functionRequestId: null, result: null, logs: null, metrics: { durationMs: null, billedDurationMs: null, memoryUsedBytes: null }, error: null, details: { retries: 0 } };
    expect(() => checkJsonOutput(['invoke', 'tencent', 'f', '--json'], JSON.stringify(good))).not.toThrow();
    const { details: _details, ...v1 } = good;
    expect(() => checkJsonOutput(['invoke', 'tencent', 'f', '--json'], JSON.stringify(v1))).toThrow(/does not fit/);
    expect(() => checkJsonOutput(['invoke', 'tencent', 'f', '--json'], JSON.stringify({ ...good, details: { retries: 0, hint: 'x' } }))).toThrow(/does not fit/);
    expect(() => checkJsonOutput(['invoke', 'tencent', 'f', '--json', '--repeat', '2'], `${JSON.stringify(good)}\n`)).toThrow(/line 1 does not fit/);
    expect(() => checkJsonOutput(['invoke', 'tencent', 'f', '--json', '--repeat', '2'], `${JSON.stringify({ line: 1, ...good, status: 'internal_error' })}\n`)).not.toThrow();
  });

  it('are valid draft 2020-12 JSON Schemas with the expected required lists', () => {
    const result = jsonSchema('result') as JsonSchemaNode & { required: string[]; properties: { details: { required: string[] } } };
    const line = jsonSchema('batch-line') as JsonSchemaNode & { anyOf: Array<{ required: string[]; properties: Record<string, { required?: string[] }> }> };
    for (const schema of [result, line]) {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      checkNode(schema, '#');
    }
    const v1 = ['provider', 'function', 'qualifier', 'invocationType', 'status', 'requestId', 'functionRequestId', 'result', 'logs', 'metrics', 'error'];
    expect([...result.required].sort()).toEqual([...v1, 'schemaVersion', 'details'].sort());
    expect(result.properties.details.required).toEqual(['retries']);
    expect(line.anyOf).toHaveLength(2);
    expect([...line.anyOf[0]!.required].sort()).toEqual([...v1, 'schemaVersion', 'details', 'line'].sort());
    expect(line.anyOf[1]!.required).toEqual(['summary']);
    expect(line.anyOf[1]!.properties['summary']!.required).toHaveLength(15);
    expect(RESULT_SCHEMA_VERSION).toBe(2);
  });

  it('are published by `fcinvoke schema result` and `schema batch-line`', async () => {
    for (const name of ['result', 'batch-line'] as const) {
      const run = await runMain(['schema', name]);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual(jsonSchema(name));
    }
    const unknown = await runMain(['schema', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('the schemas are: result, batch-line');
  });
});

describe('the library', () => {
  it('builds the --json object with jsonResultOf, which fits the schema resultJsonSchema() returns', async () => {
    const fcinvoke = await import('../../src/index.js');
    const emulator = await fcinvoke.startEmulator({ port: 0 });
    try {
      const provider = await fcinvoke.findProvider('tencent')!.load();
      const input = fcinvoke.createInvokeInput(provider, {
        functionName: 'hello',
        endpoint: emulator.url,
        region: fcinvoke.DEMO_IDENTIFIERS.region.tencent,
      });
      const invocation = await fcinvoke.invoke(provider, input, fcinvoke.DEMO_CREDENTIALS.tencent);
      const json = fcinvoke.jsonResultOf(invocation.result, invocation.details);
      expect(invocationResultSchema.parse(JSON.parse(JSON.stringify(json)))).toMatchObject({ schemaVersion: fcinvoke.RESULT_SCHEMA_VERSION, status: 'ok' });
      expect(await fcinvoke.resultJsonSchema()).toEqual(jsonSchema('result'));
    } finally {
      await emulator.close();
    }
  });
});
