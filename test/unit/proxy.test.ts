/**
 * The transport's proxy and TLS rules: which requests go through HTTPS_PROXY / HTTP_PROXY and which NO_PROXY or
 * loopback sends direct, tested as a pure choice and against a real forward proxy on 127.0.0.1; certificates
 * verified through the tunnel too; a proxy that refuses or stalls ends in a connect-phase error, never a hang.
 */
import { invoke } from '../../src/engine/invoke.js';
import { tencentProvider } from '../../src/providers/tencent/index.js';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeTransport, proxyFor, send, TransportError } from '../../src/transport/http.js';
import { LEAF_CERT, LEAF_KEY } from '../fixtures/tls.js';
import { inputFor } from '../conformance/cases.js';

const servers: Array<Server | NetServer | TlsServer> = [];
/** `METHOD target` of everything the proxy was asked for. */
const seen: string[] = [];
let origin: string;
let originPort: number;
let tlsPort: number;
let proxyUrl: string;

afterEach(async () => {
  seen.length = 0;
  await closeTransport();
});

afterAll(() => {
  for (const server of servers) server.close();
});

async function listen<T extends Server | NetServer | TlsServer>(server: T): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  originPort = await listen(
    createServer((request, response) => {
      request.resume();
      response.end(`origin saw ${request.method} ${request.url} for ${request.headers.host}`);
    }),
  );
  origin = `http://127.0.0.1:${originPort}`;
  tlsPort = await listen(createTlsServer({ key: LEAF_KEY, cert: LEAF_CERT }, (socket) => socket.end()));
  proxyUrl = `http://127.0.0.1:${await listen(forwardProxy())}`;
});

/**
 * A forward proxy: absolute-form requests are relayed to the origin server, CONNECT is tunnelled to the TLS server
 * (`deny.*` gets 407). It never resolves a name, so nothing leaves the machine.
 */
