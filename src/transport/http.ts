/**
 * The one function that touches the network: send a signed request with undici and return the raw response.
 *
 * It records whether the request was handed to a connected socket, because what a failure means depends on it:
 * before that, the function cannot have run (transport_error, exit 4); after, it may have (outcome_unknown, exit 5)
 * and the request must not be re-sent automatically.
 *
 * Hardening (docs/exit-codes.md, "Size caps"): TLS certificates are always verified (extra CAs come from
 * NODE_EXTRA_CA_CERTS, which Node reads at start-up; NODE_TLS_REJECT_UNAUTHORIZED=0 is overridden); the response
 * header section and body are capped and refused before they can exhaust memory; HTTPS_PROXY, HTTP_PROXY and
 * NO_PROXY are honoured through undici's ProxyAgent; and `timeoutMs` bounds the whole exchange, proxy included.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, errors as undiciErrors, Pool, ProxyAgent, type Dispatcher } from 'undici';
import type { HttpRequest, RawResponse } from '../core/http.js';

/** Where a transport failure happened. */
export type TransportPhase = 'connect' | 'sent';

/** A failure to get a complete response. `phase` says whether the request may have reached the function. */
export class TransportError extends Error {
  readonly code: string;
  readonly phase: TransportPhase;
  /** The HTTP status of a refusal that came before the request was sent (a proxy refusing the tunnel). */
  readonly status: number | undefined;

  constructor(code: string, message: string, phase: TransportPhase, cause?: unknown, status?: number) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'TransportError';
    this.code = code;
    this.phase = phase;
    this.status = status;
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
  /** Refuse responses whose status line and headers (log headers included) exceed this many bytes. @default 1 MiB */
  maxHeaderBytes?: number | undefined;
  /**
   * The most connections to one origin (a batch's `--concurrency`): a request that finds them all busy waits for
   * one, so a server sees at most this many for a whole batch. @default unlimited
   */
  connections?: number | undefined;
  /**
   * Where `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` are read (lower-case names win, as in curl).
   * @default process.env
   */
  env?: Readonly<Record<string, string | undefined>> | undefined;
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
/** The response body cap: far above any provider's payload limit (FC's 32 MB is the largest). */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;
/** The response header cap: a log header holds a 4 KB tail (about 5.5 KB of base64), so 1 MiB is generous. */
export const DEFAULT_MAX_HEADER_BYTES = 1024 * 1024;
/** undici's own connect timeout is 10 s; never wait longer than the caller's timeout for a socket. */
const MAX_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Milliseconds on a monotonic clock, for timings and deadlines. `process.hrtime` rather than `performance.now()`,
 * whose first call loads node:perf_hooks (about 1 ms of a single invocation's start-up).
 */
export function monotonicMs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}

/**
 * The requests in flight under each caller's signal, aborted together when it aborts. One listener per signal for
 * its whole life, instead of an addEventListener/removeEventListener pair per request: a batch passes the same
 * Ctrl-C signal to every request, and that pair (with the per-call AbortController it used to need) was ~8% of a
 * batch's CPU (docs/performance.md). Weakly keyed: a signal that is collected takes its entry with it.
 */
const inFlightBySignal = new WeakMap<AbortSignal, Set<Exchange>>();

function exchangesOf(signal: AbortSignal): Set<Exchange> {
  let exchanges = inFlightBySignal.get(signal);
  if (exchanges === undefined) {
    const set = new Set<Exchange>();
    exchanges = set;
    inFlightBySignal.set(signal, set);
    signal.addEventListener(
      'abort',
      () => {
        const reason = abortReasonOf(signal);
        for (const exchange of [...set]) exchange.abort(reason);
        set.clear();
      },
      { once: true },
    );
  }
  return exchanges;
}

function abortReasonOf(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('aborted', 'AbortError');
}

/**
 * A pool of connections and the {@link HttpTransport.send} that uses it: undici agents per origin and proxy, kept
 * alive between requests, and the last target and dispatcher remembered for a batch that sends to one. Each
 * instance has its own; {@link HttpTransport.close} destroys them. The CLI and the library's defaults share
 * {@link defaultTransport}; a caller that wants its own pool (a test, a long-lived process) makes one.
 */
export class HttpTransport {
  private readonly agents = new Map<string, Dispatcher>();
  private lastTarget: Target | undefined;
  private lastDispatcher:
    | { origin: string; proxy: string | undefined; maxHeaderBytes: number; connections: number | null; dispatcher: Dispatcher }
    | undefined;

