/**
 * The zod schemas of `--json` output: the source of `fcinvoke schema result` and `schema batch-line`, and of the
 * docs. Kept apart from core/result.ts so the invoke path does not load zod, and on the output floor because the
 * provider ids come from the registry, which the ground floor may not import.
 */
import { z } from 'zod';
import { INVOCATION_STATUSES, RESULT_SCHEMA_VERSION, type JsonResult } from '../core/result.js';
import type { BatchSummary } from '../engine/summary.js';
import { PROVIDER_IDS } from '../providers/registry.js';

/** What a batch line can come to besides an invocation status: nothing useful was sent. */
const BATCH_ONLY_STATUSES = ['input_error', 'not_run', 'internal_error'] as const;

const detailsSchema = z
  .strictObject({
    retries: z.int().min(0).describe('how many times the request was re-sent before this answer (0 when none)'),
    httpStatus: z.int().optional().describe("the HTTP status of the API's answer"),
    logTruncated: z.boolean().optional().describe('true when the log tail was cut short by the provider'),
    executedVersion: z.string().optional().describe('the version that ran, as the provider reports it (besides the qualifier asked for)'),
    instanceId: z.string().optional().describe('the instance that ran the function'),
    codeChecksum: z.string().optional().describe("the checksum of the function's code package (FC: CRC-64)"),
    memorySizeMb: z.number().optional().describe('the memory the function is configured with, in MB'),
    billedMemoryMb: z.number().optional().describe('the memory billed, in MB (FunctionGraph)'),
    billingInfo: z.string().optional().describe('the billing header verbatim when it is not a plain number (FunctionGraph)'),
    functionStatus: z.int().optional().describe("the function's execution status in the answer body (FunctionGraph v1)"),
    responseVersion: z.string().optional().describe('the shape the answer says it has (FunctionGraph: v0 or v1)'),
    apiErrorCode: z
      .string()
      .optional()
      .describe("the API's own error code when error.code reports the outcome under another one (Tencent FailedOperation.InvokeFunction)"),
  })
  .describe('facts of the answer beyond the v1 fields; each optional one is present only when the provider reported it');

const resultShape = {
  schemaVersion: z.literal(RESULT_SCHEMA_VERSION).describe('the version of this shape: 2 (docs/output.md)'),
  provider: z.enum(PROVIDER_IDS).describe('the provider id'),
  function: z.string().describe('the function as given on the command line'),
  qualifier: z.string().nullable().describe('the version or alias asked for, or null for the default'),
  invocationType: z.enum(['sync', 'async']),
  status: z.enum(INVOCATION_STATUSES).describe('ok | function_error | api_error | transport_error | outcome_unknown'),
  requestId: z.string().nullable().describe("the provider API's request id"),
  functionRequestId: z.string().nullable().describe('the execution id, where distinct from requestId'),
  result: z.unknown().describe('the return value: parsed JSON when the payload is JSON, else the text; null when none'),
  logs: z.string().nullable().describe('the decoded log tail, or null when none was returned'),
  metrics: z.strictObject({
    durationMs: z.number().nullable(),
    billedDurationMs: z.number().nullable(),
    memoryUsedBytes: z.number().nullable(),
  }),
  error: z
    .strictObject({ code: z.string(), message: z.string() })
    .nullable()
    .describe('null when status is ok; the provider code verbatim, or fcinvoke transport codes'),
  details: detailsSchema,
};

export const invocationResultSchema = z.strictObject(resultShape).describe('One fcinvoke invocation result (schema version 2)');

/** One `{line, …result}` line of `--events-file`/`--repeat` `--json` output. */
export const batchResultLineSchema = z
  .strictObject({
    line: z.int().min(1).describe('the input line number (the invocation number with --repeat), counting from 1'),
    ...resultShape,
    status: z
      .enum([...INVOCATION_STATUSES, ...BATCH_ONLY_STATUSES])
      .describe('an invocation status, or input_error (not a valid event), not_run (never started), internal_error (a bug)'),
  })
  .describe('One batch line: the result of one input line');

const latencySchema = z.strictObject({ p50: z.number(), p90: z.number(), p99: z.number(), max: z.number() });

/** The final `{"summary": …}` line of a `--json` batch (docs/batch.md). */
export const batchSummaryLineSchema = z
  .strictObject({
    summary: z.strictObject({
      count: z.int().min(0).describe('lines read; every one has a result line'),
      ok: z.int().min(0),
      functionErrors: z.int().min(0),
      apiErrors: z.int().min(0),
      transportErrors: z.int().min(0),
      outcomeUnknown: z.int().min(0),
      inputErrors: z.int().min(0),
      notRun: z.int().min(0),
      internalErrors: z.int().min(0),
      retries: z.int().min(0),
      elapsedMs: z.number(),
      invocationsPerSecond: z.number(),
      latencyMs: latencySchema.nullable(),
      billedDurationMs: z.number().nullable(),
      gbSeconds: z.number().nullable(),
    }),
  })
  .describe('The last line of a --json batch: the summary');

/** Any line of `--json` batch output: a result line, or the final summary line. */
export const batchLineSchema = z
  .union([batchResultLineSchema, batchSummaryLineSchema])
  .describe('One line of fcinvoke --json batch output: a result line ({line, …}), or the final {"summary": …} line');

// Compile-time drift checks: the schemas and the hand-written types must describe the same objects.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _resultMatchesType: Same<Omit<z.infer<typeof invocationResultSchema>, 'provider'>, Omit<JsonResult, 'provider'>> = true;
const _summaryMatchesType: Same<z.infer<typeof batchSummaryLineSchema>['summary'], BatchSummary> = true;
void _resultMatchesType;
void _summaryMatchesType;

/** The JSON Schemas `fcinvoke schema <name>` prints (draft 2020-12). */
export const JSON_SCHEMAS = {
  result: { about: 'the --json invocation result', schema: invocationResultSchema },
  'batch-line': { about: 'one line of --json batch output (result lines and the summary line)', schema: batchLineSchema },
} as const;

export type JsonSchemaName = keyof typeof JSON_SCHEMAS;

/** A JSON Schema (draft 2020-12) by name. */
export function jsonSchema(name: JsonSchemaName): unknown {
  return z.toJSONSchema(JSON_SCHEMAS[name].schema);
}

/** The result's JSON Schema (draft 2020-12). */
export function resultJsonSchema(): unknown {
  return jsonSchema('result');
}
