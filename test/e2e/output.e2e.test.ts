/**
 * Where the built CLI's results go and how it ends: `-o` never truncates a file when the call fails, `-o -` and
 * `--raw` pass bytes through, a failed write is exit 74, a closed stdout stops a batch, SIGTERM is 143 and SIGINT
 * 130, and stdin is read only when `-f -` asks for it (through bash, as scripts use it).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { cleanEnv, runCli, type CliRun } from '../helpers/cli.js';
import { useEmulator } from '../helpers/emulator.js';
import { expectNoSecrets, FAKE, fakeCloudVariables } from '../helpers/secrets.js';

const BIN = fileURLToPath(new URL('../../bin/fcinvoke.js', import.meta.url));
const STACK_FRAME = /^\s+at .+\(.+:\d+:\d+\)$/m;
const BINARY = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a, 0x0d, 0x1b, 0xc3, 0x28, 0x7f]);
const env = cleanEnv(fakeCloudVariables());
const runs: CliRun[] = [];
let dir: string;
let emulator: RunningEmulator;

// A server that answers each request as `reply` says (success by default) and counts them.
let server: Server;
let serverUrl = '';
let requests = 0;
let reply: 'ok' | 'never' = 'ok';
let onRequest: (() => void) | undefined;
const OK_BODY = JSON.stringify({
  Response: { Result: { RetMsg: '{"ok":true}', InvokeResult: 0, FunctionRequestId: 'fn-1', Duration: 1, BillDuration: 1 }, RequestId: 'req-ok' },
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fcinvoke-output-'));
  // FC returns a function's bytes as the response body, untouched.
  await writeFile(join(dir, 'bytes.mjs'), `export const handler = () => new Uint8Array([${[...BINARY].join(', ')}]);\n`);
  emulator = await useEmulator({
    functionsDir: dir,
    env: { ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE.aliyun.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: FAKE.aliyun.secret },
  });
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    requests += 1;
    request.resume();
    request.on('end', () => {
      onRequest?.();
      if (reply === 'ok') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(OK_BODY);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

afterEach(() => {
  for (const run of runs.splice(0)) expectNoSecrets(run.stdout, run.stderr);
  reply = 'ok';
  onRequest = undefined;
  requests = 0;
});

async function cli(args: string[], options: Parameters<typeof runCli>[1] = {}): Promise<CliRun> {
  const run = await runCli(args, { env, ...options });
  runs.push(run);
  return run;
}

/** Runs a bash script with `$FCINVOKE` set to the CLI; resolves with its stdout and stderr. */
function bash(script: string, timeoutMs = 20_000): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      ['-c', script],
      { env: { ...(env as NodeJS.ProcessEnv), FCINVOKE: `node ${BIN}` }, cwd: dir, timeout: timeoutMs },
      (error, stdout, stderr) => {
        if (error !== null && error.killed) reject(new Error(`bash timed out: ${stderr}`));
        else resolve({ stdout, stderr });
      },
    );
  });
}

/** Spawns the CLI, sends `signal` once `when` resolves, and collects how it ended. */
async function signalled(
  args: string[],
  signal: NodeJS.Signals,
  when: Promise<void>,
  stdin: 'pipe' | 'ignore' = 'ignore',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: env as NodeJS.ProcessEnv, stdio: [stdin, 'pipe', 'pipe'], cwd: dir });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  await when;
  child.kill(signal);
  const code = await closed;
  runs.push({ code: code ?? -1, stdout, stderr, stdoutBytes: Buffer.from(stdout) });
  return { code, stdout, stderr };
}

