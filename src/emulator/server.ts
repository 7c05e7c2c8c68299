/**
 * The emulator's HTTP server: picks the route from the request line and headers, reads the body whole within the
 * per-request limit and the in-flight byte cap, hands the request to the route, writes the route's answer. Every
 * provider's API is served on the same port; they differ by path and headers. `/__fcinvoke/…` is the emulator's
 * own (the run ledger and stats), a path no cloud API uses.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Env } from '../config/resolve.js';
import type { ProviderId } from '../providers/registry.js';
import { controlAnswer, isControlPath } from './control.js';
import {
  faultName,
  functionRunsUnder,
  gatewayAnswer,
  spoilAnswer,
  type Fault,
  type FaultPlan,
} from './faults.js';
import { FunctionHost } from './functions/runner.js';
import { InFlightBytes, type InFlightStats, type Reservation } from './in-flight.js';
import { emulatorKeys } from './keys.js';
import { CREDENTIAL_SERVICES, CredentialIssuer, type CredentialServiceContext } from './credentials/index.js';
import { RunLedger, type LedgerSnapshot } from './ledger.js';
import { overloadAnswer } from './overload.js';
import { ROUTES, type EmulatedRoute } from './routes.js';
import type { EmulatorContext, EmulatorRequest, EmulatorResponse } from '../providers/emulator-api.js';

/** Options for {@link startEmulator}. */
export interface EmulatorOptions {
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @default 9000 */
  port?: number;
  /** Directory of user handler files. */
  functionsDir?: string | undefined;
  /** Environment whose cloud keys are accepted besides the demo keys. @default {} */
  env?: Env;
  /** Faults to inject into answers (`--faults`, `--seed`). @default none */
  faults?: FaultPlan | undefined;
  /** Called for every request a fault rule fired on, for the emulator's log. */
  onFault?: ((event: FaultEvent) => void) | undefined;
  /**
   * The most request bytes held in memory across all connections; a request that would go over it is refused
   * with the provider's HTTP 429 throttling answer before the function runs (docs/emulator.md, "Bounded memory").
   * @default 134217728 (128 MiB)
   */
  maxBytesInFlight?: number | undefined;
  /** The clock: request times as the APIs check them, the credential services, and the expiry of what they issued (tests). @default () => new Date() */
  now?: (() => Date) | undefined;
}

/** A request that got faults, as reported to {@link EmulatorOptions.onFault}. */
export interface FaultEvent {
  provider: ProviderId;
  /** The function the request named, when the emulator could read it. */
  functionName: string | undefined;
  /** The rules that fired, as written. */
  fired: string[];
}

/** A running emulator. */
export interface RunningEmulator {
  url: string;
  port: number;
  /** The run ledger now, as `GET /__fcinvoke/ledger` answers it. */
  ledger(): LedgerSnapshot;
  /** Empties the run ledger, as `DELETE /__fcinvoke/ledger` does. */
  resetLedger(): void;
  /** Request bytes and requests in flight now, as `GET /__fcinvoke/stats` answers them. */
  stats(): InFlightStats;
  /** Requests each credential service answered, as `GET /__fcinvoke/exchanges` answers them. */
  exchanges(): Record<string, number>;
  /** The issuer of temporary credentials (tests mint OIDC tokens with it). */
  issuer: CredentialIssuer;
  close(): Promise<void>;
}

/** Requests larger than this get 413 before their API sees them (the largest API limit is FC's 32 MB, plus headroom). */
export const MAX_REQUEST_BYTES = 40 * 1024 * 1024;
/** The default of {@link EmulatorOptions.maxBytesInFlight}: three requests at the per-request limit. */
export const DEFAULT_MAX_BYTES_IN_FLIGHT = 128 * 1024 * 1024;
/** How long a reset or close fault waits after its last bytes, so the client has read them (see `flushed`). */
const RESET_GRACE_MS = 20;

