/**
 * The emulator's fault plan: parsing `--faults`, deterministic decisions for a `--seed`, and each fault as it
 * appears on the wire, observed with a raw node:net client (and undici through fcinvoke's transport).
 */
import { connect } from 'node:net';
import { countedFunction } from './counted-function.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { DEMO_CREDENTIALS, DEMO_IDENTIFIERS } from '../../src/emulator/demo-credentials.js';
import {
  FAULT_HEADER,
  FaultPlan,
  LOG_HEADERS,
  parseFaultSpec,
  parseSeed,
  requestFunctionNames,
  type FaultDecision,
} from '../../src/emulator/faults.js';
import { startEmulator, type FaultEvent, type RunningEmulator } from '../../src/emulator/server.js';
import type { EmulatorRequest } from '../../src/providers/emulator-api.js';
import { decodeBase64Log } from '../../src/providers/shared/base64-log.js';
import { CLOUD, PROVIDERS } from '../helpers/providers.js';
import { PROVIDER_IDS, type ProviderId } from '../../src/providers/registry.js';
import { type HttpRequest, type InvokeInput, type Provider } from '../../src/providers/types.js';
import { closeTransport, send, TransportError } from '../../src/transport/http.js';


/** A built and signed invocation of `fn` for `provider` against `endpoint`, with the demo credentials. */
function signedRequest(provider: ProviderId, endpoint: string, fn = 'hello', event = '{"name":"Ada"}'): HttpRequest {
  const input: InvokeInput = {
    provider,
    functionName: provider === 'aliyun-fc2' ? `demo/${fn}` : fn,
    event: new TextEncoder().encode(event),
    invocationType: 'sync',
    logs: true,
    endpoint,
    region: DEMO_IDENTIFIERS.region[CLOUD[provider]],
    accountId: DEMO_IDENTIFIERS.accountId,
    projectId: DEMO_IDENTIFIERS.projectId,
  };
  const implementation = PROVIDERS[provider];
  return implementation.sign(implementation.buildRequest(input), DEMO_CREDENTIALS[CLOUD[provider]], {
    now: new Date(),
    nonce: Math.floor(Math.random() * 2 ** 30) + 1,
  });
}

/** What a raw socket saw: every byte, how many reads, and how the connection ended. */
interface WireObservation {
  bytes: Buffer;
  reads: number;
  /** `fin`: closed cleanly; `reset`: ECONNRESET; `open`: still open when we stopped waiting. */
  ending: 'fin' | 'reset' | 'open';
  status: number | null;
  headers: Record<string, string>;
  body: Buffer;
  declaredLength: number | null;
}

/**
 * Writes `request` as HTTP/1.1 on a fresh socket (`Connection: close`, so a complete answer ends with a FIN) and
 * watches the reply. A connection still open `quietMs` after the last byte counts as `open`.
 */
function exchange(url: string, request: HttpRequest, quietMs = 300): Promise<WireObservation> {
  const target = new URL(request.url);
  const origin = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(origin.port), origin.hostname);
    const chunks: Buffer[] = [];
    let reads = 0;
    let quiet: NodeJS.Timeout | undefined;
    const finish = (ending: WireObservation['ending']) => {
      clearTimeout(quiet);
      socket.destroy();
      resolve(observe(Buffer.concat(chunks), reads, ending));
    };
    const armQuiet = () => {
      clearTimeout(quiet);
      quiet = setTimeout(() => finish('open'), quietMs);
    };
    socket.on('connect', () => {
      const lines = [`${request.method} ${target.pathname}${target.search} HTTP/1.1`, `Host: ${target.host}`];
      for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
      lines.push(`Content-Length: ${request.body.byteLength}`, 'Connection: close', '', '');
      socket.write(Buffer.concat([Buffer.from(lines.join('\r\n')), request.body]));
      armQuiet();
    });
    socket.on('data', (chunk: Buffer) => {
      reads += 1;
      chunks.push(chunk);
      armQuiet();
    });
    socket.on('end', () => finish('fin'));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET') finish('reset');
      else reject(error);
    });
  });
}

function observe(bytes: Buffer, reads: number, ending: WireObservation['ending']): WireObservation {
  const split = bytes.indexOf('\r\n\r\n');
  if (split === -1) return { bytes, reads, ending, status: null, headers: {}, body: Buffer.alloc(0), declaredLength: null };
  const [statusLine = '', ...headerLines] = bytes.subarray(0, split).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const declared = headers['content-length'];
  return {
    bytes,
    reads,
    ending,
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: bytes.subarray(split + 4),
    declaredLength: declared === undefined ? null : Number(declared),
  };
}