/** Resolves when the scripted server has received a request (which it never answers). */
function requestArrives(): Promise<void> {
  reply = 'never';
  return new Promise((resolve) => {
    onRequest = resolve;
  });
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('-o/--output-file (built CLI)', () => {
  it('leaves an existing file untouched when the outcome is unknown (exit 5)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'fcinvoke-keep-'));
    const file = join(out, 'keep.json');
    await writeFile(file, '{"old":true}');
    reply = 'never';
    const run = await cli(['invoke', 'tencent', 'fn', '--endpoint', serverUrl, '--timeout', '300', '-o', file]);
    expect(run.code).toBe(5);
    expect(await readFile(file, 'utf8')).toBe('{"old":true}');
    expect(await readdir(out)).toEqual(['keep.json']);
  });

  it('leaves an existing file untouched when the API refuses the call (exit 3)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'fcinvoke-keep-'));
    const file = join(out, 'keep.json');
    await writeFile(file, '{"old":true}');
    const run = await cli(['invoke', 'tencent', 'nope', '--local', '-o', file], { env: cleanEnv() });
    expect(run.code).toBe(3);
    expect(await readFile(file, 'utf8')).toBe('{"old":true}');
    expect(await readdir(out)).toEqual(['keep.json']);
  });

  it('is exit 74 with one error line when the payload cannot be written (-o /dev/full)', async () => {
    const run = await cli(['invoke', 'tencent', 'hello', '--local', '-o', '/dev/full'], { env: cleanEnv() });
    expect(run.code).toBe(74);
    expect(run.stderr.split('\n').filter((line) => line.startsWith('error:'))).toEqual([
      'error: cannot write --output-file /dev/full: ENOSPC (no space left on device)',
    ]);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it('writes a binary payload byte for byte to a file, to stdout with -o -, and with --raw', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'fcinvoke-bin-')), 'out.bin');
    const args = ['invoke', 'aliyun', 'bytes', '--endpoint', emulator.url];
    const toFile = await cli([...args, '-o', file]);
    expect(toFile.code).toBe(0);
    expect((await readFile(file)).equals(BINARY)).toBe(true);
    const toStdout = await cli([...args, '-o', '-'], { cwd: dir });
    expect(toStdout.code).toBe(0);
    expect(toStdout.stdoutBytes.equals(BINARY)).toBe(true);
    expect(await readdir(dir)).not.toContain('-');
    const raw = await cli([...args, '--raw']);
    expect(raw.stdoutBytes.equals(BINARY)).toBe(true);
  });
});

describe('a failed write to stdout (built CLI)', () => {
  it('is exit 74 with one error line for --json > /dev/full', async () => {
    const { stdout, stderr } = await bash('$FCINVOKE invoke tencent hello --local --json > /dev/full; echo "exit $?"');
    expect(stdout).toBe('exit 74\n');
    expect(stderr).toBe('error: cannot write to standard output: ENOSPC (no space left on device)\n');
  });

  it('keeps the invocation exit code, quietly, when the reader is gone (EPIPE)', async () => {
    const { stdout, stderr } = await bash('$FCINVOKE invoke tencent fail --local --json | (exit 0); echo "exit ${PIPESTATUS[0]}"');
    expect(stdout).toBe('exit 1\n');
    expect(stderr).not.toMatch(/EPIPE|cannot write|internal/);
  });
});

