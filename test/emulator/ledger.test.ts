/**
 * The run ledger: requests and function runs per client invocation, for all five APIs, under every fault (a
 * refusal before the function is no run, an answer spoiled after it is one), over HTTP and in-process.
 */
import { connect } from 'node:net';
import { request } from 'undici';
import { countedFunction } from './counted-function.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvocationType } from '../../src/core/result.js';
import { CONTROL_PREFIX, LEDGER_PATH } from '../../src/emulator/control.js';
import { DEMO_CREDENTIALS, DEMO_IDENTIFIERS } from '../../src/emulator/demo-credentials.js';
import { FAULT_NAMES, FaultPlan, faultName, functionRunsUnder, parseFaultSpec } from '../../src/emulator/faults.js';
import { MAX_TIMES_KEPT } from '../../src/emulator/ledger.js';
import { ROUTES } from '../../src/emulator/routes.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { CLOUD, PROVIDERS } from '../helpers/providers.js';
import { PROVIDER_IDS, type ProviderId } from '../../src/providers/registry.js';
import { type HttpRequest, type Provider } from '../../src/providers/types.js';
import { countsOf, fetchLedger, ledgerKey, resetLedger } from '../helpers/emulator.js';


/** The function name as the ledger records it (FC 2.0 names `service/function`). */
function ledgerName(provider: ProviderId, fn: string): string {
  return provider === 'aliyun-fc2' ? `demo/${fn}` : fn;
}

/** A signed invocation, freshly signed every call (new timestamp and nonce), as a retrying client sends it. */
function signed(provider: ProviderId, url: string, fn: string, event: string, invocationType: InvocationType = 'sync'): HttpRequest {
  const implementation = PROVIDERS[provider];
  const unsigned = implementation.buildRequest({
    provider,
    functionName: ledgerName(provider, fn),
    event: new TextEncoder().encode(event),
    invocationType,
    logs: false,
    endpoint: url,
    region: DEMO_IDENTIFIERS.region[CLOUD[provider]],
    accountId: DEMO_IDENTIFIERS.accountId,
    projectId: DEMO_IDENTIFIERS.projectId,
  });
  return implementation.sign(unsigned, DEMO_CREDENTIALS[CLOUD[provider]], {
    now: new Date(),
    nonce: Math.floor(Math.random() * 2 ** 30) + 1,
  });
}

async function send(signedRequest: HttpRequest): Promise<{ status: number; text: string }> {
  const response = await request(signedRequest.url, {
    method: signedRequest.method,
    headers: signedRequest.headers,
    body: signedRequest.body,
  });
  return { status: response.statusCode, text: await response.body.text() };
}

/**
 * Sends `signedRequest` on a raw socket and resolves when the connection ends, is reset, or stays quiet for
 * `quietMs`, whatever the emulator does to the answer; `closeAfterMs` hangs up early, as a client that gives up.
 */
function sendRaw(signedRequest: HttpRequest, options: { quietMs?: number; closeAfterMs?: number } = {}): Promise<string> {
  const target = new URL(signedRequest.url);
  return new Promise((resolve) => {
    const socket = connect(Number(target.port), target.hostname);
    let seen = '';
    let quiet: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(quiet);
      socket.destroy();
      resolve(seen);
    };
    const arm = () => {
      clearTimeout(quiet);
      quiet = setTimeout(done, options.quietMs ?? 150);
    };
    socket.on('connect', () => {
      const lines = [`${signedRequest.method} ${target.pathname}${target.search} HTTP/1.1`, `Host: ${target.host}`];
      for (const [name, value] of Object.entries(signedRequest.headers)) lines.push(`${name}: ${value}`);
      lines.push(`Content-Length: ${signedRequest.body.byteLength}`, 'Connection: close', '', '');
      socket.write(Buffer.concat([Buffer.from(lines.join('\r\n')), signedRequest.body]));
      if (options.closeAfterMs === undefined) arm();
      else setTimeout(done, options.closeAfterMs);
    });
    socket.on('data', (chunk: Buffer) => {
      seen += chunk.toString('latin1');
      if (options.closeAfterMs === undefined) arm();
    });
    socket.on('end', done);
    socket.on('error', done);
  });
}

