/**
 * The built CLI under every fault the emulator can inject, for every provider and output mode: the documented exit
 * code, one `error:` line, no stack trace, done within --timeout (the runCli kill timer enforces it), and no known
 * secret anywhere in the output. Also the transport's security rules end to end: plain http, proxies, extra CAs,
 * and a closed stdout.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultPlan, parseFaultSpec } from '../../src/emulator/faults.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { PROVIDER_IDS, type ProviderId } from '../../src/providers/registry.js';
import { cleanEnv, runCli, type CliRun } from '../helpers/cli.js';
import { countsOf, ledgerKey } from '../helpers/emulator.js';
import { expectNoSecrets, fakeCloudVariables } from '../helpers/secrets.js';
import { CA_CERT, LEAF_CERT, LEAF_KEY } from '../fixtures/tls.js';
import { EMULATOR_KEYS } from './conformance/harness.js';

/**
 * --timeout for the rows whose answer never completes (short, as every such run waits it out) and for the rest
 * (long, so a loaded machine cannot turn a slow answer into a timeout). The runCli kill timer allows the timeout
 * plus MARGIN_MS, so a run that hangs past its --timeout fails the test.
 */
const WAITING_TIMEOUT_MS = 1_500;
const TIMEOUT_MS = 10_000;
const MARGIN_MS = 10_000;
/** The rows whose answer never completes, so fcinvoke must give up at --timeout. */
const WAITING = new Set(['no-response', 'never-ends', 'trickle(bytes=1, ms=1s)']);

/** Every provider's cloud keys, region and identifiers, so one environment serves all five. */
const ENV = cleanEnv(fakeCloudVariables());

/** The keys the emulator accepts: the same fake ones. */
const EMULATOR_ENV = EMULATOR_KEYS;

type Expected = 0 | 3 | 5;

/**
 * The fault matrix (docs/reliability.md): a spec and the exit code fcinvoke must give for each provider, with the
 * default retries (2), so the run ledger shows what fcinvoke re-sends on its own: never a request that may have run.
 */
const MATRIX: ReadonlyArray<readonly [spec: string, expected: Expected | Record<ProviderId, Expected>]> = [
  ['latency(300)', 0],
  ['no-response', 5],
  ['reset-before-response', 5],
  ['reset-after-headers', 5],
  ['reset-mid-body', 5],
  ['truncated-body', 5],
  ['never-ends', 5],
  ['trickle(bytes=64, ms=10)', 0],
  ['trickle(bytes=1, ms=1s)', 5],
  ['http-429(retry-after=1)', 3],
  ['http-429', 3],
  ['http-500', 5],
  ['http-502', 5],
  ['http-503', 5],
  ['http-504', 5],
  // FC returns the function's bytes as they are: text that is not JSON is a valid result there.
  ['malformed-json', { tencent: 5, 'tencent-v2': 5, aliyun: 0, 'aliyun-fc2': 0, huawei: 5, otc: 5 }],
  ['wrong-content-type', 0],
  ['no-content-type', 0],
  ['huge-log-header', 5],
  ['bad-log-header', 0],
];

/**
 * The output modes: plain human output, and --json and --raw each with --debug's trace on stderr too, so all four
 * modes are covered by three processes per cell (a spawned CLI costs about 0.2 s of CPU; the matrix has 100 cells).
 */
const MODES = [
  { name: 'human', flags: [] },
  { name: '--json --debug', flags: ['--json', '--debug'] },
  { name: '--raw --debug', flags: ['--raw', '--debug'] },
] as const;

const STATUS_FOR: Record<Expected, string> = { 0: 'ok', 3: 'api_error', 5: 'outcome_unknown' };

const emulators = new Map<string, RunningEmulator>();
const servers: Array<Server | TlsServer> = [];

beforeAll(async () => {
  for (const [spec] of MATRIX) {
    const emulator = await startEmulator({ port: 0, env: EMULATOR_ENV, faults: new FaultPlan(parseFaultSpec(spec), 1) });
    emulators.set(spec, emulator);
  }
});

afterAll(async () => {
  await Promise.all([...emulators.values()].map((emulator) => emulator.close()));
  for (const server of servers) server.close();
});

function functionOf(provider: ProviderId): string {
  return provider === 'aliyun-fc2' ? 'demo/hello' : 'hello';
}

function invokeArgs(provider: ProviderId, endpoint: string, ...rest: string[]): string[] {
  return ['invoke', provider, functionOf(provider), '-e', '{"name":"Ada"}', '--endpoint', endpoint, '--timeout', String(TIMEOUT_MS), '--retries', '0', ...rest];
}

