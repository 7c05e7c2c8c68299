/** The contract between the emulator's HTTP server and each provider's emulated API. */
import type { ProviderId } from '../providers/registry.js';
import type { CloudId } from '../providers/types.js';
import type { Handler } from './functions/builtins.js';
import type { FunctionHost, FunctionRun } from './functions/runner.js';

/** A request as received, body fully read. Header names are lower-case. */
export interface EmulatorRequest {
  method: string;
  /** Path and query as received, not decoded. */
  rawUrl: string;
  headers: Record<string, string>;
  body: Buffer;
  receivedAt: Date;
}

/** A response to write back. */
export interface EmulatorResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** A key the emulator accepts; `securityToken` set means the key is temporary and the token must come with it. */
export interface EmulatorKey {
  secret: string;
  securityToken?: string | undefined;
}

/** What every route may use. */
export interface EmulatorContext {
  keys: Record<CloudId, ReadonlyMap<string, EmulatorKey>>;
  /** Finds functions (`functions.find`); run them with {@link EmulatorContext.runFunction}. */
  functions: FunctionHost;
  /** Runs a function for `request` and counts the run in the run ledger (ledger.ts). */
  runFunction(request: EmulatorRequest, handler: Handler, event: unknown, invokeContext: Record<string, unknown>): Promise<FunctionRun>;
  /** Runs work after the response is sent (async invocations). */
  background(task: () => Promise<unknown>): void;
}

/** One emulated API. */
export interface EmulatorRoute {
  id: ProviderId;
  /** Whether this request is for this API, by request line and headers only: the body is not read yet. */
  matches(request: EmulatorRequest): boolean;
  handle(request: EmulatorRequest, context: EmulatorContext): Promise<EmulatorResponse>;
}
