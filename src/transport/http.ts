/**
 * The one function that touches the network: send a signed request with undici and return the raw response.
 *
 * It records whether the request was handed to a connected socket, because what a failure means depends on it:
 * before that, the function cannot have run (transport_error, exit 4); after, it may have (outcome_unknown, exit 5)
 * and the request must not be re-sent automatically.
 */
import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import type { HttpRequest, RawResponse } from '../providers/types.js';

/** Where a transport failure happened. */
export type TransportPhase = 'connect' | 'sent';

/** A failure to get a complete response. `phase` says whether the request may have reached the function. */
export class TransportError extends Error {
  readonly code: string;
  readonly phase: TransportPhase;

  constructor(code: string, message: string, phase: TransportPhase, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'TransportError';
    this.code = code;
    this.phase = phase;
  }
}

/** Options for one request. */
export interface SendOptions {
  /** Abort from outside (Ctrl-C). */
  signal?: AbortSignal | undefined;
  /** The whole request, connect to last body byte, in milliseconds. @default 60000 */
  timeoutMs?: number | undefined;
  /** Refuse responses larger than this many bytes. @default 64 MiB */
  maxBodyBytes?: number | undefined;
}

/** Millisecond timings of one request, measured from the start of `send`. */
export interface SendTimings {
  /** When the request was handed to a connected socket. */
  connectedMs: number | null;
  /** When the response headers arrived. */
  firstByteMs: number | null;
  totalMs: number;
}

/** A raw response with its timings. */
export interface SendResult extends RawResponse {
  timings: SendTimings;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;
/** undici's own connect timeout is 10 s; never wait longer than the caller's timeout for a socket. */
const MAX_CONNECT_TIMEOUT_MS = 10_000;

const agents = new Map<string, Agent>();

/** Sends one request. Throws {@link TransportError} when no complete response came back. */
export async function send(httpRequest: HttpRequest, options: SendOptions = {}): Promise<SendResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const started = performance.now();
  const state = { connectedAt: null as number | null };
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const url = new URL(httpRequest.url);
  const dispatcher = agentFor(url.origin, timeoutMs).compose(trackDispatch(() => {
    state.connectedAt ??= performance.now();
  }));
  const phase = (): TransportPhase => (state.connectedAt === null ? 'connect' : 'sent');

  let response: Dispatcher.ResponseData;
  try {
    response = await request(url, {
      method: httpRequest.method,
      headers: httpRequest.headers,
      body: httpRequest.method === 'GET' ? null : httpRequest.body,
      dispatcher,
      signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  } catch (error) {
    throw toTransportError(error, phase(), timeoutMs, options.signal);
  }
  const firstByteAt = performance.now();

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBodyBytes) {
    discard(response.body);
    throw new TransportError(
      'response_too_large',
      `response body of ${declared} bytes exceeds the ${maxBodyBytes}-byte cap`,
      'sent',
    );
  }
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      received += chunk.byteLength;
      if (received > maxBodyBytes) {
        discard(response.body);
        throw new TransportError(
          'response_too_large',
          `response body exceeds the ${maxBodyBytes}-byte cap`,
          'sent',
        );
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof TransportError) throw error;
    throw toTransportError(error, 'sent', timeoutMs, options.signal);
  }
  const ended = performance.now();
  return {
    status: response.statusCode,
    headers,
    body: Buffer.concat(chunks, received),
    timings: {
      connectedMs: state.connectedAt === null ? null : round(state.connectedAt - started),
      firstByteMs: round(firstByteAt - started),
      totalMs: round(ended - started),
    },
  };
}

/** Closes every pooled connection so the process can exit at once. */
export async function closeTransport(): Promise<void> {
  const closing = [...agents.values()].map((agent) => agent.destroy().catch(() => undefined));
  agents.clear();
  await Promise.all(closing);
}

function agentFor(origin: string, timeoutMs: number): Agent {
  let agent = agents.get(origin);
  if (agent === undefined) {
    agent = new Agent({
      connect: { timeout: Math.min(timeoutMs, MAX_CONNECT_TIMEOUT_MS) },
      keepAliveTimeout: 4_000,
    });
    agents.set(origin, agent);
  }
  return agent;
}

/**
 * An interceptor that reports when undici hands the request to a connected socket (`onRequestStart`, or
 * `onConnect` for legacy handlers): from then on the bytes may reach the server.
 */
function trackDispatch(onDispatched: () => void): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) =>
    dispatch(
      options,
      new Proxy(handler, {
        get(target, property, receiver) {
          const value: unknown = Reflect.get(target, property, receiver);
          if ((property === 'onRequestStart' || property === 'onConnect') && typeof value === 'function') {
            return (...args: unknown[]) => {
              onDispatched();
              return (value as (...a: unknown[]) => unknown).apply(target, args);
            };
          }
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      }),
    );
}

/** Error codes that prove the request never reached a server. */
const BEFORE_SEND_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function toTransportError(
  error: unknown,
  phase: TransportPhase,
  timeoutMs: number,
  external: AbortSignal | undefined,
): TransportError {
  const code = errorCode(error);
  if (external?.aborted) return new TransportError('aborted', 'the request was interrupted', phase, error);
  const effectivePhase: TransportPhase = BEFORE_SEND_CODES.has(code) ? 'connect' : phase;
  if (
    code === 'ABORT_ERR' ||
    code === 'UND_ERR_ABORTED' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    (error instanceof Error && error.name === 'TimeoutError')
  ) {
    return new TransportError(
      'timeout',
      effectivePhase === 'connect'
        ? `could not connect within ${timeoutMs} ms`
        : `no complete response within ${timeoutMs} ms`,
      effectivePhase,
      error,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new TransportError(code || 'transport', message, effectivePhase, error);
}

function errorCode(error: unknown): string {
  if (error instanceof undiciErrors.UndiciError) return error.code;
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const cause = (error as { cause?: unknown }).cause;
    if (cause !== undefined && cause !== error) return errorCode(cause);
  }
  return '';
}

/** Stops reading a body; undici then emits an abort error, which nobody needs to hear. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