/** Rows whose answer proves the function did not run: the one kind fcinvoke re-sends (1 + 2 retries). */
const REFUSED = new Set(['http-429(retry-after=1)', 'http-429']);

/** A distinct event per run, so the ledger tells the runs apart: the same event is the same invocation. */
let eventCounter = 0;
function matrixArgs(provider: ProviderId, endpoint: string, ...rest: string[]): { args: string[]; event: string } {
  eventCounter += 1;
  const event = JSON.stringify({ name: 'Ada', run: eventCounter });
  return { args: ['invoke', provider, functionOf(provider), '-e', event, '--endpoint', endpoint, ...rest], event };
}

async function cli(args: string[], env = ENV): Promise<CliRun> {
  const at = args.lastIndexOf('--timeout');
  const timeout = at === -1 ? TIMEOUT_MS : Number(args[at + 1]);
  const run = await runCli(args, { env, timeoutMs: timeout + MARGIN_MS });
  expectNoSecrets(run.stdout, run.stderr);
  return run;
}

const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('error:'));
}

describe.concurrent('every fault × every provider × every output mode', () => {
  for (const [spec, expected] of MATRIX) {
    for (const provider of PROVIDER_IDS) {
      const code = typeof expected === 'number' ? expected : expected[provider];
      it(`${spec}: ${provider} exits ${code} with one error line, no secret, and runs the function at most once in any mode`, async () => {
        const emulator = emulators.get(spec)!;
        const timeout = ['--timeout', String(WAITING.has(spec) ? WAITING_TIMEOUT_MS : TIMEOUT_MS)];
        const calls = MODES.map((mode) => matrixArgs(provider, emulator.url, ...mode.flags, ...timeout));
        const results = await Promise.all(calls.map((call) => cli(call.args)));
        const ledger = emulator.ledger();
        results.forEach((run, index) => {
          const mode = MODES[index]!.name;
          const context = `${mode}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
          // The run ledger: the function ran at most once, and only a proven refusal was sent again.
          const counts = countsOf(ledger, ledgerKey(provider, functionOf(provider), calls[index]!.event));
          expect(counts.runs, context).toBeLessThanOrEqual(1);
          expect(counts.requests, context).toBe(REFUSED.has(spec) ? 3 : 1);
          if (REFUSED.has(spec)) expect(counts.runs, context).toBe(0);
          expect(run.code, context).not.toBe(-9);
          expect(run.code, context).toBe(code);
          expect(errorLines(run.stderr), context).toHaveLength(code === 0 ? 0 : 1);
          expect(run.stderr, context).not.toMatch(STACK_FRAME);
          expect(run.stderr, context).not.toMatch(/internal error/);
          if (mode !== 'human') expect(run.stderr, context).toMatch(/^debug: \{"method":"(POST|GET)"/m);
          if (mode === '--json --debug') expect(JSON.parse(run.stdout), context).toMatchObject({ status: STATUS_FOR[code] });
          if (mode === '--raw --debug' && code !== 0) expect(run.stdoutBytes.byteLength, context).toBe(0);
          if (mode === 'human' && code === 0 && spec !== 'malformed-json') {
            expect(JSON.parse(run.stdout), context).toEqual({ message: 'Hello, Ada!' });
          }
        });
      });
    }
  }
});

describe('batches under faults: the function runs at most once per line', () => {
  const SPEC = 'http-429@every=3; http-503@every=4; reset-mid-body@every=5; http-502@every=7; truncated-body@every=11';
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, env: EMULATOR_ENV, faults: new FaultPlan(parseFaultSpec(SPEC), 3) });
  });

  afterAll(async () => {
    await emulator.close();
  });

  for (const provider of PROVIDER_IDS) {
    it(`${provider}: 24 lines with the default retries, in human and --json output`, async () => {
      for (const flags of [[], ['--json']]) {
        const events = Array.from({ length: 24 }, () => {
          eventCounter += 1;
          return JSON.stringify({ name: 'Ada', run: eventCounter });
        });
        const run = await runCli(
          ['invoke', provider, functionOf(provider), '--events-file', '-', '--endpoint', emulator.url, '--concurrency', '4', '--timeout', String(TIMEOUT_MS), ...flags],
          { env: ENV, stdin: `${events.join('\n')}\n`, timeoutMs: 60_000 },
        );
        expectNoSecrets(run.stdout, run.stderr);
        const context = `${flags.join(' ')}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
        expect(run.code, context).toBe(5);
        const ledger = emulator.ledger();
        let resent = 0;
        for (const event of events) {
          const counts = countsOf(ledger, ledgerKey(provider, functionOf(provider), event));
          expect(counts.requests, context).toBeGreaterThanOrEqual(1);
          expect(counts.runs, `${event}\n${context}`).toBeLessThanOrEqual(1);
          if (counts.requests > 1) resent += 1;
        }
        // The 429s were retried: the ledger saw re-sends, none of which ran the function twice.
        expect(resent, context).toBeGreaterThan(0);
      }
    });
  }
});

describe('fcinvoke emulator --faults (child process)', () => {
  it('applies the plan in the order given by --seed and logs each fault on stderr', async () => {
    const child = await spawnEmulator(['--faults', 'tencent:http-503@every=2', '--seed', '7']);
    try {
      const first = await cli(invokeArgs('tencent', child.url));
      const second = await cli(invokeArgs('tencent', child.url, '--json'));
      const third = await cli(invokeArgs('aliyun', child.url));
      expect([first.code, second.code, third.code]).toEqual([0, 5, 0]);
      expect(JSON.parse(second.stdout)).toMatchObject({ status: 'outcome_unknown', error: { code: 'UnreadableResponse' } });
      expect(second.stderr).toMatch(/HTTP 503/);
    } finally {
      const stderr = await child.stop();
      expect(stderr).toContain('faults: tencent:http-503@every=2 (seed 7); repeat this run with --seed 7');
      expect(stderr.match(/^fault: /gm)).toHaveLength(1);
      expect(stderr).toMatch(/^fault: tencent hello: tencent:http-503@every=2$/m);
    }
  });

  it('refuses a bad spec with exit 2, one error line and a hint, before listening', async () => {
    const run = await cli(['emulator', '--port', '0', '--faults', 'aliyun:reset-sometimes']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(errorLines(run.stderr)).toEqual([
      "error: --faults: rule 1 'aliyun:reset-sometimes': unknown fault 'reset-sometimes' (known: latency, no-response, reset-before-response, reset-after-headers, reset-mid-body, truncated-body, never-ends, trickle, http-NNN, malformed-json, wrong-content-type, no-content-type, huge-log-header, bad-log-header)",
    ]);
    expect(run.stderr).toMatch(/^hint: see "Fault injection" in docs\/emulator\.md/m);
  });

  it('refuses a bad --seed with exit 2', async () => {
    const run = await cli(['emulator', '--port', '0', '--faults', 'latency', '--seed', 'lucky']);
    expect(run.code).toBe(2);
    expect(errorLines(run.stderr)).toEqual(["error: --seed takes a whole number from 0 to 4294967295, not 'lucky'"]);
  });
});

describe('transport security, end to end', () => {
  let emulator: RunningEmulator;
  let proxy: RecordingProxy;
  let caFile: string;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, env: EMULATOR_ENV });
    emulators.set('plain', emulator);
    const tls = createTlsServer({ key: LEAF_KEY, cert: LEAF_CERT }, (clear) => {
      const upstream = connect(emulator.port, '127.0.0.1');
      clear.pipe(upstream).pipe(clear);
      upstream.on('error', () => clear.destroy());
      clear.on('error', () => upstream.destroy());
    });
    await listen(tls);
    proxy = await startProxy((tls.address() as AddressInfo).port, emulator.port);
    caFile = join(mkdtempSync(join(tmpdir(), 'fcinvoke-ca-')), 'ca.pem');
    writeFileSync(caFile, CA_CERT);
  });

  it('refuses plain http:// to a host that is not loopback with exit 2, sending nothing', async () => {
    const before = proxy.seen.length;
    const run = await cli(invokeArgs('tencent', 'http://scf.fcinvoke.test'), { ...ENV, HTTP_PROXY: proxy.url });
    expect(run.code).toBe(2);
    expect(errorLines(run.stderr)).toEqual([
      'error: refusing plain http:// to scf.fcinvoke.test: signed requests would travel in the clear',
    ]);
    expect(proxy.seen.length).toBe(before);
  });

  it('sends plain http:// through HTTP_PROXY as an absolute-form request when --allow-insecure-http is given', async () => {
    const run = await cli(invokeArgs('aliyun', 'http://fcinvoke.test', '--allow-insecure-http'), { ...ENV, HTTP_PROXY: proxy.url });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ message: 'Hello, Ada!' });
    expect(proxy.seen.at(-1)).toBe('POST http://fcinvoke.test/2023-03-30/functions/hello/invocations');
  });

  it('tunnels https:// through HTTPS_PROXY and verifies the certificate against NODE_EXTRA_CA_CERTS', async () => {
    const run = await cli(invokeArgs('tencent', 'https://scf.fcinvoke.test'), {
      ...ENV,
      HTTPS_PROXY: proxy.url,
      NODE_EXTRA_CA_CERTS: caFile,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ message: 'Hello, Ada!' });
    expect(proxy.seen.at(-1)).toBe('CONNECT scf.fcinvoke.test:443');
  });

  it('refuses a certificate from an unknown CA with exit 4, even with NODE_TLS_REJECT_UNAUTHORIZED=0', async () => {
    for (const extra of [{}, { NODE_TLS_REJECT_UNAUTHORIZED: '0' }]) {
      const run = await cli(invokeArgs('huawei', 'https://scf.fcinvoke.test', '--json'), { ...ENV, HTTPS_PROXY: proxy.url, ...extra });
      expect(run.code, run.stderr).toBe(4);
      expect(JSON.parse(run.stdout)).toMatchObject({ status: 'transport_error', error: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } });
      expect(errorLines(run.stderr)).toEqual([
        'error: huawei UNABLE_TO_VERIFY_LEAF_SIGNATURE: TLS certificate verification failed: unable to verify the first certificate',
      ]);
    }
  });

  it('reports a proxy that refuses the tunnel as exit 4, without printing the proxy password', async () => {
    const withPassword = proxy.url.replace('http://', 'http://user:proxyPASSWORD1234@');
    const run = await cli(invokeArgs('aliyun', 'https://deny.fcinvoke.test'), { ...ENV, HTTPS_PROXY: withPassword });
    expect(run.code).toBe(4);
    expect(errorLines(run.stderr)).toEqual(['error: aliyun proxy_refused: the proxy refused the connection with HTTP 407 (proxy authentication required)']);
    expect(run.stdout + run.stderr).not.toContain('proxyPASSWORD1234');
  });

  it('goes direct to loopback endpoints whatever HTTPS_PROXY and HTTP_PROXY say', async () => {
    const before = proxy.seen.length;
    const run = await cli(invokeArgs('huawei', emulator.url), { ...ENV, HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url });
    expect(run.code, run.stderr).toBe(0);
    expect(proxy.seen.length).toBe(before);
  });

  it('exits 4 when the connection is refused, before anything was sent', async () => {
    const closed = createServer();
    await listen(closed);
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const run = await cli(invokeArgs('aliyun-fc2', `http://127.0.0.1:${port}`, '--json'));
    expect(run.code).toBe(4);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'transport_error', error: { code: 'ECONNREFUSED' } });
  });

  it('exits quietly when stdout is closed before the result is written (EPIPE)', async () => {
    const run = await runClosedStdout(invokeArgs('tencent', emulator.url));
    expect(run.stderr).not.toMatch(/EPIPE|error:|internal/);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.code === 0 || run.signal === 'SIGPIPE').toBe(true);
  });
});