function forwardProxy(): Server {
  const server = createServer((incoming: IncomingMessage, outgoing) => {
    seen.push(`${incoming.method} ${incoming.url}`);
    const target = new URL(incoming.url ?? '/');
    const upstream = httpRequest(
      { host: '127.0.0.1', port: originPort, method: incoming.method, path: `${target.pathname}${target.search}`, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    incoming.pipe(upstream);
  });
  server.on('connect', (incoming: IncomingMessage, client: Socket) => {
    seen.push(`CONNECT ${incoming.url}`);
    client.on('error', () => undefined);
    if (incoming.url?.startsWith('deny.')) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = connect(tlsPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
  });
  return server;
}

function get(url: string) {
  return { method: 'GET' as const, url, headers: {}, body: new Uint8Array() };
}

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  const outcome = await promise.then(
    () => new Error('expected a TransportError'),
    (error: unknown) => error,
  );
  if (outcome instanceof TransportError) return outcome;
  throw outcome;
}

describe('proxyFor', () => {
  const https = new URL('https://scf.tencentcloudapi.com/');
  const http = new URL('http://fc.example.com:8080/');

  it('sends everything direct when no proxy is set', () => {
    expect(proxyFor(https, {})).toBeUndefined();
    expect(proxyFor(http, { HTTPS_PROXY: '', HTTP_PROXY: '  ' })).toBeUndefined();
  });

  it('uses HTTPS_PROXY for https and HTTP_PROXY for http, falling back to HTTP_PROXY for https', () => {
    const env = { HTTPS_PROXY: 'http://secure:3128', HTTP_PROXY: 'http://plain:3128' };
    expect(proxyFor(https, env)).toBe('http://secure:3128');
    expect(proxyFor(http, env)).toBe('http://plain:3128');
    expect(proxyFor(https, { HTTP_PROXY: 'http://plain:3128' })).toBe('http://plain:3128');
    expect(proxyFor(http, { HTTPS_PROXY: 'http://secure:3128' })).toBeUndefined();
  });

  it('prefers the lower-case variables, as curl does', () => {
    expect(proxyFor(https, { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:1' })).toBe('http://lower:1');
    expect(proxyFor(https, { HTTPS_PROXY: 'http://p:1', no_proxy: 'tencentcloudapi.com', NO_PROXY: '' })).toBeUndefined();
  });

  it.each([
    ['scf.tencentcloudapi.com', true],
    ['tencentcloudapi.com', true],
    ['.tencentcloudapi.com', true],
    ['*.tencentcloudapi.com', true],
    ['TencentCloudAPI.com', true],
    ['other.com, tencentcloudapi.com', true],
    ['other.com tencentcloudapi.com', true],
    ['*', true],
    ['tencentcloudapi.com:443', true],
    ['tencentcloudapi.com:8443', false],
    ['cloudapi.com.cn', false],
    ['apitencentcloudapi.com', false],
    ['api.scf.tencentcloudapi.com', false],
  ])('with NO_PROXY=%j, https://scf.tencentcloudapi.com goes direct: %s', (noProxy, direct) => {
    expect(proxyFor(https, { HTTPS_PROXY: 'http://p:1', NO_PROXY: noProxy })).toBe(direct ? undefined : 'http://p:1');
  });

  it.each(['http://localhost:9000/', 'http://127.0.0.1:9000/', 'http://127.8.9.10/', 'http://[::1]:9000/', 'http://emulator.localhost/'])(
    'never proxies the loopback endpoint %s',
    (url) => {
      expect(proxyFor(new URL(url), { HTTP_PROXY: 'http://p:1', HTTPS_PROXY: 'http://p:1' })).toBeUndefined();
    },
  );
});

describe('send through a proxy', () => {
  it('relays plain http through HTTP_PROXY as an absolute-form request', async () => {
    const response = await send(get('http://fcinvoke.test/path?q=1'), { env: { HTTP_PROXY: proxyUrl } });
    expect(seen).toEqual(['GET http://fcinvoke.test/path?q=1']);
    expect(Buffer.from(response.body).toString()).toBe('origin saw GET /path?q=1 for fcinvoke.test');
  });

  it('goes direct for a host NO_PROXY names', async () => {
    // 0.0.0.0 reaches the local origin server without a name lookup, and is not loopback, so only NO_PROXY decides.
    const url = `http://0.0.0.0:${originPort}/direct`;
    const proxied = await send(get(url), { env: { HTTP_PROXY: proxyUrl } });
    expect(seen).toEqual([`GET ${url}`]);
    const direct = await send(get(url), { env: { HTTP_PROXY: proxyUrl, NO_PROXY: '0.0.0.0' } });
    expect(seen).toHaveLength(1);
    expect(Buffer.from(direct.body).toString()).toBe(Buffer.from(proxied.body).toString());
  });

  it('goes direct to loopback even with a proxy set', async () => {
    const response = await send(get(`${origin}/here`), { env: { HTTP_PROXY: 'http://127.0.0.1:1', HTTPS_PROXY: 'http://127.0.0.1:1' } });
    expect(response.status).toBe(200);
    expect(seen).toEqual([]);
  });

  it('tunnels https through HTTPS_PROXY and still verifies the certificate at the far end', async () => {
    const error = await failure(send(get('https://scf.fcinvoke.test/'), { env: { HTTPS_PROXY: proxyUrl }, timeoutMs: 5_000 }));
    expect(seen).toEqual(['CONNECT scf.fcinvoke.test:443']);
    expect(error.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(error.phase).toBe('connect');
    expect(error.message).toMatch(/^TLS certificate verification failed: /);
  });

  it('reports a proxy that refuses the tunnel as a connect-phase failure, never quoting the proxy URL', async () => {
    const withPassword = proxyUrl.replace('http://', 'http://user:s3cretPROXYpass@');
    const error = await failure(send(get('https://deny.fcinvoke.test/'), { env: { HTTPS_PROXY: withPassword } }));
    expect(error).toMatchObject({ code: 'proxy_refused', phase: 'connect', status: 407 });
    expect(error.message).toBe('the proxy refused the connection with HTTP 407 (proxy authentication required)');
  });

  it('does not retry a proxy that asks for credentials: one CONNECT, whatever --retries says', async () => {
    seen.length = 0;
    const invocation = await invoke(
      tencentProvider,
      inputFor('tencent', { logs: false, endpoint: 'https://deny.fcinvoke.test' }),
      { kind: 'keys', accessKeyId: 'AKIDEXAMPLE', accessKeySecret: 'secret0123456789' },
      { env: { HTTPS_PROXY: proxyUrl }, timeoutMs: 5_000, retries: 2, sleep: async () => undefined },
    );
    expect(invocation.result).toMatchObject({ status: 'transport_error', error: { code: 'proxy_refused' } });
    expect(invocation.attempts).toBe(1);
    expect(seen).toEqual(['CONNECT deny.fcinvoke.test:443']);
  });

  it('gives up at the timeout on a proxy that accepts the connection but never answers', async () => {
    const port = await listen(createNetServer(() => undefined));
    const error = await failure(send(get('https://stall.fcinvoke.test/'), { env: { HTTPS_PROXY: `http://127.0.0.1:${port}` }, timeoutMs: 300 }));
    expect(error).toMatchObject({ code: 'timeout', phase: 'connect' });
  });

  it('reports a proxy that is not listening as a refused connection, before sending', async () => {
    const port = await listen(createNetServer());
    servers.pop()!.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const error = await failure(send(get('http://fcinvoke.test/'), { env: { HTTP_PROXY: `http://127.0.0.1:${port}` } }));
    expect(error).toMatchObject({ code: 'ECONNREFUSED', phase: 'connect' });
  });

  it.each(['socks5://user:hunter2pass@127.0.0.1:1080', 'http://[not a url'])(
    'refuses the unusable proxy setting %j without quoting it',
    async (value) => {
      const error = await failure(send(get('https://fc.example.com/'), { env: { HTTPS_PROXY: value } }));
      expect(error).toMatchObject({ code: 'proxy_config', phase: 'connect' });
      expect(error.message).not.toContain('hunter2pass');
      expect(error.message).not.toContain('not a url');
    },
  );
});

describe('TLS verification', () => {
  it('refuses a certificate no trusted CA signed, as a connect-phase failure', async () => {
    const error = await failure(send(get(`https://127.0.0.1:${tlsPort}/`), { env: {} }));
    expect(error.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(error.phase).toBe('connect');
  });

  it('stays on when NODE_TLS_REJECT_UNAUTHORIZED=0 is set', async () => {
    const previous = process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
    process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
    try {
      const error = await failure(send(get(`https://127.0.0.1:${tlsPort}/`), { env: {} }));
      expect(error.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    } finally {
      if (previous === undefined) delete process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
      else process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = previous;
    }
  });
});

