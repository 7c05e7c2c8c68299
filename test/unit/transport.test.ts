/** The undici transport against real sockets on 127.0.0.1: phases, timeouts, size caps. */
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeTransport, HttpTransport, send, TransportError } from '../../src/transport/http.js';
import { rejection } from '../conformance/cases.js';

const servers: Array<Server | NetServer> = [];

afterEach(async () => {
  await closeTransport();
});

afterAll(() => {
  for (const server of servers) server.close();
});

async function listen(server: Server | NetServer): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function post(url: string, body = '{}') {
  return { method: 'POST' as const, url: `${url}/`, headers: { 'Content-Type': 'application/json' }, body: new TextEncoder().encode(body) };
}

const failure = (promise: Promise<unknown>) => rejection(promise, TransportError);

describe('send', () => {
  it('returns status, lower-case headers, the body and timings', async () => {
    const url = await listen(
      createServer((request, response) => {
        request.resume();
        response.writeHead(201, { 'X-Fc-Request-Id': 'abc' }).end('hello');
      }),
    );
    const response = await send(post(url));
    expect(response.status).toBe(201);
    expect(response.headers['x-fc-request-id']).toBe('abc');
    expect(Buffer.from(response.body).toString()).toBe('hello');
    expect(response.timings.connectedMs).not.toBeNull();
    expect(response.timings.totalMs).toBeGreaterThanOrEqual(response.timings.firstByteMs ?? 0);
  });

  it('sends the exact body bytes and headers', async () => {
    let received = '';
    let contentType = '';
    const url = await listen(
      createServer((request, response) => {
        contentType = request.headers['content-type'] ?? '';
        request.on('data', (chunk: Buffer) => (received += chunk.toString()));
        request.on('end', () => response.end());
      }),
    );
    await send(post(url, '{"é":"ü"}'));
    expect(received).toBe('{"é":"ü"}');
    expect(contentType).toBe('application/json');
  });

  it('reports a refused connection as a connect-phase failure', async () => {
    const url = await listen(createServer());
    servers.pop()!.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const error = await failure(send(post(url)));
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.phase).toBe('connect');
  });

  it('reports a timeout after sending as a sent-phase failure', async () => {
    const url = await listen(createServer((request) => request.resume()));
    const error = await failure(send(post(url), { timeoutMs: 200 }));
    expect(error.code).toBe('timeout');
    expect(error.phase).toBe('sent');
  });

  it('reports a connection reset before any response as a sent-phase failure', async () => {
    const url = await listen(createNetServer((socket) => socket.once('data', () => socket.resetAndDestroy())));
    const error = await failure(send(post(url)));
    expect(error.phase).toBe('sent');
  });

  it('reports a body cut off mid-way as a sent-phase failure', async () => {
    const url = await listen(
      createNetServer((socket) =>
        socket.once('data', () => {
          socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial');
          setTimeout(() => socket.destroy(), 20);
        }),
      ),
    );
    const error = await failure(send(post(url)));
    expect(error.phase).toBe('sent');
  });

  it('refuses a body larger than the cap by its Content-Length', async () => {
    const url = await listen(createServer((_request, response) => response.end('x'.repeat(2000))));
    const error = await failure(send(post(url), { maxBodyBytes: 1000 }));
    expect(error.code).toBe('response_too_large');
  });

  it('refuses a streamed body once it passes the cap', async () => {
    const url = await listen(
      createServer((_request, response) => {
        response.writeHead(200, { 'Transfer-Encoding': 'chunked' });
        for (let i = 0; i < 20; i += 1) response.write('y'.repeat(100));
        response.end();
      }),
    );
    const error = await failure(send(post(url), { maxBodyBytes: 1000 }));
    expect(error.code).toBe('response_too_large');
  });

  it('lower-cases header names and joins a repeated header with ", " in order, as undici parses them', async () => {
    const url = await listen(
      createNetServer((socket) =>
        socket.once('data', () =>
          socket.end(
            'HTTP/1.1 200 OK\r\nX-Fc-Thing: one\r\nContent-Length: 2\r\nx-fc-thing: two\r\n' +
              'Constructor: c\r\n__proto__: p\r\nX-Latin: caf\xe9\r\nConnection: close\r\n\r\nok',
            'latin1',
          ),
        ),
      ),
    );
    const response = await send(post(url));
    expect(response.headers).toEqual({
      'x-fc-thing': 'one, two',
      'content-length': '2',
      constructor: 'c',
      'x-latin': 'caf\u00e9',
      connection: 'close',
    });
    expect(Object.getPrototypeOf(response.headers)).toBe(Object.prototype);
    expect(Buffer.from(response.body).toString()).toBe('ok');
  });

  it('sends each request to its own URL when URLs alternate, and again after the transport is closed', async () => {
    const answer = (name: string) =>
      createServer((request, response) => {
        request.resume();
        response.end(`${name} ${request.url}`);
      });
    const first = await listen(answer('first'));
    const second = await listen(answer('second'));
    const bodies: string[] = [];
    for (const url of [`${first}/a`, `${second}/b?x=1`, `${first}/c`, `${first}/c`]) {
      const response = await send({ ...post(first), url });
      bodies.push(Buffer.from(response.body).toString());
    }
    await closeTransport();
    bodies.push(Buffer.from((await send(post(second))).body).toString());
    expect(bodies).toEqual(['first /a', 'second /b?x=1', 'first /c', 'first /c', 'second /']);
  });

  it('throws on a malformed URL before anything is sent, as before', async () => {
    await expect(send({ ...post('http://127.0.0.1:1'), url: 'not a url' })).rejects.toThrow(TypeError);
  });

  it('reports an outside abort as aborted', async () => {
    const url = await listen(createServer((request) => request.resume()));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(send(post(url), { signal: controller.signal }));
    expect(error.code).toBe('aborted');
  });
});

describe('connections', () => {
  it('opens at most `connections` sockets to an origin, whatever the number of requests in flight', async () => {
    let sockets = 0;
    const server = createServer((request, response) => {
      request.resume();
      // Answer a little later, so requests pile up while every socket is busy.
      request.on('end', () => setTimeout(() => response.end('ok'), 5));
    });
    server.on('connection', () => (sockets += 1));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const post = () => send({ method: 'POST', url, headers: {}, body: new Uint8Array(1) }, { connections: 4 });
    for (let round = 0; round < 5; round += 1) {
      const answers = await Promise.all(Array.from({ length: 16 }, post));
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
    }
    expect(sockets).toBeGreaterThan(0);
    expect(sockets).toBeLessThanOrEqual(4);
  });
});

describe('HttpTransport', () => {
  it('keeps a pool of its own: closing one transport leaves another, and the shared one, usable', async () => {
    const sockets = new Set<string>();
    const url = await listen(
      createServer((request, response) => {
        sockets.add(`${request.socket.remotePort}`);
        request.resume();
        request.on('end', () => response.end('ok'));
      }),
    );
    const own = new HttpTransport();
    const other = new HttpTransport();
    expect((await own.send(post(url))).status).toBe(200);
    expect((await other.send(post(url))).status).toBe(200);
    // Two pools, two connections.
    expect(sockets.size).toBe(2);
    await own.close();
    expect((await other.send(post(url))).status).toBe(200);
    expect((await send(post(url))).status).toBe(200);
    // A closed transport opens a new connection when used again.
    expect((await own.send(post(url))).status).toBe(200);
    await Promise.all([own.close(), other.close()]);
  });
});