let realRuns: () => number = () => 0;

const emulators: RunningEmulator[] = [];
let functionsDir: string;
let plain: RunningEmulator;

async function emulatorWith(spec?: string): Promise<RunningEmulator> {
  const emulator = await startEmulator({
    host: '127.0.0.1',
    port: 0,
    functionsDir,
    faults: spec === undefined ? undefined : new FaultPlan(parseFaultSpec(spec), 1),
  });
  emulators.push(emulator);
  return emulator;
}

beforeAll(async () => {
  ({ dir: functionsDir, runs: realRuns } = await countedFunction('__fcinvokeLedgerRuns'));
  plain = await emulatorWith();
});

afterAll(async () => {
  await Promise.all(emulators.map((emulator) => emulator.close()));
});

let serial = 0;
/** A distinct event per invocation, as the ledger's key needs. */
function uniqueEvent(): string {
  serial += 1;
  return JSON.stringify({ n: serial });
}

describe('the run ledger, per provider', () => {
  it.each(PROVIDER_IDS)('%s: one request and one run per invocation, keyed by provider, function and event', async (provider) => {
    const event = uniqueEvent();
    const before = realRuns();
    const answer = await send(signed(provider, plain.url, 'counted', event));
    expect(answer.status === 200 || answer.status === 202).toBe(true);
    expect(realRuns()).toBe(before + 1);
    const key = ledgerKey(provider, ledgerName(provider, 'counted'), event);
    expect(countsOf(plain.ledger(), key)).toEqual({ requests: 1, runs: 1 });
    const entry = plain.ledger().invocations.find((invocation) => invocation.key === key);
    expect(entry).toMatchObject({ provider, function: ledgerName(provider, 'counted'), faults: [] });
    expect(entry?.runsAt).toHaveLength(1);
    expect(Date.parse(entry!.runsAt[0]!)).toBeGreaterThanOrEqual(Date.parse(entry!.firstRequestAt));
  });

  it.each(PROVIDER_IDS)('%s: a re-signed re-send of the same event is the same invocation, and a second run shows', async (provider) => {
    const event = uniqueEvent();
    await send(signed(provider, plain.url, 'counted', event));
    await send(signed(provider, plain.url, 'counted', event));
    const key = ledgerKey(provider, ledgerName(provider, 'counted'), event);
    expect(countsOf(plain.ledger(), key)).toEqual({ requests: 2, runs: 2 });
  });

  it.each(['tencent', 'aliyun', 'huawei'] as const)('%s: counts an async invocation as a run', async (provider) => {
    const event = uniqueEvent();
    const answer = await send(signed(provider, plain.url, 'counted', event, 'async'));
    expect(answer.status).toBeLessThan(300);
    expect(countsOf(plain.ledger(), ledgerKey(provider, 'counted', event)).runs).toBe(1);
  });

  it.each(PROVIDER_IDS)('%s: a request the API refuses arrives but does not run', async (provider) => {
    const event = uniqueEvent();
    const before = realRuns();
    await send(signed(provider, plain.url, 'no-such-function', event));
    expect(countsOf(plain.ledger(), ledgerKey(provider, ledgerName(provider, 'no-such-function'), event))).toEqual({ requests: 1, runs: 0 });
    expect(realRuns()).toBe(before);
  });

  it('keys invocations apart by event, function and provider', () => {
    const keys = new Set([
      ledgerKey('aliyun', 'echo', '{"n":1}'),
      ledgerKey('aliyun', 'echo', '{"n":2}'),
      ledgerKey('aliyun', 'hello', '{"n":1}'),
      ledgerKey('huawei', 'echo', '{"n":1}'),
    ]);
    expect(keys.size).toBe(4);
    expect(ledgerKey('aliyun', 'echo', '{"n":1}')).toBe(ledgerKey('aliyun', 'echo', new TextEncoder().encode('{"n":1}')));
    expect(ledgerKey('aliyun', 'echo', '{"n":1}')).toMatch(/^aliyun:echo:[0-9a-f]{32}$/);
  });
});

