/**
 * The built CLI against a hostile or odd front end, for every provider, with the default retries: what it sends
 * (how many times), what it prints (one error line, no secret even when the server echoes the request), and the
 * exit code. The front end is a raw TCP server that counts requests and answers with the bytes each case gives; for
 * the cases that need a real answer it relays to an in-process emulator and doctors the reply.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { PROVIDER_IDS, type ProviderId } from '../../src/providers/registry.js';
import { cleanEnv, runCli, type CliRun } from '../helpers/cli.js';
import { expectNoSecrets, FAKE, fakeCloudVariables } from '../helpers/secrets.js';

/** Every cloud's keys with session tokens, so an echo of the request carries a token to leak. */
const ENV = cleanEnv(fakeCloudVariables(true));

/** One request as the front end read it. */
interface Received {
  head: string;
  body: Buffer;
}

/** What the front end answers: raw bytes, or a relay to the emulator with bytes before its answer. */
type Answer = (request: Received) => Promise<Buffer | string> | Buffer | string;

/** A front end on 127.0.0.1 whose answer the test sets; it counts the requests it reads. */
class FrontEnd {
  requests = 0;
  answer: Answer = () => 'HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';
  readonly server: Server;

  constructor() {
    this.server = createServer((socket) => this.serve(socket));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private serve(socket: Socket): void {
    let buffered = Buffer.alloc(0);
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end === -1) return;
      const head = buffered.subarray(0, end).toString('latin1');
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      const body = buffered.subarray(end + 4, end + 4 + length);
      buffered = buffered.subarray(end + 4 + length);
      this.requests += 1;
      void Promise.resolve(this.answer({ head, body })).then((bytes) => socket.end(bytes));
    });
  }
}

