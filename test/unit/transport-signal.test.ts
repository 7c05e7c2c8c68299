/** One caller signal shared by many requests (a batch's Ctrl-C): one listener on it, and an abort reaches them all. */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getEventListeners } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpTransport, TransportError } from '../../src/transport/http.js';

const held: ServerResponse[] = [];
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    if (request.url === '/hold') held.push(response);
    else response.end('{}');
  });
});
const transport = new HttpTransport();

afterAll(async () => {
  for (const response of held) response.destroy();
  await transport.close();
  server.close();
});

async function url(path: string): Promise<string> {
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
}

function post(href: string) {
  return { method: 'POST' as const, url: href, headers: {}, body: new TextEncoder().encode('{}') };
}

describe('a signal shared by many requests', () => {
  it('gets one listener however many requests use it, and keeps it after they end', async () => {
    const controller = new AbortController();
    const href = await url('/');
    await Promise.all(Array.from({ length: 20 }, () => transport.send(post(href), { signal: controller.signal })));
    await transport.send(post(href), { signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
  });

  it('aborts every request in flight under it, as interrupted', async () => {
    const controller = new AbortController();
    const href = await url('/hold');
    const sends = Array.from({ length: 5 }, () =>
      transport.send(post(href), { signal: controller.signal }).then(
        () => 'answered',
        (error: unknown) => (error instanceof TransportError ? error.code : String(error)),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    expect(await Promise.all(sends)).toEqual(['aborted', 'aborted', 'aborted', 'aborted', 'aborted']);
    // A request sent after the abort fails at once too.
    const late = await transport.send(post(href), { signal: controller.signal }).catch((error: unknown) => error);
    expect((late as TransportError).code).toBe('aborted');
  });
});