/** What one running emulator's requests share. */
interface ServerState {
  context: EmulatorContext;
  plan: FaultPlan | undefined;
  onFault: EmulatorOptions['onFault'];
  ledger: RunLedger;
  inFlight: InFlightBytes;
  maxBytesInFlight: number;
  credentials: CredentialServiceContext;
  /** Requests answered per credential service. */
  exchanges: Map<string, number>;
}

/** Starts the emulator and resolves once it is listening. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const maxBytesInFlight = options.maxBytesInFlight ?? DEFAULT_MAX_BYTES_IN_FLIGHT;
  if (!Number.isSafeInteger(maxBytesInFlight) || maxBytesInFlight < 1) {
    throw new RangeError(`maxBytesInFlight must be a whole number of bytes of at least 1, not ${maxBytesInFlight}`);
  }
  const pending = new Set<Promise<unknown>>();
  const ledger = new RunLedger();
  const functions = new FunctionHost(options.functionsDir);
  const now = options.now ?? (() => new Date());
  const issuer = new CredentialIssuer(now);
  const keys = emulatorKeys(options.env ?? {}, issuer);
  const context: EmulatorContext = {
    keys,
    acceptsIamToken: (cloud, token) => issuer.acceptsIamToken(cloud, token),
    functions,
    runFunction(request, handler, event, invokeContext) {
      ledger.ran(request);
      return functions.run(handler, event, invokeContext);
    },
    background(task) {
      const promise = task().catch(() => undefined);
      pending.add(promise);
      void promise.finally(() => pending.delete(promise));
    },
  };
  const state: ServerState = {
    context,
    plan: options.faults,
    onFault: options.onFault,
    ledger,
    inFlight: new InFlightBytes(maxBytesInFlight),
    maxBytesInFlight,
    credentials: { keys, issuer, now },
    exchanges: new Map(),
  };
  const server = createServer((request, response) => {
    // A client that goes away mid-answer (which faults provoke) must not take the emulator down with it.
    response.on('error', () => undefined);
    serve(request, response, state).catch(() => response.destroy());
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9000, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    ledger: () => ledger.snapshot(),
    resetLedger: () => ledger.reset(),
    stats: () => state.inFlight.stats(),
    exchanges: () => Object.fromEntries(state.exchanges),
    issuer,
    close: () => closeServer(server),
  };
}

async function serve(incoming: IncomingMessage, outgoing: ServerResponse, state: ServerState): Promise<void> {
  const head = requestHead(incoming);
  if (isControlPath(head.rawUrl)) {
    writeAnswer(outgoing, controlAnswer(head, state.ledger, state.inFlight, state.exchanges));
    return;
  }
  const service = CREDENTIAL_SERVICES.find((candidate) => candidate.matches(head));
  if (service !== undefined) {
    await serveCredentialService(incoming, outgoing, head, service, state);
    return;
  }
  // Routes claim requests by request line and headers alone, so the body need not be read to pick one.
  const route = ROUTES.find((candidate) => candidate.matches(head, state.context.keys));
  if (route === undefined) {
    writeAnswer(outgoing, plain(404, `no emulated API at ${head.method} ${head.rawUrl}`));
    return;
  }
  const reservation = state.inFlight.open();
  try {
    const body = await readBody(incoming, reservation);
    if (body === 'aborted') return;
    if (body === 'too-large' || body === 'overloaded') {
      state.ledger.refusedBeforeRead();
      writeAnswer(
        outgoing,
        body === 'too-large'
          ? plain(413, 'request body too large for the emulator')
          : overloadAnswer(route.id, state.maxBytesInFlight),
      );
      return;
    }
    await serveRoute({ ...head, body, receivedAt: state.credentials.now() }, route, outgoing, state);
  } finally {
    reservation.release();
  }
}

/** A credential service's request: read (within the in-flight cap), counted, answered; no fault applies. */
async function serveCredentialService(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  head: ReturnType<typeof requestHead>,
  service: (typeof CREDENTIAL_SERVICES)[number],
  state: ServerState,
): Promise<void> {
  const reservation = state.inFlight.open();
  try {
    const body = await readBody(incoming, reservation);
    if (body === 'aborted') return;
    if (body === 'too-large' || body === 'overloaded') {
      writeAnswer(outgoing, plain(body === 'too-large' ? 413 : 429, 'request body too large for the emulator'));
      return;
    }
    state.exchanges.set(service.id, (state.exchanges.get(service.id) ?? 0) + 1);
    let answer: EmulatorResponse;
    try {
      answer = await service.handle({ ...head, body, receivedAt: state.credentials.now() }, state.credentials);
    } catch (error) {
      answer = plain(500, `emulator error: ${error instanceof Error ? error.message : String(error)}`);
    }
    writeAnswer(outgoing, answer);
  } finally {
    reservation.release();
  }
}