/** Every fault kind, and whether the function runs under it. */
const FAULT_ROWS: ReadonlyArray<readonly [spec: string, runs: 0 | 1]> = [
  ['http-400', 0],
  ['http-429', 0],
  ['http-501', 0],
  ['http-503(retry-after=1)', 0],
  ['http-500', 1],
  ['http-502', 1],
  ['http-504', 1],
  ['latency(20)', 1],
  ['no-response', 1],
  ['reset-before-response', 1],
  ['reset-after-headers', 1],
  ['reset-mid-body', 1],
  ['truncated-body', 1],
  ['never-ends', 1],
  ['trickle(bytes=16, ms=1)', 1],
  ['malformed-json', 1],
  ['wrong-content-type', 1],
  ['no-content-type', 1],
  ['huge-log-header(bytes=1kb)', 1],
  ['bad-log-header', 1],
];

describe('the run ledger under faults', () => {
  it('covers every fault kind the plan knows', () => {
    const kinds = new Set(FAULT_ROWS.map(([spec]) => parseFaultSpec(spec)[0]!.fault.kind));
    expect(kinds).toEqual(new Set(FAULT_NAMES.map((name) => (name === 'http-NNN' ? 'http-status' : name))));
  });

  it.each(FAULT_ROWS)('%s: the ledger shows %i run(s), as many as really happened', async (spec, expected) => {
    const emulator = await emulatorWith(spec);
    const fault = parseFaultSpec(spec)[0]!.fault;
    // A latency rule delays; it is not the request's fault.
    const applied = fault.kind === 'latency' ? null : fault;
    expect(functionRunsUnder(applied)).toBe(expected === 1);
    const provider = PROVIDER_IDS[serial % PROVIDER_IDS.length]!;
    const event = uniqueEvent();
    const before = realRuns();
    await sendRaw(signed(provider, emulator.url, 'counted', event));
    const ledger = await fetchLedger(emulator.url);
    const key = ledgerKey(provider, ledgerName(provider, 'counted'), event);
    expect(countsOf(ledger, key)).toEqual({ requests: 1, runs: expected });
    expect(realRuns() - before).toBe(expected);
    const entry = ledger.invocations.find((invocation) => invocation.key === key);
    expect(entry?.faults).toEqual(applied === null ? [] : [faultName(applied)]);
  });

  it('latency the client does not wait out: the request arrived, the function never ran', async () => {
    const emulator = await emulatorWith('latency(2s)');
    const event = uniqueEvent();
    const before = realRuns();
    await sendRaw(signed('aliyun', emulator.url, 'counted', event), { closeAfterMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(countsOf(emulator.ledger(), ledgerKey('aliyun', 'counted', event))).toEqual({ requests: 1, runs: 0 });
    expect(realRuns()).toBe(before);
  });

  it('tells a retried invocation that ran twice from one refused first', async () => {
    const emulator = await emulatorWith('aliyun:http-503@first=1; huawei:reset-mid-body@first=1');
    const refusedThenRun = uniqueEvent();
    const ranTwice = uniqueEvent();
    await sendRaw(signed('aliyun', emulator.url, 'counted', refusedThenRun));
    await sendRaw(signed('aliyun', emulator.url, 'counted', refusedThenRun));
    await sendRaw(signed('huawei', emulator.url, 'counted', ranTwice));
    await sendRaw(signed('huawei', emulator.url, 'counted', ranTwice));
    const ledger = emulator.ledger();
    expect(countsOf(ledger, ledgerKey('aliyun', 'counted', refusedThenRun))).toEqual({ requests: 2, runs: 1 });
    expect(countsOf(ledger, ledgerKey('huawei', 'counted', ranTwice))).toEqual({ requests: 2, runs: 2 });
    expect(ledger.invocations.map((entry) => entry.faults)).toEqual([['http-503'], ['reset-mid-body']]);
    expect(ledger).toMatchObject({ requests: 4, runs: 3, refusedUnread: 0, evicted: 0 });
  });
});

describe('the ledger routes', () => {
  it('GET answers the same JSON as emulator.ledger(), and DELETE empties it', async () => {
    const emulator = await emulatorWith();
    await send(signed('tencent', emulator.url, 'counted', uniqueEvent()));
    await send(signed('tencent-v2', emulator.url, 'counted', uniqueEvent()));
    const fetched = await fetchLedger(emulator.url);
    expect(fetched).toEqual(emulator.ledger());
    expect(fetched.runs).toBe(2);
    await resetLedger(emulator.url);
    expect(emulator.ledger()).toEqual({ requests: 0, runs: 0, refusedUnread: 0, evicted: 0, invocations: [] });
    const event = uniqueEvent();
    await send(signed('tencent', emulator.url, 'counted', event));
    expect(countsOf(await fetchLedger(emulator.url), ledgerKey('tencent', 'counted', event))).toEqual({ requests: 1, runs: 1 });
    emulator.resetLedger();
    expect((await fetchLedger(emulator.url)).invocations).toEqual([]);
  });

  it('keeps at most the first run times of an invocation while counting on', async () => {
    const emulator = await emulatorWith();
    const event = uniqueEvent();
    for (let i = 0; i < MAX_TIMES_KEPT + 2; i += 1) await send(signed('huawei', emulator.url, 'counted', event));
    const entry = emulator.ledger().invocations[0]!;
    expect(entry.runs).toBe(MAX_TIMES_KEPT + 2);
    expect(entry.runsAt).toHaveLength(MAX_TIMES_KEPT);
  });

  it('answers 405 to other methods and 404 to other emulator paths', async () => {
    const post = await request(new URL(LEDGER_PATH, plain.url), { method: 'POST', body: '{}' });
    expect(post.statusCode).toBe(405);
    expect(post.headers['allow']).toBe('GET, DELETE');
    await post.body.dump();
    const other = await request(new URL(`${CONTROL_PREFIX}nothing`, plain.url));
    expect(other.statusCode).toBe(404);
    expect(await other.body.text()).toContain(LEDGER_PATH);
  });

  it('is the ledger even with cloud headers, and faults never touch it', async () => {
    const emulator = await emulatorWith('http-503; reset-before-response');
    const response = await request(new URL(LEDGER_PATH, emulator.url), {
      headers: { 'X-TC-Action': 'InvokeFunction', 'X-TC-Version': '2018-04-16', Authorization: 'TC3-HMAC-SHA256 x' },
    });
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toMatchObject({ requests: 0, runs: 0 });
  });

  it('no provider route claims the emulator paths, and no provider path starts with them', async () => {
    for (const route of ROUTES) {
      for (const method of ['GET', 'POST', 'DELETE']) {
        const probe = { method, rawUrl: LEDGER_PATH, headers: { 'x-tc-action': 'InvokeFunction' }, body: Buffer.alloc(0), receivedAt: new Date() };
        expect(route.matches(probe)).toBe(false);
      }
    }
    for (const provider of PROVIDER_IDS) {
      // A function named like the prefix still reaches its API, which says it does not exist.
      const built = signed(provider, plain.url, '__fcinvoke', uniqueEvent());
      expect(new URL(built.url).pathname.startsWith(CONTROL_PREFIX)).toBe(false);
      const answer = await send(built);
      expect(answer.text).not.toContain('no emulator route');
      expect(answer.text).toMatch(/__fcinvoke|FunctionNotFound|ResourceNotFound|FSS\.1051|5000/);
    }
  });
});
