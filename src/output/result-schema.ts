/**
 * The zod schema of the `--json` result: the source of `fcinvoke schema result` and of the docs. Kept apart from
 * core/result.ts so the invoke path does not load zod, and on the output floor because the provider ids come from
 * the registry, which the ground floor may not import.
 */
import { z } from 'zod';
import { INVOCATION_STATUSES, type InvocationResult } from '../core/result.js';
import { PROVIDER_IDS } from '../providers/registry.js';

export const invocationResultSchema = z
  .strictObject({
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
  })
  .describe('One fcinvoke invocation result');

// Compile-time drift check: the schema and the hand-written type must describe the same object.
type SchemaResult = z.infer<typeof invocationResultSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemaMatchesType: Same<Omit<SchemaResult, 'provider'>, Omit<InvocationResult, 'provider'>> = true;
void _schemaMatchesType;

/** The result's JSON Schema (draft 2020-12). */
export function resultJsonSchema(): unknown {
  return z.toJSONSchema(invocationResultSchema);
}
