/**
 * The contract each provider meets. A provider is pure: it builds, signs and parses requests, and never touches
 * the network, the disk, the environment or the clock (the time is passed in).
 */
import type { Credentials } from '../core/credentials.js';
import type { HttpRequest, RawResponse } from '../core/http.js';
import type { Invocation, InvocationType } from '../core/result.js';

// The shared vocabulary lives on the ground floor (core/); named here too, so a provider imports its whole
// contract from one place.
export type { Credentials, KeyCredentials, TokenCredentials } from '../core/credentials.js';
export type { HttpRequest, RawResponse } from '../core/http.js';

/** The clouds whose credentials providers share (`otc`: the Open Telekom Cloud, its own keys and IAM). */
export type CloudId = 'tencent' | 'aliyun' | 'huawei' | 'otc';

/** Everything a provider needs to build one invocation request; validated and resolved by the engine. */
export interface InvokeInput {
  /** The provider's id (`ProviderId` of providers/registry.ts, which this contract may not import). */
  provider: string;
  /** The function as the user named it (a name, `service/name` or a URN, per provider). */
  functionName: string;
  qualifier?: string | undefined;
  region?: string | undefined;
  namespace?: string | undefined;
  /** Traffic routing key (Tencent): string → string. */
  routingKey?: Record<string, string> | undefined;
  /** The event as the exact bytes of its JSON text. */
  event: Uint8Array;
  invocationType: InvocationType;
  /** Ask for the log tail. */
  logs: boolean;
  /** Scheme, host and port to send to (the API path is the provider's). */
  endpoint: string;
  accountId?: string | undefined;
  service?: string | undefined;
  projectId?: string | undefined;
  taskId?: string | undefined;
  signatureMethod?: 'HmacSHA1' | 'HmacSHA256' | undefined;
  /**
   * FunctionGraph `X-CFF-Request-Version` (sync only): `v1` asks for the JSON envelope `{request_id, result, log,
   * status}`, `v0` for the function's result as the body. @default 'v1'
   */
  requestVersion?: 'v0' | 'v1' | undefined;
}

/** Inputs to signing that would otherwise be impure. */
export interface SigningContext {
  now: Date;
  /** A random positive integer, for schemes that sign a nonce. */
  nonce: number;
}

/** Limits the provider documents: sizes checked before sending, and how long an invocation may take. */
export interface ProviderLimits {
  maxEventBytes: { sync: number; async: number };
  /**
   * The timeout used when neither `--timeout` nor the profile sets one. A sync call may take as long as the
   * provider lets a function run, so it must not give up before that (plus a margin for the network); an async
   * call is only queued, so it answers at once.
   */
  defaultTimeoutMs: { sync: number; async: number };
}

/** One provider: pure functions of (input, credentials, clock). */
export interface Provider {
  /** The provider's id, as in its registry entry. */
  readonly id: string;
  readonly limits: ProviderLimits;
  /** The endpoint origin used when the user gives none. Throws ConfigError when an identifier is missing. */
  defaultEndpoint(input: Omit<InvokeInput, 'endpoint'>): string;
  /** Checks names, identifiers and sizes; throws InputError/ConfigError so nothing is sent. */
  validateInput(input: InvokeInput): void;
  buildRequest(input: InvokeInput): HttpRequest;
  sign(request: HttpRequest, credentials: Credentials, context: SigningContext): HttpRequest;
  /** Never throws: any body becomes a result (an unparsable one is `outcome_unknown`). */
  parseResponse(response: RawResponse, input: InvokeInput): Invocation;
  /** A hint for a provider error code, when a known cause exists. */
  hintFor(code: string): string | undefined;
  /**
   * Whether an API error code is one of the provider's throttling or refusal codes: the call was refused before
   * it reached the function, so the engine's retry rule may re-send it (engine/retry.ts). Asynchronous so the
   * provider can load its error table on the first failed attempt only: an invocation that succeeds never asks.
   */
  isThrottled(code: string): Promise<boolean>;
  /**
   * Whether an API error code refuses the credentials themselves (an unknown, expired or revoked key or token, a
   * signature that does not verify): the call did not reach the function, and temporary credentials from a cache
   * may be exchanged afresh and the call sent once more (engine/credentials/refusal.ts). HTTP 401 counts whatever
   * the code. Asynchronous, as {@link isThrottled}.
   */
  refusesCredentials(code: string): Promise<boolean>;
}
