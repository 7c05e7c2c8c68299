/**
 * The normalized result every provider produces: what `--json` prints, one object per invocation.
 *
 * The zod schema for it lives in `output/result-schema.ts` (kept out of the invoke path so zod is not loaded on every
 * call); a compile-time check there keeps the two in step. docs/output.md describes each field.
 */
import { EXIT_CODES, type ExitCode } from './errors.js';
import { decodeUtf8 } from './text.js';

/** The five outcomes of an invocation. */
export const INVOCATION_STATUSES = [
  'ok',
  'function_error',
  'api_error',
  'transport_error',
  'outcome_unknown',
] as const;

export type InvocationStatus = (typeof INVOCATION_STATUSES)[number];

export type InvocationType = 'sync' | 'async';

/** Duration and memory, converted to one unit per quantity whatever the provider reports. */
export interface InvocationMetrics {
  /** How long the function ran, in milliseconds (fractions kept). */
  durationMs: number | null;
  /** The duration the provider bills, in milliseconds. */
  billedDurationMs: number | null;
  /** Peak memory the function used, in bytes. */
  memoryUsedBytes: number | null;
}

/** What went wrong, when `status` is not `ok`. `code` is the provider's code verbatim, or fcinvoke's own. */
export interface InvocationError {
  code: string;
  message: string;
}

/** One invocation's outcome, the same shape for every provider. */
export interface InvocationResult {
  provider: string;
  function: string;
  qualifier: string | null;
  invocationType: InvocationType;
  status: InvocationStatus;
  /** The API request id to quote to the provider's support. */
  requestId: string | null;
  /** The id of the function execution itself, where the provider has one distinct from `requestId`. */
  functionRequestId: string | null;
  /** The function's return value: the parsed JSON value when the payload is JSON, else the text. */
  result: unknown;
  /** The decoded log tail, when the provider returned one. */
  logs: string | null;
  metrics: InvocationMetrics;
  error: InvocationError | null;
}

/** A result plus what only the process needs: the payload bytes for `--raw` and a hint for humans. */
export interface Invocation {
  result: InvocationResult;
  /** The function's return value byte-exact, or null when there is none (API error, async). */
  payload: Uint8Array | null;
  /** Extra facts for the human renderer (e.g. log truncated, HTTP status, instance id). */
  details: InvocationDetails;
}

/** Facts the human renderer may show that are not part of the stable JSON result. */
export interface InvocationDetails {
  httpStatus?: number | undefined;
  hint?: string | undefined;
  logTruncated?: boolean | undefined;
  memorySizeMb?: number | undefined;
  instanceId?: string | undefined;
  /** How many times the request was re-sent before this answer (retries that happened), when any were. */
  retries?: number | undefined;
  /** The version that ran, as the provider reports it (FC `X-Fc-Invocation-Service-Version`). */
  executedVersion?: string | undefined;
  /** The CRC-64 of the function's code package (FC `X-Fc-Code-Checksum`). */
  codeChecksum?: string | undefined;
  /**
   * The API's own error code when the outcome is reported under another one: Tencent's
   * `FailedOperation.InvokeFunction` carrying the function's error is a function error with the function's code.
   */
  apiErrorCode?: string | undefined;
  /** FunctionGraph `X-CFF-Billing-Duration` verbatim, when it is not a plain number (its format is undocumented). */
  billingInfo?: string | undefined;
  /** FunctionGraph v1 body `status`: the function's execution status (200 when it succeeded). */
  functionStatus?: number | undefined;
  /** FunctionGraph "billing memory" of the log's Finish line, in MB. */
  billedMemoryMb?: number | undefined;
  /** The shape the answer says it has (FunctionGraph `X-CFF-Response-Version`: `v0` or `v1`), when it says. */
  responseVersion?: string | undefined;
}

/** The version of the `--json` result's shape (docs/output.md, "Schema versions"). */
export const RESULT_SCHEMA_VERSION = 2;

/** The facts of {@link InvocationDetails} that `--json` carries: all but the human `hint`. */
export const JSON_DETAIL_KEYS = [
  'httpStatus',
  'logTruncated',
  'executedVersion',
  'instanceId',
  'codeChecksum',
  'memorySizeMb',
  'billedMemoryMb',
  'billingInfo',
  'functionStatus',
  'responseVersion',
  'apiErrorCode',
] as const satisfies ReadonlyArray<keyof InvocationDetails>;

/** `details` of the `--json` result: `retries` always; the others only when the provider reported them. */
export type ResultDetails = { retries: number } & {
  [K in (typeof JSON_DETAIL_KEYS)[number]]?: NonNullable<InvocationDetails[K]> | undefined;
};

/** What `--json` prints for one invocation (schema version 2): the v1 result plus `schemaVersion` and `details`. */
export interface JsonResult extends InvocationResult {
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
  details: ResultDetails;
}

/**
 * The `--json` object of a result (or a batch line's result) and its details: `schemaVersion` first, then the v1
 * fields, then `details`. `retries` defaults to the details' own count.
 */
export function jsonResultOf<R extends object>(
  result: R,
  details: InvocationDetails | null,
  retries = details?.retries ?? 0,
): { schemaVersion: typeof RESULT_SCHEMA_VERSION } & R & { details: ResultDetails } {
  const picked: ResultDetails = { retries };
  if (details !== null) {
    for (const key of JSON_DETAIL_KEYS) {
      const value = details[key];
      if (value !== undefined) (picked as Record<string, unknown>)[key] = value;
    }
  }
  return { schemaVersion: RESULT_SCHEMA_VERSION, ...result, details: picked };
}

/** The exit code for a status, per docs/exit-codes.md. */
export function exitCodeForStatus(status: InvocationStatus): ExitCode {
  switch (status) {
    case 'ok':
      return EXIT_CODES.ok;
    case 'function_error':
      return EXIT_CODES.functionError;
    case 'api_error':
      return EXIT_CODES.apiError;
    case 'transport_error':
      return EXIT_CODES.transport;
    case 'outcome_unknown':
      return EXIT_CODES.outcomeUnknown;
    default: {
      const unreachable: never = status;
      throw new Error(`unknown status ${String(unreachable)}`);
    }
  }
}

/** Metrics with nothing known. */
export const NO_METRICS: InvocationMetrics = Object.freeze({
  durationMs: null,
  billedDurationMs: null,
  memoryUsedBytes: null,
});

/** Decodes a payload for `result`: the parsed JSON value when it is JSON, else the UTF-8 text. */
export function decodePayload(payload: Uint8Array | null): unknown {
  if (payload === null) return null;
  const text = decodeUtf8(payload);
  if (text.trim() === '') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
