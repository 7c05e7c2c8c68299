/**
 * The contract of a provider's emulated API: what the emulator's HTTP server (src/emulator/) asks of each
 * provider's `emulator/` folder. A provider brings its fake cloud with it, loaded through its registry entry, so
 * the server, the fault plan, the run ledger and the overload answer hold no per-provider table.
 *
 * On the providers floor, beside the client contract (types.ts): an emulated API is request → response logic over
 * an injected {@link EmulatorContext}; it opens no socket and reads no file. It checks signatures from the bytes
 * it received with providers/shared helpers, never with its own provider's request builder or signer, so that
 * official-SDK requests test it and it tests the client (test/unit/architecture.test.ts enforces that).
 */
import type { CloudId } from './types.js';

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

/** A handler as the emulator runs it: `(event, context)`, whose console output becomes the invocation log. */
export type Handler = (event: unknown, context: Record<string, unknown>) => unknown;

/** Which export a user handler file provides: Tencent's `main_handler`, or `handler` (Alibaba, Huawei). */
export type HandlerFlavor = 'main_handler' | 'handler';

/** What happened when a function ran. */
export interface FunctionRun {
  ok: boolean;
  /** The return value, when ok. */
  value: unknown;
  /** The thrown error, when not ok. */
  error: { errorMessage: string; errorType: string; stackTrace: string[] } | null;
  log: string;
  durationMs: number;
  memoryBytes: number;
}

/** Finds functions by name: the built-ins, then the user's handler files (emulator/functions/runner.ts). */
export interface FunctionFinder {
  /** The handler for `name`, or undefined when no such function exists. */
  find(name: string, flavor: HandlerFlavor): Promise<Handler | undefined>;
}

/** The keys the emulator accepts, per cloud. */
export type EmulatorKeys = Readonly<Record<CloudId, ReadonlyMap<string, EmulatorKey>>>;

/** What every route may use. */
export interface EmulatorContext {
  keys: EmulatorKeys;
  /** Whether `token` is an unexpired IAM token the emulator's IAM service issued for `cloud` (Huawei, OTC). */
  acceptsIamToken(cloud: CloudId, token: string): boolean;
  /** Finds functions (`functions.find`); run them with {@link EmulatorContext.runFunction}. */
  functions: FunctionFinder;
  /** Runs a function for `request` and counts the run in the run ledger (emulator/ledger.ts). */
  runFunction(request: EmulatorRequest, handler: Handler, event: unknown, invokeContext: Record<string, unknown>): Promise<FunctionRun>;
  /** Runs work after the response is sent (async invocations). */
  background(task: () => Promise<unknown>): void;
}

/** One emulated API's request handling. */
export interface EmulatorRoute {
  /** The provider id, as in its registry entry. */
  id: string;
  /**
   * Whether this request is for this API, by request line and headers only: the body is not read yet. `keys` tells
   * APIs that share a path apart by whose credential the request carries (Huawei Cloud and the Open Telekom Cloud
   * both serve FunctionGraph); the others ignore it.
   */
  matches(request: EmulatorRequest, keys?: EmulatorKeys): boolean;
  handle(request: EmulatorRequest, context: EmulatorContext): Promise<EmulatorResponse>;
}

/** A provider's emulated API: its route, and what the fault plan, the run ledger and the overload guard ask. */
export interface EmulatedApi extends EmulatorRoute {
  /**
   * The names a request's function goes by, for `--faults` targets: the name, plus `service/name` for FC 2.0.
   * Empty when the request names no function readably (then only `*` patterns match). Never throws.
   */
  functionNames(request: EmulatorRequest): string[];
  /**
   * The function and event bytes a request carries, for the run ledger's key, read as the API reads them but
   * without judging the request: one the API will refuse still gets a key. Never throws.
   */
  invocationOf(request: EmulatorRequest): { functionName: string; event: Uint8Array | string };
  /** The provider's own throttling answer with `message` (the server makes it HTTP 429 when it sheds load). */
  throttledAnswer(message: string): EmulatorResponse;
  /** The response header that carries the base64 log tail, which the log faults spoil. */
  logHeader: string;
}