let runs: () => number = () => 0;

const emulators: RunningEmulator[] = [];
const events: FaultEvent[] = [];
let functionsDir: string;

beforeAll(async () => {
  ({ dir: functionsDir, runs: runs } = await countedFunction('__fcinvokeFaultRuns'));
});

afterEach(async () => {
  events.length = 0;
  await closeTransport();
});

afterAll(async () => {
  await Promise.all(emulators.map((emulator) => emulator.close()));
});

/** An emulator with one fault for every request. */
async function faulty(spec: string, seed = 1): Promise<RunningEmulator> {
  const emulator = await startEmulator({
    host: '127.0.0.1',
    port: 0,
    functionsDir,
    faults: new FaultPlan(parseFaultSpec(spec), seed),
    onFault: (event) => events.push(event),
  });
  emulators.push(emulator);
  return emulator;
}

function decisions(plan: FaultPlan, provider: ProviderId, fn: string, count: number): Array<FaultDecision['fault']> {
  return Array.from({ length: count }, () => plan.decide(provider, [fn]).fault);
}

describe('parseFaultSpec', () => {
  it('reads targets, parameters and triggers', () => {
    const rules = parseFaultSpec(
      'aliyun:reset-mid-body@0.5; */hello:latency(250)@every=3\n huawei/fail*:http-429(retry-after=2)@first=2; trickle(bytes=8, ms=1s)@25%',
    );
    expect(rules.map(({ provider, functionPattern, fault, trigger }) => ({ provider, functionPattern, fault, trigger }))).toEqual([
      { provider: 'aliyun', functionPattern: '*', fault: { kind: 'reset-mid-body' }, trigger: { kind: 'probability', probability: 0.5 } },
      { provider: '*', functionPattern: 'hello', fault: { kind: 'latency', ms: 250 }, trigger: { kind: 'every', n: 3 } },
      {
        provider: 'huawei',
        functionPattern: 'fail*',
        fault: { kind: 'http-status', status: 429, retryAfter: '2' },
        trigger: { kind: 'first', n: 2 },
      },
      { provider: '*', functionPattern: '*', fault: { kind: 'trickle', bytes: 8, intervalMs: 1000 }, trigger: { kind: 'probability', probability: 0.25 } },
    ]);
  });

  it('accepts provider aliases, quoted values and the default parameters', () => {
    const [first, second, third] = parseFaultSpec('fc2:wrong-content-type("text/plain; charset=gbk"); scf:huge-log-header; hang');
    expect(first).toMatchObject({ provider: 'aliyun-fc2', fault: { kind: 'wrong-content-type', value: 'text/plain; charset=gbk' } });
    expect(second).toMatchObject({ provider: 'tencent', fault: { kind: 'huge-log-header', bytes: 2 * 1024 * 1024 } });
    expect(third).toMatchObject({ provider: '*', fault: { kind: 'no-response' }, trigger: { kind: 'always' } });
  });

  it.each([
    ['', /the spec has no rules/],
    ['reset-in-the-middle', /unknown fault 'reset-in-the-middle' \(known: latency, /],
    ['hello:latency', /unknown provider 'hello' .* write \*\/hello/],
    ['latency@sometimes', /'@sometimes' is not a trigger/],
    ['latency@1.5', /'@1.5' is not a trigger/],
    ['latency@every=0', /every= takes a whole number of at least 1/],
    ['latency(soon)', /ms: 'soon' is not a duration/],
    ['reset-mid-body(3)', /this fault takes no parameters/],
    ['trickle(size=3)', /unknown parameter 'size' \(known: bytes, ms\)/],
    ['http-200', /the status must be from 400 to 599/],
    ['http-503(retry-after=later)', /neither a number of seconds nor an HTTP date/],
    ['latency(ms=5', /parameters must be closed/],
  ])('refuses %j with one clear line', (spec, message) => {
    let thrown: unknown;
    try {
      parseFaultSpec(spec);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    const error = thrown as UsageError;
    expect(error.code).toBe('usage.faults');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/^--faults: /);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('reads --seed as a 32-bit whole number and refuses anything else', () => {
    expect(parseSeed('0')).toBe(0);
    expect(parseSeed('4294967295')).toBe(4294967295);
    for (const bad of ['-1', '1.5', 'abc', '4294967296', '']) expect(() => parseSeed(bad)).toThrow(UsageError);
  });
});

describe('FaultPlan', () => {
  const spec = 'tencent:reset-mid-body@0.3; aliyun:http-503@0.5; */echo:latency(100)@0.5';

  it('makes the same decisions for the same seed and requests', () => {
    const run = () => {
      const plan = new FaultPlan(parseFaultSpec(spec), 42);
      return [...decisions(plan, 'tencent', 'hello', 200), ...decisions(plan, 'aliyun', 'echo', 200)];
    };
    expect(run()).toEqual(run());
  });

  it('makes different decisions for a different seed', () => {
    const a = decisions(new FaultPlan(parseFaultSpec(spec), 1), 'tencent', 'hello', 200);
    const b = decisions(new FaultPlan(parseFaultSpec(spec), 2), 'tencent', 'hello', 200);
    expect(a).not.toEqual(b);
  });

  it('fires a probability rule on about that share of requests', () => {
    const fired = decisions(new FaultPlan(parseFaultSpec('reset-mid-body@0.3'), 7), 'huawei', 'hello', 2000).filter(
      (fault) => fault !== null,
    ).length;
    expect(fired).toBeGreaterThan(500);
    expect(fired).toBeLessThan(700);
  });

  it('fires @every=N on requests N, 2N, … and @first=N on the first N', () => {
    const every = decisions(new FaultPlan(parseFaultSpec('truncated-body@every=3'), 0), 'aliyun', 'hello', 9);
    expect(every.map((fault) => fault !== null)).toEqual([false, false, true, false, false, true, false, false, true]);
    const first = decisions(new FaultPlan(parseFaultSpec('http-429@first=2'), 0), 'aliyun', 'hello', 4);
    expect(first.map((fault) => fault?.kind ?? null)).toEqual(['http-status', 'http-status', null, null]);
  });

  it("keeps one rule's decisions whatever other providers' requests do", () => {
    const alone = new FaultPlan(parseFaultSpec('tencent:reset-mid-body@0.5; aliyun:http-503@0.5'), 9);
    const mixed = new FaultPlan(parseFaultSpec('tencent:reset-mid-body@0.5; aliyun:http-503@0.5'), 9);
    const expected = decisions(alone, 'tencent', 'hello', 50);
    const actual = Array.from({ length: 50 }, () => {
      mixed.decide('aliyun', ['hello']);
      return mixed.decide('tencent', ['hello']).fault;
    });
    expect(actual).toEqual(expected);
  });

  it('only counts requests its target matches, by provider and function pattern', () => {
    const plan = new FaultPlan(parseFaultSpec('huawei/fail*:reset-before-response'), 0);
    expect(plan.decide('huawei', ['hello']).fault).toBeNull();
    expect(plan.decide('aliyun', ['fail-fast']).fault).toBeNull();
    expect(plan.decide('huawei', ['fail-fast']).fault).toEqual({ kind: 'reset-before-response' });
  });

  it('adds up latencies and keeps the first other fault that fires', () => {
    const plan = new FaultPlan(parseFaultSpec('latency(100); latency(50); http-502; reset'), 0);
    const decision = plan.decide('tencent', ['hello']);
    expect(decision.latencyMs).toBe(150);
    expect(decision.fault).toEqual({ kind: 'http-status', status: 502, retryAfter: undefined });
    expect(decision.fired).toEqual(['latency(100)', 'latency(50)', 'http-502']);
  });
});

describe('requestFunctionNames', () => {
  it.each(PROVIDER_IDS)('reads the function name from a signed %s request', (provider) => {
    const signed = signedRequest(provider, 'http://127.0.0.1:9000', 'my-function');
    const url = new URL(signed.url);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value;
    const request: EmulatorRequest = {
      method: signed.method,
      rawUrl: `${url.pathname}${url.search}`,
      headers,
      body: Buffer.from(signed.body),
      receivedAt: new Date(),
    };
    expect(requestFunctionNames(provider, request)).toEqual(provider === 'aliyun-fc2' ? ['my-function', 'demo/my-function'] : ['my-function']);
  });
});

describe('faults on the wire', () => {
  it('delays the answer by latency and otherwise leaves it whole', async () => {
    const emulator = await faulty('latency(ms=120)');
    const seen = await exchange(emulator.url, signedRequest('tencent', emulator.url));
    expect(events).toEqual([{ provider: 'tencent', functionName: 'hello', fired: ['latency(ms=120)'] }]);
    expect(seen.status).toBe(200);
    expect(seen.ending).toBe('fin');
    expect(seen.body.byteLength).toBe(seen.declaredLength);
    expect(JSON.parse(seen.body.toString())).toMatchObject({ Response: { Result: { InvokeResult: 0 } } });
  });

  it.each([
    ['no-response', 'runs the function and never answers, leaving the connection open', 'aliyun', 'open'],
    ['reset-before-response', 'runs the function, then resets without a byte', 'huawei', 'reset'],
  ] as const)('%s: %s', async (spec, _does, provider, ending) => {
    const emulator = await faulty(spec);
    const before = runs();
    const seen = await exchange(emulator.url, signedRequest(provider, emulator.url, 'counted'));
    expect(seen.bytes.byteLength).toBe(0);
    expect(seen.ending).toBe(ending);
    expect(runs()).toBe(before + 1);
  });

  it('reset-after-headers: sends the status line and headers, then resets', async () => {
    const emulator = await faulty('reset-after-headers');
    const seen = await exchange(emulator.url, signedRequest('tencent', emulator.url));
    expect(seen.status).toBe(200);
    expect(seen.headers[FAULT_HEADER.toLowerCase()]).toBe('reset-after-headers');
    expect(seen.declaredLength).toBeGreaterThan(0);
    expect(seen.body.byteLength).toBe(0);
    expect(seen.ending).toBe('reset');
  });

  it('reset-mid-body: sends half the declared body, then resets', async () => {
    const emulator = await faulty('reset-mid-body');
    const seen = await exchange(emulator.url, signedRequest('tencent-v2', emulator.url));
    expect(seen.status).toBe(200);
    expect(seen.body.byteLength).toBe(Math.floor(seen.declaredLength! / 2));
    expect(seen.body.byteLength).toBeGreaterThan(0);
    expect(seen.ending).toBe('reset');
  });

  it.each([
    ['truncated-body', 'sends half the declared body, then closes cleanly', 'aliyun-fc2', 'fin'],
    ['never-ends', 'sends the headers and half the body, then nothing, with the connection open', 'huawei', 'open'],
  ] as const)('%s: %s', async (spec, _does, provider, ending) => {
    const emulator = await faulty(spec);
    const seen = await exchange(emulator.url, signedRequest(provider, emulator.url));
    expect(seen.status).toBe(200);
    expect(seen.body.byteLength).toBe(Math.floor(seen.declaredLength! / 2));
    expect(seen.ending).toBe(ending);
  });

  it('trickle: sends the whole body in small pieces, one per interval', async () => {
    const emulator = await faulty('trickle(bytes=64, ms=15)');
    const seen = await exchange(emulator.url, signedRequest('tencent', emulator.url));
    expect(seen.status).toBe(200);
    expect(seen.body.byteLength).toBe(seen.declaredLength);
    expect(seen.reads).toBeGreaterThanOrEqual(Math.ceil(seen.declaredLength! / 64));
    expect(JSON.parse(seen.body.toString())).toHaveProperty('Response.Result');
    expect(seen.ending).toBe('fin');
  });

  it('http-429 with Retry-After: a gateway page, and the function never runs', async () => {
    const emulator = await faulty('http-429(retry-after=3)');
    const before = runs();
    const seen = await exchange(emulator.url, signedRequest('aliyun', emulator.url, 'counted'));
    expect(seen.status).toBe(429);
    expect(seen.headers['retry-after']).toBe('3');
    expect(seen.headers['content-type']).toMatch(/^text\/html/);
    expect(seen.body.toString()).toContain('429 Too Many Requests');
    expect(runs()).toBe(before);
  });

  it.each([429, 500, 502, 503, 504])('http-%i without Retry-After answers that status with no Retry-After', async (status) => {
    const emulator = await faulty(`http-${status}`);
    const seen = await exchange(emulator.url, signedRequest('huawei', emulator.url));
    expect(seen.status).toBe(status);
    expect(seen.headers['retry-after']).toBeUndefined();
    expect(seen.body.byteLength).toBe(seen.declaredLength);
  });

  it('malformed-json: a correctly framed body that is not JSON', async () => {
    const emulator = await faulty('malformed-json');
    const seen = await exchange(emulator.url, signedRequest('tencent', emulator.url));
    expect(seen.status).toBe(200);
    expect(seen.body.byteLength).toBe(seen.declaredLength);
    expect(() => JSON.parse(seen.body.toString())).toThrow(SyntaxError);
  });

  it('wrong-content-type and no-content-type change only that header', async () => {
    const wrong = await faulty('wrong-content-type');
    const missing = await faulty('no-content-type');
    const a = await exchange(wrong.url, signedRequest('huawei', wrong.url));
    const b = await exchange(missing.url, signedRequest('huawei', missing.url));
    expect(a.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(b.headers['content-type']).toBeUndefined();
    for (const seen of [a, b]) {
      expect(seen.status).toBe(200);
      expect(JSON.parse(seen.body.toString())).toHaveProperty('result');
    }
  });

  it.each(['aliyun', 'aliyun-fc2', 'huawei', 'tencent'] as const)(
    'huge-log-header: the %s log header is valid base64 of the given size',
    async (provider) => {
      const emulator = await faulty('huge-log-header(bytes=2mb)');
      const seen = await exchange(emulator.url, signedRequest(provider, emulator.url));
      const value = seen.headers[LOG_HEADERS[provider].toLowerCase()] ?? '';
      expect(value.length).toBe(2 * 1024 * 1024);
      expect(decodeBase64Log(value)).not.toBeNull();
    },
  );

  it('bad-log-header: the log header is not base64', async () => {
    const emulator = await faulty('bad-log-header');
    const seen = await exchange(emulator.url, signedRequest('aliyun', emulator.url));
    expect(seen.status).toBe(200);
    expect(decodeBase64Log(seen.headers['x-fc-log-result'])).toBeNull();
  });

  it('serves requests the rules do not target untouched', async () => {
    const emulator = await faulty('huawei:reset-before-response; */fail:http-503');
    const seen = await exchange(emulator.url, signedRequest('tencent', emulator.url));
    expect(seen.status).toBe(200);
    expect(seen.headers[FAULT_HEADER.toLowerCase()]).toBeUndefined();
    expect(events).toEqual([]);
  });

  it('closes promptly while connections are held open by never-ends and no-response', async () => {
    const emulator = await startEmulator({ port: 0, faults: new FaultPlan(parseFaultSpec('tencent:never-ends; aliyun:no-response'), 0) });
    const held = [exchange(emulator.url, signedRequest('tencent', emulator.url), 5_000), exchange(emulator.url, signedRequest('aliyun', emulator.url), 5_000)];
    await new Promise((resolve) => setTimeout(resolve, 100));
    await emulator.close();
    const endings = (await Promise.all(held)).map((seen) => seen.ending);
    expect(endings.every((ending) => ending !== 'open')).toBe(true);
  });
});

describe('fcinvoke transport under faults', () => {
  it('refuses a log header over the 1 MiB header cap as a sent-phase failure', async () => {
    const emulator = await faulty('huge-log-header');
    const error = await send(signedRequest('aliyun', emulator.url), { timeoutMs: 5_000 }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'response_headers_too_large', phase: 'sent' });
    expect((error as Error).message).toContain('1048576-byte cap');
  });

  it('accepts a log header under a raised cap and still reads it', async () => {
    const emulator = await faulty('huge-log-header(bytes=64kb)');
    const response = await send(signedRequest('aliyun', emulator.url), { timeoutMs: 5_000 });
    expect(response.headers['x-fc-log-result']).toHaveLength(64 * 1024);
  });

  it('refuses headers over a lowered cap', async () => {
    const emulator = await faulty('huge-log-header(bytes=64kb)');
    await expect(send(signedRequest('aliyun', emulator.url), { timeoutMs: 5_000, maxHeaderBytes: 32 * 1024 })).rejects.toMatchObject({
      code: 'response_headers_too_large',
    });
  });

  it('gives up on a body that never ends at the timeout, as sent', async () => {
    const emulator = await faulty('never-ends');
    await expect(send(signedRequest('tencent', emulator.url), { timeoutMs: 300 })).rejects.toMatchObject({
      code: 'timeout',
      phase: 'sent',
    });
  });

  it('reports a clean close mid-body as a sent-phase socket failure with a clear message', async () => {
    const emulator = await faulty('truncated-body');
    const error = (await send(signedRequest('tencent', emulator.url), { timeoutMs: 5_000 }).catch((thrown: unknown) => thrown)) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.phase).toBe('sent');
    expect(error.message).toMatch(/^the connection closed before a complete response arrived/);
  });
});
