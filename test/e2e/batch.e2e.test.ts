/**
 * Batch mode and retries through the built CLI: against the emulator (ordering, one line per input, summary, the
 * exit-code rule, --repeat, stdin, Ctrl-C), and against small scripted servers that throttle or never answer,
 * counting the attempts they receive.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { cleanEnv, runCli, type CliRun } from '../helpers/cli.js';
import { useEmulator } from '../helpers/emulator.js';
import { expectNoSecrets, FAKE } from '../helpers/secrets.js';

let emulator: RunningEmulator;
let dir: string;
const runs: CliRun[] = [];
const env = cleanEnv({
  TENCENTCLOUD_SECRET_ID: FAKE.tencent.id,
  TENCENTCLOUD_SECRET_KEY: FAKE.tencent.secret,
  TENCENTCLOUD_REGION: 'ap-guangzhou',
});

// A function whose outcome the event decides, so one batch mixes successes and failures.
const MIXED_HANDLER = `
export function main_handler(event) {
  if (event.fail) throw new Error('line asked to fail: ' + event.id);
  return { id: event.id };
}
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fcinvoke-batch-'));
  await writeFile(join(dir, 'mixed.mjs'), MIXED_HANDLER);
  emulator = await useEmulator({
    functionsDir: dir,
    env: { TENCENTCLOUD_SECRET_ID: FAKE.tencent.id, TENCENTCLOUD_SECRET_KEY: FAKE.tencent.secret },
  });
});

afterEach(() => {
  for (const run of runs.splice(0)) expectNoSecrets(run.stdout, run.stderr);
});

async function cli(args: string[], options: Parameters<typeof runCli>[1] = {}): Promise<CliRun> {
  const run = await runCli(args, { env, ...options });
  runs.push(run);
  return run;
}

async function eventsFile(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

function ndjson(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const MIXED = ['{"id":1}', '{"id":2,"fail":true}', '{"id":3', '{"id":4}', '', '{"id":6}'].join('\n');

describe('fcinvoke invoke --events-file (built CLI, emulator)', () => {
  it('prints one NDJSON result per input line in input order, then the summary, and exits with the worst code', async () => {
    const path = await eventsFile('mixed.ndjson', `${MIXED}\n`);
    const run = await cli(['invoke', 'tencent', 'mixed', '--events-file', path, '--json', '--concurrency', '3', '--endpoint', emulator.url]);
    const lines = ndjson(run.stdout);
    expect(lines).toHaveLength(6);
    const results = lines.slice(0, 5);
    expect(results.map((line) => [line['line'], line['status']])).toEqual([
      [1, 'ok'],
      [2, 'function_error'],
      [3, 'input_error'],
      [4, 'ok'],
      [6, 'ok'],
    ]);
    expect(results[0]).toMatchObject({ provider: 'tencent', function: 'mixed', result: { id: 1 }, error: null });
    expect(results[1]).toMatchObject({ error: { message: 'line asked to fail: 2' } });
    expect(results[2]).toMatchObject({ requestId: null, error: { code: 'input.event_json' } });
    expect(lines[5]).toMatchObject({
      summary: { count: 5, ok: 3, functionErrors: 1, inputErrors: 1, apiErrors: 0, notRun: 0, retries: 0 },
    });
    // A function error is 1, an invalid line 2: the higher wins.
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^line 2: error: function mixed failed .*line asked to fail: 2/m);
    expect(run.stderr).toMatch(/^line 3: error: invalid event JSON/m);
    expect(run.stderr).toMatch(/^batch: 5 lines in /m);
  });

  it('prints only the return values of successful lines on stdout without --json', async () => {
    const path = await eventsFile('mixed-human.ndjson', MIXED);
    const run = await cli(['invoke', 'tencent', 'mixed', '--events-file', path, '--endpoint', emulator.url]);
    expect(run.stdout).toBe('{"id":1}\n{"id":4}\n{"id":6}\n');
    expect(run.stderr).toMatch(/✔ 3 ok · ✖ 1 function error · 1 invalid line/);
    expect(run.code).toBe(2);
  });

  it('exits 1 when the only failures are function errors, and 0 when every line succeeds', async () => {
    const failing = await eventsFile('one-failure.ndjson', '{"id":1}\n{"id":2,"fail":true}\n');
    expect((await cli(['invoke', 'tencent', 'mixed', '--events-file', failing, '--endpoint', emulator.url])).code).toBe(1);
    const good = await eventsFile('all-good.ndjson', '{"id":1}\n{"id":2}\n');
    expect((await cli(['invoke', 'tencent', 'mixed', '--events-file', good, '--endpoint', emulator.url])).code).toBe(0);
  });

  it('exits 3 when the API refuses the lines', async () => {
    const path = await eventsFile('missing.ndjson', '{}\n{}\n');
    const run = await cli(['invoke', 'tencent', 'no-such-function', '--events-file', path, '--json', '--endpoint', emulator.url]);
    expect(run.code).toBe(3);
    expect(ndjson(run.stdout).slice(0, 2).map((line) => line['status'])).toEqual(['api_error', 'api_error']);
    // The hint is printed once, not once per line.
    expect(run.stderr.match(/^hint: /gm)).toHaveLength(1);
  });

  it('invokes the same event n times with --repeat', async () => {
    const run = await cli([
      'invoke', 'tencent', 'hello', '--event', '{"name":"Ada"}', '--repeat', '5', '--concurrency', '2', '--json', '--endpoint', emulator.url,
    ]);
    expect(run.code).toBe(0);
    const lines = ndjson(run.stdout);
    expect(lines.slice(0, 5).map((line) => [line['line'], (line['result'] as { message: string }).message])).toEqual(
      [1, 2, 3, 4, 5].map((n) => [n, 'Hello, Ada!']),
    );
    expect(lines[5]).toMatchObject({ summary: { count: 5, ok: 5 } });
  });

  it("reads the events from standard input with '-', in completion order with --unordered", async () => {
    const events = Array.from({ length: 20 }, (_, i) => `{"id":${i + 1}}`).join('\n');
    const run = await cli(
      ['invoke', 'tencent', 'mixed', '--events-file', '-', '--unordered', '--json', '--concurrency', '4', '--endpoint', emulator.url],
      { stdin: events },
    );
    expect(run.code).toBe(0);
    const lines = ndjson(run.stdout);
    expect(lines).toHaveLength(21);
    const numbers = lines.slice(0, 20).map((line) => line['line'] as number);
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const line of lines.slice(0, 20)) expect(line['result']).toEqual({ id: line['line'] });
  });

  it('exits 2 with nothing sent for a missing events file or a bad flag', async () => {
    const missing = await cli(['invoke', 'tencent', 'hello', '--events-file', join(dir, 'nope.ndjson'), '--endpoint', emulator.url]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: cannot read --events-file .*nope\.ndjson: no such file$/m);
    const both = await cli(['invoke', 'tencent', 'hello', '--repeat', '2', '--events-file', '-', '--endpoint', emulator.url]);
    expect(both.code).toBe(2);
    const raw = await cli(['invoke', 'tencent', 'hello', '--repeat', '2', '--raw', '--endpoint', emulator.url]);
    expect(raw.code).toBe(2);
    expect(raw.stderr).toMatch(/^error: --raw prints one payload/m);
    const zero = await cli(['invoke', 'tencent', 'hello', '--repeat', '2', '--concurrency', '0', '--endpoint', emulator.url]);
    expect(zero.code).toBe(2);
    expect(zero.stdout).toBe('');
  });

  it('stops starting lines at --deadline and reports the rest as not run', async () => {
    const run = await cli([
      'invoke', 'tencent', 'sleep', '-e', '{"ms":300}', '--repeat', '10', '--concurrency', '1', '--deadline', '700', '--json', '--endpoint', emulator.url,
    ]);
    const lines = ndjson(run.stdout);
    expect(lines).toHaveLength(11);
    expect(lines.slice(0, 10).map((line) => line['line'])).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(lines[0]).toMatchObject({ status: 'ok' });
    const notRun = lines.filter((line) => line['status'] === 'not_run');
    expect(notRun.length).toBeGreaterThanOrEqual(5);
    for (const line of notRun) expect(line).toMatchObject({ error: { code: 'deadline' } });
    // Not run for the deadline is 4; a line cut while in flight is 5.
    expect([4, 5]).toContain(run.code);
    expect(run.stderr).toMatch(/^lines \d+–10: not run \(the --deadline passed\)$/m);
  });

  it('on Ctrl-C, aborts, prints the finished lines and every other line as not run, and exits 130', async () => {
    const bin = fileURLToPath(new URL('../../bin/fcinvoke.js', import.meta.url));
    const child = spawn(
      process.execPath,
      [bin, 'invoke', 'tencent', 'sleep', '-e', '{"ms":400}', '--repeat', '30', '--concurrency', '2', '--json', '--endpoint', emulator.url],
      { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (!signalled && stdout.includes('\n')) {
          signalled = true;
          child.kill('SIGINT');
        }
      });
      child.on('close', (exitCode) => resolve(exitCode));
    });
    runs.push({ code: code ?? -1, stdout, stderr, stdoutBytes: Buffer.from(stdout) });
    expect(code).toBe(130);
    const lines = ndjson(stdout);
    expect(lines).toHaveLength(31);
    expect(lines.slice(0, 30).map((line) => line['line'])).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(lines[0]).toMatchObject({ status: 'ok' });
    const notRun = lines.filter((line) => line['status'] === 'not_run');
    expect(notRun.length).toBeGreaterThan(20);
    expect(notRun[0]).toMatchObject({ error: { code: 'interrupted' } });
    expect(lines[30]).toMatchObject({ summary: { count: 30 } });
    expect(stderr).toMatch(/^lines \d+–30: not run \(interrupted\)$/m);
  });
});

// A scripted server: each request takes the next reply from the script (then succeeds), and is counted.
type Reply = (response: ServerResponse) => void;
let server: Server;
let serverUrl = '';
let script: Reply[] = [];
let attempts = 0;

const tencentBody = (body: unknown, status = 200, headers: Record<string, string> = {}): Reply => (response) => {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
};
const throttled = tencentBody({ Response: { Error: { Code: 'RequestLimitExceeded', Message: 'too many requests' }, RequestId: 'req-throttled' } });
const http429 = tencentBody({ message: 'slow down' }, 429, { 'retry-after': '0' });
const http503 = tencentBody({ message: 'unavailable' }, 503);
const succeed = tencentBody({
  Response: { Result: { RetMsg: '{"ok":true}', InvokeResult: 0, FunctionRequestId: 'fn-1', Duration: 1, BillDuration: 1 }, RequestId: 'req-ok' },
});
const neverAnswer: Reply = () => undefined;

function scripted(replies: Reply[]): void {
  script = replies;
  attempts = 0;
}

describe('retries (built CLI, scripted server)', () => {
  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      attempts += 1;
      request.resume();
      request.on('end', () => (script.shift() ?? succeed)(response));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('retries Tencent throttling and counts the retries in the summary', async () => {
    scripted([throttled, throttled]);
    const run = await cli(['invoke', 'tencent', 'fn', '--repeat', '2', '--concurrency', '1', '--json', '--endpoint', serverUrl]);
    expect(run.code).toBe(0);
    expect(attempts).toBe(4);
    const lines = ndjson(run.stdout);
    expect(lines.slice(0, 2).map((line) => line['status'])).toEqual(['ok', 'ok']);
    expect(lines[2]).toMatchObject({ summary: { count: 2, ok: 2, retries: 2 } });
    expect(run.stderr).toMatch(/2 retries/);
  });

  it('retries HTTP 429 and a throttling code, and shows each retry under --debug', async () => {
    scripted([http429, throttled]);
    const run = await cli(['invoke', 'tencent', 'fn', '--endpoint', serverUrl, '--debug']);
    expect(run.code).toBe(0);
    expect(attempts).toBe(3);
    expect(JSON.parse(run.stdout)).toEqual({ ok: true });
    expect(run.stderr).toMatch(/debug: attempt 1 failed: throttled \(HTTP 429.*\); retry 1 of 2 in 0 ms \(Retry-After\)/);
    expect(run.stderr).toMatch(/debug: attempt 2 failed: throttled \(RequestLimitExceeded\); retry 2 of 2 in \d+ ms/);
    expect(run.stderr).toMatch(/attempts=3/);
  });

  it('does not re-send after a bare 503 page, which does not prove the function did not run', async () => {
    scripted([http503]);
    const run = await cli(['invoke', 'tencent', 'fn', '--endpoint', serverUrl, '--retries', '3']);
    expect(run.code).toBe(5);
    expect(attempts).toBe(1);
  });

  it('gives up after --retries and exits 3 with the throttling error', async () => {
    scripted([throttled, throttled, throttled, throttled]);
    const run = await cli(['invoke', 'tencent', 'fn', '--retries', '1', '--json', '--endpoint', serverUrl]);
    expect(run.code).toBe(3);
    expect(attempts).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'api_error', error: { code: 'RequestLimitExceeded' } });
  });

  it('does not re-send a sync invocation that timed out after sending, without --retry-unsafe', async () => {
    scripted([neverAnswer, neverAnswer, neverAnswer]);
    const run = await cli(['invoke', 'tencent', 'fn', '--timeout', '300', '--retries', '2', '--endpoint', serverUrl]);
    expect(run.code).toBe(5);
    expect(attempts).toBe(1);
    expect(run.stderr).toMatch(/outcome unknown/);
  });

  it('does not re-send it in a batch either', async () => {
    scripted([neverAnswer]);
    const run = await cli(['invoke', 'tencent', 'fn', '--repeat', '1', '--timeout', '300', '--json', '--endpoint', serverUrl]);
    expect(run.code).toBe(5);
    expect(attempts).toBe(1);
    expect(ndjson(run.stdout)[1]).toMatchObject({ summary: { outcomeUnknown: 1, retries: 0 } });
  });

  it('re-sends it with --retry-unsafe', async () => {
    scripted([neverAnswer, neverAnswer]);
    const run = await cli(['invoke', 'tencent', 'fn', '--timeout', '300', '--retry-unsafe', '--endpoint', serverUrl]);
    expect(run.code).toBe(0);
    expect(attempts).toBe(3);
  });

  it('stops retrying at --deadline', async () => {
    scripted([neverAnswer, neverAnswer, neverAnswer]);
    const run = await cli(['invoke', 'tencent', 'fn', '--retry-unsafe', '--deadline', '400', '--json', '--endpoint', serverUrl]);
    expect(run.code).toBe(5);
    expect(attempts).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'outcome_unknown', error: { code: 'deadline' } });
  });
});