describe('a batch whose reader goes away (built CLI)', () => {
  it('stops starting invocations, says so, and exits with the code of the lines that ran', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'invoke', 'tencent', 'fn', '--repeat', '3000', '--json', '--concurrency', '4', '--endpoint', serverUrl],
      { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    let first = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Like `| head -1`: read the first line, then close the pipe.
    child.stdout.on('data', (chunk: Buffer) => {
      first += chunk.toString();
      if (first.includes('\n')) child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
    runs.push({ code: code ?? -1, stdout: first, stderr, stdoutBytes: Buffer.from(first) });
    expect(JSON.parse(first.split('\n')[0]!)).toMatchObject({ line: 1, status: 'ok' });
    expect(code).toBe(0);
    expect(stderr).toMatch(/^stopped: standard output was closed after [\d,]+ results?; [\d,]+ lines not run$/m);
    expect(requests).toBeGreaterThan(0);
    expect(requests).toBeLessThan(1000);
  });
});

describe('signals (built CLI)', () => {
  it('exits 143 on SIGTERM with the request in flight: one line, no stack, the -o file untouched', async () => {
    const out = await mkdtemp(join(tmpdir(), 'fcinvoke-term-'));
    const file = join(out, 'keep.json');
    await writeFile(file, 'old');
    const run = await signalled(['invoke', 'tencent', 'fn', '--endpoint', serverUrl, '-o', file], 'SIGTERM', requestArrives());
    expect(run.code).toBe(143);
    expect(run.stderr).toBe('error: interrupted\n');
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(out)).toEqual(['keep.json']);
  });

  it('exits 130 on SIGINT with the request in flight', async () => {
    const run = await signalled(['invoke', 'tencent', 'fn', '--endpoint', serverUrl], 'SIGINT', requestArrives());
    expect(run.code).toBe(130);
    expect(run.stderr).toBe('error: interrupted\n');
  });

  it('exits 143 when SIGTERM ends a batch, reporting the lines as interrupted', async () => {
    const run = await signalled(
      ['invoke', 'tencent', 'fn', '--endpoint', serverUrl, '--repeat', '5', '--concurrency', '1', '--json'],
      'SIGTERM',
      requestArrives(),
    );
    expect(run.code).toBe(143);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, any>);
    expect(lines[0]).toMatchObject({ line: 1, status: 'outcome_unknown', error: { code: 'interrupted' } });
    expect(lines.slice(1, 5).map((line) => line['status'])).toEqual(['not_run', 'not_run', 'not_run', 'not_run']);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it('exits 130 on one SIGINT while -f - waits for a stdin that never ends', async () => {
    // Nothing announces that the CLI is waiting on stdin: give it time to start and get there.
    const run = await signalled(['invoke', 'tencent', 'hello', '--local', '-f', '-'], 'SIGINT', delay(1500), 'pipe');
    expect(run.code).toBe(130);
    expect(run.stderr).toBe('error: interrupted\n');
  });
});

describe('a batch reading a stdin that never ends (built CLI)', () => {
  it('ends on one SIGINT with exit 130, saying the rest of stdin was not read', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'invoke', 'tencent', 'hello', '--local', '--events-file', '-'],
      { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // One line, and stdin stays open: interrupt once its result is out.
    child.stdin.write('{"name":"Ada"}\n');
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) child.kill('SIGINT');
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
    clearTimeout(guard);
    runs.push({ code: code ?? -1, stdout, stderr, stdoutBytes: Buffer.from(stdout) });
    expect(code).toBe(130);
    expect(stdout).toBe('{"message":"Hello, Ada!"}\n');
    expect(stderr).toMatch(/^stopped: interrupted; the rest of standard input was not read$/m);
  });
});

describe('standard input (built CLI, through bash)', () => {
  it('is not read without -f -: a stdin that never ends does not hold the call', async () => {
    const { stdout } = await bash(
      '$FCINVOKE invoke tencent hello --local 2>/dev/null < <(exec sleep 30); echo " exit $?"; kill $! 2>/dev/null',
      10_000,
    );
    expect(stdout).toBe('{"message":"Hello, world!"} exit 0\n');
  });

  it('leaves the input of a while-read loop to the loop', async () => {
    const { stdout } = await bash(
      `printf 'a\\nb\\nc\\n' | while read x; do $FCINVOKE invoke tencent hello --local >/dev/null 2>&1; echo "ran $x $?"; done`,
    );
    expect(stdout).toBe('ran a 0\nran b 0\nran c 0\n');
    const withEvent = await bash(
      `printf 'a\\nb\\nc\\n' | while read x; do $FCINVOKE invoke tencent hello --local -e '{}' >/dev/null 2>&1; echo "ran $x $?"; done`,
    );
    expect(withEvent.stdout).toBe('ran a 0\nran b 0\nran c 0\n');
  });

  it('notes a redirected file that was not read, and reads it with -f -', async () => {
    await writeFile(join(dir, 'event.json'), '{"name":"Ada"}');
    const unread = await bash('$FCINVOKE invoke tencent hello --local --raw < event.json');
    expect(unread.stdout).toBe('{"message":"Hello, world!"}');
    expect(unread.stderr).toBe('note: standard input (14 bytes) was not read; the event is {}. Use -f - to send it as the event\n');
    const read = await bash('$FCINVOKE invoke tencent hello --local --raw -f - < event.json');
    expect(read.stdout).toBe('{"message":"Hello, Ada!"}');
    expect(read.stderr).toBe('');
  });
});