  /** Sends one request. Throws {@link TransportError} when no complete response came back. */
  async send(httpRequest: HttpRequest, options: SendOptions = {}): Promise<SendResult> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const maxHeaderBytes = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
    const started = monotonicMs();
    const target = this.targetOf(httpRequest.url);
    let timedOut = false;
    const exchange = new Exchange(maxBodyBytes);
    // One timer per request, and no listener of its own: AbortSignal.timeout plus AbortSignal.any, and undici's
    // request() with its Readable body and AsyncResource, cost more per request than everything else fcinvoke does.
    const timer = setTimeout(() => {
      timedOut = true;
      exchange.abort(new DOMException(`no complete response within ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs);
    const external = options.signal;
    const watched = external === undefined || external.aborted ? undefined : exchangesOf(external);
    watched?.add(exchange);
    try {
      // Loopback is never proxied, whatever the environment says: no need to read it.
      const proxy = target.loopback ? undefined : proxyFor(target.url, options.env ?? process.env);
      if (external?.aborted) exchange.abort(abortReasonOf(external));
      else {
        this.dispatcherFor(target, proxy, timeoutMs, maxHeaderBytes, options.connections ?? null).dispatch(
          {
            origin: target.origin,
            path: target.path,
            method: httpRequest.method,
            headers: httpRequest.headers,
            body: httpRequest.method === 'GET' ? null : httpRequest.body,
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
          },
          exchange,
        );
      }
      await exchange.done;
    } catch (error) {
      throw error instanceof TransportError
        ? error
        : toTransportError(error, exchange.connectedAt === null ? 'connect' : 'sent', {
            timeoutMs,
            maxHeaderBytes,
            external,
            timedOut: () => timedOut,
          });
    } finally {
      clearTimeout(timer);
      watched?.delete(exchange);
    }
    const ended = monotonicMs();
    return {
      status: exchange.status,
      headers: exchange.headers,
      body: exchange.chunks.length === 1 ? exchange.chunks[0]! : Buffer.concat(exchange.chunks, exchange.received),
      timings: {
        connectedMs: exchange.connectedAt === null ? null : round(exchange.connectedAt - started),
        firstByteMs: exchange.firstByteAt === null ? null : round(exchange.firstByteAt - started),
        totalMs: round(ended - started),
      },
    };
  }

  /** Closes every pooled connection so the process can exit at once. The transport stays usable. */
  async close(): Promise<void> {
    const closing = [...this.agents.values()].map((agent) => agent.destroy().catch(() => undefined));
    this.agents.clear();
    this.lastDispatcher = undefined;
    this.lastTarget = undefined;
    await Promise.all(closing);
  }

  /** The parsed target of a URL; a batch sends every request to one, so the last is kept. */
  private targetOf(href: string): Target {
    if (this.lastTarget !== undefined && this.lastTarget.href === href) return this.lastTarget;
    const url = new URL(href);
    this.lastTarget = {
      href,
      url,
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      loopback: isLoopback(bareHostname(url)),
    };
    return this.lastTarget;
  }

  /**
   * The pooled dispatcher for an origin: a plain Agent, or a ProxyAgent (CONNECT tunnel for https, an absolute-form
   * request for http, as curl does). TLS verification is forced on for the target and the proxy alike.
   */
  private dispatcherFor(
    target: Target,
    proxy: string | undefined,
    timeoutMs: number,
    maxHeaderBytes: number,
    connections: number | null,
  ): Dispatcher {
    // A batch asks for the same dispatcher again and again: compare the key's parts before building the key.
    if (
      this.lastDispatcher !== undefined &&
      this.lastDispatcher.origin === target.origin &&
      this.lastDispatcher.proxy === proxy &&
      this.lastDispatcher.maxHeaderBytes === maxHeaderBytes &&
      this.lastDispatcher.connections === connections
    ) {
      return this.lastDispatcher.dispatcher;
    }
    const key = `${target.origin} ${proxy ?? 'direct'} ${maxHeaderBytes} ${connections ?? 'unlimited'}`;
    let dispatcher = this.agents.get(key);
    if (dispatcher !== undefined) {
      this.lastDispatcher = { origin: target.origin, proxy, maxHeaderBytes, connections, dispatcher };
      return dispatcher;
    }
    const url = target.url;
    const tls = { rejectUnauthorized: true, timeout: Math.min(timeoutMs, MAX_CONNECT_TIMEOUT_MS) };
    const common = { keepAliveTimeout: 4_000, maxHeaderSize: maxHeaderBytes, connections };
    if (proxy === undefined) {
      dispatcher = new Agent({ ...common, connect: tls });
    } else {
      dispatcher = new ProxyAgent({
        ...common,
        uri: parseProxyUrl(proxy),
        proxyTunnel: url.protocol === 'https:',
        connect: tls,
        requestTls: tls,
        proxyTls: tls,
        // Keeps the header cap on every pool the proxy agent makes, the absolute-form one included; `connect` is
        // the agent's own (the tunnel, or the proxy connection) and must pass through.
        factory: (origin: string | URL, options: object) => new Pool(origin, { ...options, ...common }),
      });
    }
    this.agents.set(key, dispatcher);
    this.lastDispatcher = { origin: target.origin, proxy, maxHeaderBytes, connections, dispatcher };
    return dispatcher;
  }
}

/** The transport shared by {@link send} and {@link closeTransport}: one pool for the process (the CLI's). */
export const defaultTransport = new HttpTransport();

/** Sends one request through {@link defaultTransport}. Throws {@link TransportError} when no complete response came back. */
export function send(httpRequest: HttpRequest, options: SendOptions = {}): Promise<SendResult> {
  return defaultTransport.send(httpRequest, options);
}

/** Closes every pooled connection of {@link defaultTransport} so the process can exit at once. */
export async function closeTransport(): Promise<void> {
  await defaultTransport.close();
}

/** What `send` needs of a request URL, parsed once per URL: a batch sends every request to one. */
interface Target {
  /** The request URL as given, the cache key. */
  href: string;
  url: URL;
  origin: string;
  /** Path and query, as undici wants them. */
  path: string;
  /** Whether the host is loopback, which is never proxied. */
  loopback: boolean;
}

/** A raw response header name or value (undici's HTTP/1 parser hands over bytes) as text. */
function headerText(value: Buffer | string | Array<Buffer | string>): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((part) => (typeof part === 'string' ? part : part.toString('latin1'))).join(', ');
  return value.toString('latin1');
}

/**
 * One request's undici handler: records when the request is handed to a connected socket (`onConnect`, from
 * when the bytes may reach the server), collects the status, headers and body under the size cap, and settles
 * {@link done}. An abort before undici starts the request settles at once and stops it when it starts; a proxy
 * that accepts the connection but never answers CONNECT would otherwise hold it past the timeout.
 *
 * It implements undici's core handler methods (onConnect, onHeaders, onData, onComplete, onError), which its
 * HTTP/1 client calls directly; a handler with the newer onRequestStart/onResponse* methods is wrapped per
 * request in an adapter that also parses the raw headers into an object, and the trailers, which fcinvoke
 * then copied again.
 */
class Exchange {
  status = 0;
  headers: Record<string, string> = {};
  chunks: Buffer[] = [];
  received = 0;
  connectedAt: number | null = null;
  firstByteAt: number | null = null;
  readonly done: Promise<void>;
  readonly #maxBodyBytes: number;
  #abortRequest: ((reason: Error) => void) | undefined;
  #abortReason: unknown;
  #resolve!: () => void;
  #reject!: (reason: unknown) => void;

  constructor(maxBodyBytes: number) {
    this.#maxBodyBytes = maxBodyBytes;
    this.done = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  abort(reason: unknown): void {
    if (this.#abortReason !== undefined) return;
    this.#abortReason = reason;
    if (this.#abortRequest === undefined) this.#reject(reason);
    else this.#abortRequest(reason as Error);
  }

  onConnect(abort: (reason: Error) => void): void {
    this.#abortRequest = abort;
    if (this.#abortReason !== undefined) abort(this.#abortReason as Error);
    else this.connectedAt = monotonicMs();
  }

  onHeaders(statusCode: number, rawHeaders: Array<Buffer | string | Array<Buffer | string>>): boolean {
    // An informational head (100 Continue, 103 Early Hints) is not the answer: the final response follows, and
    // its headers alone are the response's (RFC 9110 §15.2).
    if (statusCode < 200) return true;
    this.firstByteAt = monotonicMs();
    this.status = statusCode;
    const headers = this.headers;
    // Lower-case names; a repeated header's values joined with ", " in order. `__proto__` names no header.
    for (let i = 0; i < rawHeaders.length; i += 2) {
      const name = headerText(rawHeaders[i]!).toLowerCase();
      if (name === '__proto__') continue;
      const value = headerText(rawHeaders[i + 1]!);
      headers[name] = Object.hasOwn(headers, name) ? `${headers[name]}, ${value}` : value;
    }
    const declared = Number(headers['content-length']);
    if (Number.isFinite(declared) && declared > this.#maxBodyBytes) {
      this.#fail(
        new TransportError('response_too_large', `the response body of ${declared} bytes exceeds the ${this.#maxBodyBytes}-byte cap`, 'sent'),
      );
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.#abortReason !== undefined) return true;
    this.received += chunk.byteLength;
    if (this.received > this.#maxBodyBytes) {
      this.#fail(new TransportError('response_too_large', `the response body exceeds the ${this.#maxBodyBytes}-byte cap`, 'sent'));
      return true;
    }
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    this.#resolve();
  }

  onError(error: Error): void {
    this.#reject(this.#abortReason ?? error);
  }

  /** Fails the request once: settles {@link done} and stops the request in undici. */
  #fail(error: TransportError): void {
    if (this.#abortReason !== undefined) return;
    this.#abortReason = error;
    this.#reject(error);
    this.#abortRequest?.(error);
  }
}

/**
 * The proxy for a request, from HTTPS_PROXY (https) or HTTP_PROXY (http, and https when HTTPS_PROXY is unset, as
 * undici's EnvHttpProxyAgent does), unless NO_PROXY matches the host or the host is loopback (never proxied: the
 * emulator and `--local` live there). NO_PROXY takes `*`, host names (which also match their subdomains, with or
 * without a leading `.` or `*.`) and `host:port`. Returns the proxy URL, or undefined for a direct connection.
 */
export function proxyFor(target: URL, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const hostname = bareHostname(target);
  if (isLoopback(hostname)) return undefined;
  const read = (name: string) => {
    const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const proxy = target.protocol === 'https:' ? (read('https_proxy') ?? read('http_proxy')) : read('http_proxy');
  if (proxy === undefined) return undefined;
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  const noProxy = (read('no_proxy') ?? '').split(/[,\s]+/).filter((entry) => entry !== '');
  for (const entry of noProxy) {
    if (entry === '*') return undefined;
    const withPort = /^(.+):(\d+)$/.exec(entry);
    if (withPort !== null && Number(withPort[2]) !== port) continue;
    const host = (withPort === null ? entry : withPort[1]!).toLowerCase().replace(/^\*?\./, '').replace(/^\[|\]$/g, '');
    if (hostname === host || hostname.endsWith(`.${host}`)) return undefined;
  }
  return proxy;
}

/** A proxy URL from the environment; `host:port` means http. Never quoted in messages: it may hold a password. */
function parseProxyUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    throw new TransportError('proxy_config', 'the proxy in HTTPS_PROXY/HTTP_PROXY is not a valid URL', 'connect');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TransportError(
      'proxy_config',
      `the proxy in HTTPS_PROXY/HTTP_PROXY must be an http:// or https:// URL, not ${url.protocol}`,
      'connect',
    );
  }
  return url.href;
}

/** The URL's host name in lower case, without the brackets of an IPv6 literal. */
function bareHostname(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '::1' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** OpenSSL's certificate verification codes (and Node's host-name check): the server was never trusted. */
const TLS_VERIFY_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

/** Error codes that prove the request never reached a server. */
const BEFORE_SEND_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  ...TLS_VERIFY_CODES,
]);

interface FailureContext {
  timeoutMs: number;
  maxHeaderBytes: number;
  external: AbortSignal | undefined;
  /** Whether the request's own timer fired. */
  timedOut: () => boolean;
}

function toTransportError(error: unknown, phase: TransportPhase, context: FailureContext): TransportError {
  const code = errorCode(error);
  const raw = error instanceof Error ? error.message : String(error);
  if (context.external?.aborted) return new TransportError('aborted', 'the request was interrupted', phase, error);
  const effectivePhase: TransportPhase = BEFORE_SEND_CODES.has(code) ? 'connect' : phase;
  if (
    context.timedOut() ||
    code === 'ABORT_ERR' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    (error instanceof Error && error.name === 'TimeoutError')
  ) {
    return new TransportError(
      'timeout',
      effectivePhase === 'connect'
        ? `could not connect within ${context.timeoutMs} ms`
        : `no complete response within ${context.timeoutMs} ms`,
      effectivePhase,
      error,
    );
  }
  if (code === 'UND_ERR_HEADERS_OVERFLOW') {
    return new TransportError(
      'response_headers_too_large',
      `the response headers exceed the ${context.maxHeaderBytes}-byte cap (a log header that large is refused)`,
      'sent',
      error,
    );
  }
  // The proxy refused to open a tunnel (or asked for credentials): nothing reached the provider.
  const proxyStatus = /Proxy response \((\d{3})\)|Proxy Authentication Required \((\d{3})\)/.exec(raw);
  if (proxyStatus !== null) {
    const status = proxyStatus[1] ?? proxyStatus[2];
    return new TransportError(
      'proxy_refused',
      `the proxy refused the connection with HTTP ${status}${status === '407' ? ' (proxy authentication required)' : ''}`,
      'connect',
      error,
      Number(status),
    );
  }
  if (TLS_VERIFY_CODES.has(code)) {
    return new TransportError(code, `TLS certificate verification failed: ${raw}`, 'connect', error);
  }
  if ((code === 'ECONNRESET' || code === 'EPIPE') && effectivePhase === 'sent') {
    return new TransportError(code, `the connection was reset before a complete response arrived (${raw})`, effectivePhase, error);
  }
  if (code === 'UND_ERR_SOCKET' && effectivePhase === 'sent') {
    return new TransportError(
      code,
      `the connection closed before a complete response arrived (${errorCode(causeOf(error)) || raw})`,
      effectivePhase,
      error,
    );
  }
  return new TransportError(code || 'transport', raw, effectivePhase, error);
}

function causeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { cause?: unknown }).cause : undefined;
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

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