async function serveRoute(
  request: EmulatorRequest,
  route: EmulatedRoute,
  outgoing: ServerResponse,
  state: ServerState,
): Promise<void> {
  let answer: EmulatorResponse;
  let fault: Fault | null = null;
  try {
    let latencyMs = 0;
    if (state.plan !== undefined) {
      const names = route.functionNames(request);
      const decision = state.plan.decide(route.id, names);
      ({ latencyMs, fault } = decision);
      if (decision.fired.length > 0) {
        state.onFault?.({ provider: route.id, functionName: names[0], fired: decision.fired });
      }
    }
    state.ledger.arrived(route.id, request, fault === null ? undefined : faultName(fault));
    if (latencyMs > 0 && (await pause(latencyMs, outgoing.socket))) return;
    if (fault?.kind === 'http-status') {
      // A 500/502/504 front end lets the function run, then loses its answer; the others refuse before it.
      if (functionRunsUnder(fault)) await route.handle(request, state.context);
      answer = gatewayAnswer(fault.status, fault.retryAfter);
    } else {
      answer = await route.handle(request, state.context);
    }
  } catch (error) {
    answer = plain(500, `emulator error: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (outgoing.destroyed) return;
  if (fault !== null && fault.kind !== 'http-status') {
    await writeFaulty(outgoing, spoilAnswer(answer, fault, route.id), fault);
    return;
  }
  writeAnswer(outgoing, answer);
}

function writeAnswer(outgoing: ServerResponse, answer: EmulatorResponse): void {
  if (outgoing.destroyed) return;
  const body = typeof answer.body === 'string' ? Buffer.from(answer.body, 'utf8') : answer.body;
  outgoing.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(body.byteLength) });
  outgoing.end(body);
}

/**
 * Writes an answer with a wire fault: resets (TCP RST through `resetAndDestroy`), a clean close mid-body, a body
 * that never ends or trickles. A body fault on an empty body still promises one byte, so it stays a fault.
 */
async function writeFaulty(outgoing: ServerResponse, answer: EmulatorResponse, fault: Fault): Promise<void> {
  const socket = outgoing.socket;
  const body = typeof answer.body === 'string' ? Buffer.from(answer.body, 'utf8') : answer.body;
  const head = (declared: number) =>
    outgoing.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(declared) });
  const half = body.subarray(0, Math.floor(body.byteLength / 2));
  switch (fault.kind) {
    case 'no-response':
      // Hold the connection: the client gives up (its timeout) or the emulator closes it on shutdown.
      return;
    case 'reset-before-response':
      socket?.resetAndDestroy();
      return;
    case 'reset-after-headers':
      head(Math.max(body.byteLength, 1));
      outgoing.flushHeaders();
      await flushed(socket);
      socket?.resetAndDestroy();
      return;
    case 'reset-mid-body':
    case 'truncated-body':
    case 'never-ends':
      head(Math.max(body.byteLength, 1));
      outgoing.write(half);
      await flushed(socket);
      if (fault.kind === 'reset-mid-body') socket?.resetAndDestroy();
      // A clean FIN: the response is shorter than its Content-Length, nothing else is wrong.
      else if (fault.kind === 'truncated-body') socket?.end();
      return;
    case 'trickle': {
      head(body.byteLength);
      for (let offset = 0; offset < body.byteLength; offset += fault.bytes) {
        if (offset > 0 && (await pause(fault.intervalMs, socket))) return;
        if (outgoing.destroyed) return;
        outgoing.write(body.subarray(offset, offset + fault.bytes));
      }
      outgoing.end();
      return;
    }
    default:
      head(body.byteLength);
      outgoing.end(body);
  }
}

/** Waits `ms`; resolves true early when the connection closes (the client gave up or the emulator stops). */
function pause(ms: number, socket: Socket | null): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket === null || socket.destroyed) {
      resolve(true);
      return;
    }
    const onClose = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      socket.off('close', onClose);
      resolve(false);
    }, ms);
    socket.once('close', onClose);
  });
}

/**
 * Resolves once what was written has left for the kernel, plus a short grace. Linux reports a reset that lands
 * on unread data as a plain end of stream, so the peer needs a moment to read the bytes before the RST follows.
 */
async function flushed(socket: Socket | null): Promise<void> {
  while (socket !== null && !socket.destroyed && socket.writableLength > 0) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await new Promise((resolve) => setTimeout(resolve, RESET_GRACE_MS));
}

/** The request line and headers, before any of the body is read. Header names are lower-case. */
function requestHead(incoming: IncomingMessage): EmulatorRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { method: incoming.method ?? 'GET', rawUrl: incoming.url ?? '/', headers, body: EMPTY, receivedAt: new Date() };
}

const EMPTY = Buffer.alloc(0);

/**
 * Reads the body whole, holding its bytes in `reservation`: the declared Content-Length is reserved before a byte
 * is read (so slow concurrent uploads count from their first byte), and bytes beyond it as they arrive. A body
 * over the per-request limit or the cap is dropped at once; the rest of it is drained unread (Node discards what
 * arrives once the answer is sent), so the client can finish sending and read the refusal instead of a reset.
 */
function readBody(
  incoming: IncomingMessage,
  reservation: Reservation,
): Promise<Buffer | 'too-large' | 'overloaded' | 'aborted'> {
  const declared = Number(incoming.headers['content-length'] ?? Number.NaN);
  if (Number.isSafeInteger(declared) && declared > MAX_REQUEST_BYTES) return Promise.resolve('too-large');
  if (Number.isSafeInteger(declared) && declared > 0 && !reservation.reserve(declared)) {
    return Promise.resolve('overloaded');
  }
  // With a declared length the body is copied into one buffer as it comes, so it is never held twice (the chunks
  // and their concatenation); the reservation already covers it.
  const whole = Number.isSafeInteger(declared) && declared > 0 ? Buffer.allocUnsafe(declared) : undefined;
  return new Promise((resolve) => {
    let chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (outcome: Buffer | 'too-large' | 'overloaded' | 'aborted') => {
      if (settled) return;
      settled = true;
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onAborted);
      incoming.off('close', onAborted);
      if (typeof outcome === 'string') {
        chunks = [];
        incoming.resume();
      }
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_REQUEST_BYTES) return settle('too-large');
      if (size > reservation.held() && !reservation.reserve(size - reservation.held())) return settle('overloaded');
      // HTTP framing never lets a body run past its Content-Length, so `whole` always has room.
      if (whole !== undefined) chunk.copy(whole, size - chunk.byteLength);
      else chunks.push(chunk);
    };
    const onEnd = () => settle(whole === undefined ? Buffer.concat(chunks, size) : whole.subarray(0, size));
    const onAborted = () => settle('aborted');
    incoming.on('data', onData);
    incoming.once('end', onEnd);
    incoming.once('error', onAborted);
    incoming.once('close', onAborted);
  });
}

function plain(status: number, text: string): EmulatorResponse {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: `${text}\n` };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
