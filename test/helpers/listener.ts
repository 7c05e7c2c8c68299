/** A TCP listener on 127.0.0.1 that counts connections and answers none: proof that nothing was sent. */
import { createServer, type Server, type Socket } from 'node:net';

export interface CountingListener {
  /** `http://127.0.0.1:<port>`, for --endpoint. */
  url: string;
  /** Connections accepted so far. */
  connections: () => number;
  close: () => Promise<void>;
}

/** Starts the listener on a free port; every connection is counted and closed at once. */
export async function startCountingListener(): Promise<CountingListener> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    count += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.destroy();
  });
  server.unref();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