interface RecordingProxy {
  url: string;
  /** `METHOD target` of every request or tunnel the proxy was asked for. */
  seen: string[];
}

/**
 * A forward proxy on 127.0.0.1: absolute-form requests are relayed to the emulator, CONNECT tunnels to the TLS
 * front of it; `deny.fcinvoke.test` gets 407. It never resolves a name, so nothing leaves the machine.
 */
async function startProxy(tlsPort: number, emulatorPort: number): Promise<RecordingProxy> {
  const seen: string[] = [];
  const server = createServer((incoming: IncomingMessage, outgoing) => {
    seen.push(`${incoming.method} ${incoming.url}`);
    const target = new URL(incoming.url ?? '/');
    const upstream = httpRequest(
      { host: '127.0.0.1', port: emulatorPort, method: incoming.method, path: `${target.pathname}${target.search}`, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  server.on('connect', (incoming: IncomingMessage, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${incoming.url}`);
    client.on('error', () => undefined);
    if (incoming.url?.startsWith('deny.')) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = connect(tlsPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
  });
  await listen(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

async function listen(server: Server | TlsServer): Promise<void> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
}

/** `fcinvoke emulator --port 0 …` as a child process; resolves with its URL once it listens. */
function spawnEmulator(args: string[]): Promise<{ url: string; stop(): Promise<string> }> {
  const bin = fileURLToPath(new URL('../../bin/fcinvoke.js', import.meta.url));
  const child = spawn(process.execPath, [bin, 'emulator', '--port', '0', ...args], {
    env: cleanEnv(EMULATOR_ENV) as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the emulator did not start: ${stderr}`));
    }, 10_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^listening on (\S+)$/m.exec(stdout);
      if (match === null) return;
      clearTimeout(timer);
      resolve({
        url: match[1]!,
        stop: async () => {
          child.kill('SIGINT');
          expect(await exited).toBe(0);
          return stderr;
        },
      });
    });
  });
}

/** Runs the CLI with its stdout pipe closed before the result is written. */
function runClosedStdout(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const bin = fileURLToPath(new URL('../../bin/fcinvoke.js', import.meta.url));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: ENV as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS + MARGIN_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

