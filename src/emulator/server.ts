/**
 * The emulator's HTTP server: reads each request whole, hands it to the first route that claims it, writes the
 * route's answer. Every provider's API is served on the same port; they differ by path and headers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Env } from '../config/resolve.js';
import { FunctionHost } from './functions/runner.js';
import { emulatorKeys } from './keys.js';
import { ROUTES } from './routes.js';
import type { EmulatorContext, EmulatorRequest, EmulatorResponse } from './types.js';

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
}

/** A running emulator. */
export interface RunningEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Requests larger than this are refused before routing (the largest API limit is FC's 32 MB, plus headroom). */
const MAX_REQUEST_BYTES = 40 * 1024 * 1024;

/** Starts the emulator and resolves once it is listening. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const pending = new Set<Promise<unknown>>();
  const context: EmulatorContext = {
    keys: emulatorKeys(options.env ?? {}),
    functions: new FunctionHost(options.functionsDir),
    background(task) {
      const promise = task().catch(() => undefined);
      pending.add(promise);
      void promise.finally(() => pending.delete(promise));
    },
  };
  const server = createServer((request, response) => {
    void serve(request, response, context);
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
    close: () => closeServer(server),
  };
}

async function serve(incoming: IncomingMessage, outgoing: ServerResponse, context: EmulatorContext): Promise<void> {
  let answer: EmulatorResponse;
  try {
    const request = await readRequest(incoming);
    const route = request === undefined ? undefined : ROUTES.find((candidate) => candidate.matches(request));
    if (request === undefined) {
      answer = plain(413, 'request body too large for the emulator');
    } else if (route === undefined) {
      answer = plain(404, `no emulated API at ${request.method} ${request.rawUrl}`);
    } else {
      answer = await route.handle(request, context);
    }
  } catch (error) {
    answer = plain(500, `emulator error: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (outgoing.destroyed) return;
  const body = typeof answer.body === 'string' ? Buffer.from(answer.body, 'utf8') : answer.body;
  outgoing.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(body.byteLength) });
  outgoing.end(body);
}

async function readRequest(incoming: IncomingMessage): Promise<EmulatorRequest | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: incoming.method ?? 'GET',
    rawUrl: incoming.url ?? '/',
    headers,
    body: Buffer.concat(chunks, size),
    receivedAt: new Date(),
  };
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