/** Relays a request to the emulator and returns its answer as raw HTTP/1.1 bytes (with Connection: close). */
function relay(emulator: RunningEmulator, request: Received): Promise<string> {
  const [requestLine, ...headerLines] = request.head.split('\r\n');
  const [method, path] = requestLine!.split(' ');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const at = line.indexOf(':');
    headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: '127.0.0.1', port: emulator.port, method, path, headers, setHost: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = Buffer.concat(chunks);
          const lines = [`HTTP/1.1 ${response.statusCode} ${response.statusMessage}`];
          for (let i = 0; i < response.rawHeaders.length; i += 2) {
            const name = response.rawHeaders[i]!;
            if (/^(content-length|connection|transfer-encoding|keep-alive)$/i.test(name)) continue;
            lines.push(`${name}: ${response.rawHeaders[i + 1]}`);
          }
          lines.push(`Content-Length: ${body.length}`, 'Connection: close');
          resolve(`${lines.join('\r\n')}\r\n\r\n${body.toString('latin1')}`);
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

function page(status: string, headers: string[] = [], body = `${status}\n`): string {
  return [`HTTP/1.1 ${status}`, 'Content-Type: text/plain', ...headers, `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', '', body].join('\r\n');
}

let front: FrontEnd;
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    env: {
      TENCENTCLOUD_SECRET_ID: FAKE.tencent.id,
      TENCENTCLOUD_SECRET_KEY: FAKE.tencent.secret,
      TENCENTCLOUD_SESSION_TOKEN: FAKE.tencent.token,
      ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE.aliyun.stsId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: FAKE.aliyun.secret,
      ALIBABA_CLOUD_SECURITY_TOKEN: FAKE.aliyun.token,
      HUAWEICLOUD_SDK_AK: FAKE.huawei.id,
      HUAWEICLOUD_SDK_SK: FAKE.huawei.secret,
      HUAWEICLOUD_SDK_SECURITY_TOKEN: FAKE.huawei.token,
      OTC_SDK_AK: FAKE.otc.id,
      OTC_SDK_SK: FAKE.otc.secret,
    },
  });
  front = new FrontEnd();
  await new Promise<void>((resolve) => front.server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  front.server.close();
  await emulator.close();
});

const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

/** Runs one invocation against the front end with `answer`; checks the contract every run must keep. */
async function run(provider: ProviderId, answer: Answer, ...flags: string[]): Promise<CliRun & { requests: number }> {
  front.requests = 0;
  front.answer = answer;
  const fn = provider === 'aliyun-fc2' ? 'demo/hello' : 'hello';
  const result = await runCli(['invoke', provider, fn, '-e', '{"name":"Ada"}', '--endpoint', front.url, '--timeout', '10000', ...flags], {
    env: ENV,
    timeoutMs: 30_000,
  });
  const context = `--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
  expectNoSecrets(result.stdout, result.stderr);
  expect(result.stderr, context).not.toMatch(STACK_FRAME);
  expect(result.stderr.split('\n').filter((line) => line.startsWith('error:')), context).toHaveLength(result.code === 0 ? 0 : 1);
  return { ...result, requests: front.requests };
}

// One provider at a time: the front end serves one case at once.
describe('a front end that does not prove the function did not run gets one request', () => {
  for (const provider of PROVIDER_IDS) {
    it(`${provider}: a bare 503 page, with or without Retry-After, is sent once and exits 5`, async () => {
      const bare = await run(provider, () => page('503 Service Unavailable'));
      expect([bare.code, bare.requests], bare.stderr).toEqual([5, 1]);
      expect(bare.stderr).toMatch(/HTTP 503/);
      const dated = await run(provider, () => page('503 Service Unavailable', ['Retry-After: Wed, 21 Oct 2015 07:28:00 GMT']), '--json');
      expect([dated.code, dated.requests], dated.stderr).toEqual([5, 1]);
      expect(JSON.parse(dated.stdout)).toMatchObject({ status: 'outcome_unknown' });
      const seconds = await run(provider, () => page('503 Service Unavailable', ['Retry-After: 0']), '--retries', '5');
      expect([seconds.code, seconds.requests]).toEqual([5, 1]);
    });
  }
});

describe('throttling is retried, within reason', () => {
  for (const provider of PROVIDER_IDS) {
    it(`${provider}: a 429 is retried --retries times and the error line says so; an absurd Retry-After stops at once`, async () => {
      const throttled = await run(provider, () => page('429 Too Many Requests', ['Retry-After: 0']));
      expect([throttled.code, throttled.requests], throttled.stderr).toEqual([3, 3]);
      expect(throttled.stderr).toMatch(/^error: .*after 2 retries\)$/m);
      const absurd = await run(provider, () => page('429 Too Many Requests', ['Retry-After: 99999999999999999999']));
      expect([absurd.code, absurd.requests], absurd.stderr).toEqual([3, 1]);
    });
  }
});

describe('redirects are not followed', () => {
  for (const provider of PROVIDER_IDS) {
    it(`${provider}: 301, 302, 307 and 308 exit 3 with the Location shown, after one request`, async () => {
      for (const status of ['301 Moved Permanently', '302 Found', '307 Temporary Redirect', '308 Permanent Redirect']) {
        const moved = await run(provider, () => page(status, ['Location: https://elsewhere.example/invoke']));
        expect([moved.code, moved.requests], moved.stderr).toEqual([3, 1]);
        expect(moved.stderr).toMatch(new RegExp(`^error: .*HTTP${status.slice(0, 3)}.*Location: https://elsewhere\\.example/invoke`, 'm'));
      }
    });
  }
});

describe('informational answers before the real one', () => {
  for (const provider of PROVIDER_IDS) {
    it(`${provider}: an unsolicited 100 Continue (and a 103) before a good answer is exit 0`, async () => {
      for (const informational of ['HTTP/1.1 100 Continue\r\n\r\n', 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n']) {
        const ok = await run(provider, async (request) => `${informational}${await relay(emulator, request)}`);
        expect([ok.code, ok.requests], ok.stderr).toEqual([0, 1]);
        expect(JSON.parse(ok.stdout)).toEqual({ message: 'Hello, Ada!' });
      }
    });
  }
});

describe('a server that echoes the request', () => {
  /** Every header and the body of the request, quoted back in the body (first) and in a header. */
  const echo = (status: string) => (request: Received) => {
    const quoted = `${request.head}\r\n\r\n${request.body.toString('latin1')}`;
    const tokens = quoted.match(/[^\s,;&=]*TOKEN[^\s,;&]*/gi) ?? [];
    return page(status, [`X-Echo: ${quoted.replace(/\r\n/g, ' | ')}`], `you sent ${tokens.join(' ')}\n${quoted}`);
  };

  for (const provider of PROVIDER_IDS) {
    it(`${provider}: never prints the token or a secret it echoes, in any output mode`, async () => {
      for (const flags of [[], ['--json', '--debug'], ['--raw', '--debug']]) {
        const refused = await run(provider, echo('403 Forbidden'), ...flags);
        expect(refused.code).toBe(3);
        const failed = await run(provider, echo('502 Bad Gateway'), ...flags);
        expect(failed.code).toBe(5);
      }
      // The echo did reach the output, masked: the test is not vacuous.
      const shown = await run(provider, echo('403 Forbidden'), '--debug');
      expect(shown.stderr).toContain('***');
    });
  }
});

describe('a careless script: control characters in names', () => {
  const cases: Array<[string, string[]]> = [
    ['a newline in a function name', ['invoke', 'tencent', 'he\nllo', '--local']],
    ['a newline in a qualifier', ['invoke', 'aliyun', 'hello', '--local', '-q', 'p\nq']],
    ['a newline in a task id', ['invoke', 'aliyun', 'hello', '--local', '--async', '--task-id', 't\nq']],
    ['an escape sequence in a name', ['invoke', 'huawei', 'urn\u001b[2J', '--local']],
  ];
  for (const [name, args] of cases) {
    it(`${name}: one error line, every control character escaped, exit 2`, async () => {
      const result = await runCli(args, { env: ENV });
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n').filter((line) => line !== '')).toHaveLength(1);
      expect(result.stderr).toMatch(/^error: .*\\x(0a|1b)/);
      expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    });
  }
});
