/** The built CLI, spawned, against an emulator in this process: every exit code of the contract for `tencent`. */
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { invocationResultSchema } from '../../src/output/result-schema.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { cleanEnv, runCli, type CliRun } from '../helpers/cli.js';
import { useEmulator } from '../helpers/emulator.js';
import { expectNoSecrets, FAKE } from '../helpers/secrets.js';

let emulator: RunningEmulator;
const runs: CliRun[] = [];
const env = cleanEnv({
  TENCENTCLOUD_SECRET_ID: FAKE.tencent.id,
  TENCENTCLOUD_SECRET_KEY: FAKE.tencent.secret,
  TENCENTCLOUD_REGION: 'ap-guangzhou',
});

beforeAll(async () => {
  emulator = await useEmulator({
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

function at(...args: string[]): string[] {
  return ['invoke', 'tencent', ...args, '--endpoint', emulator.url];
}

describe('fcinvoke invoke tencent (built CLI)', () => {
  it('prints only the return value on stdout and the summary on stderr', async () => {
    const run = await cli(at('hello', '--event', '{"name":"Ada"}'));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ message: 'Hello, Ada!' });
    expect(run.stderr).toMatch(/✔ ok\s+tencent hello/);
    expect(run.stderr).toContain('saying hello to Ada');
    expect(run.stderr).toMatch(/duration [\d.]+ ms · billed \d+ ms · memory [\d.]+ MiB/);
  });

  it('accepts the scf alias and the region from TENCENTCLOUD_REGION', async () => {
    const run = await cli(['invoke', 'scf', 'echo', '-e', '[1,2]', '--endpoint', emulator.url]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([1, 2]);
  });

  it('invokes without any region (seed 000: Region is not required), sending no X-TC-Region', async () => {
    const run = await cli([...at('hello', '--json'), '--debug'], { env: { ...env, TENCENTCLOUD_REGION: undefined } });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'ok', result: { message: 'Hello, world!' } });
    expect(run.stderr).toMatch(/debug: \{"method":"POST"/);
    expect(run.stderr).not.toContain('X-TC-Region');
  });

  it('exits 1 when the function fails, with the error on stderr', async () => {
    const run = await cli(at('fail'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/✖ function error/);
    expect(run.stderr).toMatch(/error: function fail failed FunctionError\.430: this function always fails/);
    expect(JSON.parse(run.stdout)).toMatchObject({ errorMessage: 'this function always fails' });
    // Only the function's own frame, none of the emulator's, even from the bundled build.
    expect(run.stderr.match(/^ {4}at /gm)).toHaveLength(1);
  });

  it('exits 3 for an unknown function, naming the code and a hint', async () => {
    const run = await cli(at('no-such-function'));
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/error: tencent ResourceNotFound\.Function: .* \(request [0-9a-f-]{36}\)/);
    expect(run.stderr).toMatch(/hint: .*--namespace/);
  });

  it('exits 3 for wrong credentials', async () => {
    const run = await cli(at('hello'), { env: { ...env, TENCENTCLOUD_SECRET_KEY: 'wrong-secret-key-0000' } });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('AuthFailure.SignatureFailure');
    expect(run.stderr).not.toContain('wrong-secret-key-0000');
  });

  it('exits 2 for invalid event JSON and sends nothing', async () => {
    let requests = 0;
    const counter = createServer((_request, response) => {
      requests += 1;
      response.end();
    });
    await new Promise<void>((resolve) => counter.listen(0, '127.0.0.1', resolve));
    const port = (counter.address() as AddressInfo).port;
    const run = await cli(['invoke', 'tencent', 'hello', '-e', '{"name":', '--endpoint', `http://127.0.0.1:${port}`]);
    counter.close();
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: invalid event JSON in --event at line 1, column 9: /);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(requests).toBe(0);
  });

  it('exits 2 with one line when credentials are missing', async () => {
    const run = await cli(at('hello'), { env: cleanEnv({ TENCENTCLOUD_REGION: 'ap-guangzhou' }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: missing Tencent Cloud credentials: set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 4 when nothing is listening', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const run = await cli(['invoke', 'tencent', 'hello', '--endpoint', `http://127.0.0.1:${port}`, '--json']);
    expect(run.code).toBe(4);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'transport_error', error: { code: 'ECONNREFUSED' } });
  });

  it('exits 5 when the function outlasts --timeout, as the outcome is unknown', async () => {
    const run = await cli(at('sleep', '-e', '{"ms":3000}', '--timeout', '500'));
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/outcome unknown/);
    expect(run.stderr).toMatch(/hint: the request was sent, so the function may have run/);
  });

  it('prints one JSON result that matches the schema with --json', async () => {
    const run = await cli(at('hello', '--json', '-q', '$LATEST', '--namespace', 'default'));
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const result = invocationResultSchema.parse(JSON.parse(run.stdout));
    expect(result).toMatchObject({
      provider: 'tencent',
      function: 'hello',
      qualifier: '$LATEST',
      invocationType: 'sync',
      status: 'ok',
      result: { message: 'Hello, world!' },
      error: null,
    });
    expect(result.logs).toContain('saying hello to world');
    expect(result.metrics.billedDurationMs).toBeGreaterThanOrEqual(1);
    expect(run.stderr).toBe('');
  });

  it('keeps the --json shape for failures', async () => {
    const run = await cli(at('no-such-function', '--json'));
    expect(run.code).toBe(3);
    const result = invocationResultSchema.parse(JSON.parse(run.stdout));
    expect(result).toMatchObject({ status: 'api_error', error: { code: 'ResourceNotFound.Function' } });
  });

  it('prints exactly the payload with --raw and nothing else', async () => {
    const run = await cli(at('echo', '-e', '{"b": "é", "a": [1, 2]}', '--raw'));
    expect(run.code).toBe(0);
    expect(run.stdoutBytes.equals(Buffer.from('{"b":"é","a":[1,2]}'))).toBe(true);
    expect(run.stderr).toBe('');
  });

  it("reads the event from stdin with -f -, and never unasked", async () => {
    const run = await cli(at('echo', '-f', '-'), { stdin: '{"from":"stdin"}' });
    expect(JSON.parse(run.stdout)).toEqual({ from: 'stdin' });
    const unasked = await cli(at('echo'), { stdin: '{"from":"stdin"}' });
    expect(JSON.parse(unasked.stdout)).toEqual({});
  });

  it('reads the event from --event-file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fcinvoke-'));
    const file = join(dir, 'event.json');
    await writeFile(file, '{\n  "from": "file"\n}\n');
    const run = await cli(at('echo', '-f', file));
    expect(JSON.parse(run.stdout)).toEqual({ from: 'file' });
  });

  it('accepts an async invocation and prints its execution id', async () => {
    const run = await cli(at('echo', '--async', '--json'));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ invocationType: 'async', status: 'ok', result: null });
    expect(JSON.parse(run.stdout).functionRequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends --no-log as LogType None, so no log comes back', async () => {
    const run = await cli(at('hello', '--no-log', '--json'));
    expect(JSON.parse(run.stdout).logs).toBeNull();
  });

  it('refuses an event over the 128 KB async limit before sending', async () => {
    const run = await cli(at('echo', '--async', '-f', '-'), { stdin: JSON.stringify({ x: 'a'.repeat(130 * 1024) }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/at most 131072 bytes/);
  });

  it('runs the main job with --local and no credentials at all', async () => {
    const run = await cli(['invoke', 'tencent', 'hello', '--local', '-e', '{"name":"Ada"}'], { env: cleanEnv() });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ message: 'Hello, Ada!' });
  });

  it('exits 2 with a suggestion for an unknown provider', async () => {
    const run = await cli(['invoke', 'tencnet', 'hello']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("did you mean 'tencent'?");
  });

  it('keeps the exit code and prints no error when stdout is closed early', () => {
    const bin = new URL('../../bin/fcinvoke.js', import.meta.url).pathname;
    const out = execFileSync('bash', ['-c', `node '${bin}' invoke tencent fail --local | head -c0; echo "exit \${PIPESTATUS[0]}"`], {
      env: cleanEnv() as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    }).toString();
    expect(out.trim()).toBe('exit 1');
  });

  it('refuses a name with control characters in one escaped line, and cuts a huge one', async () => {
    const run = await cli(['invoke', 'tencent', 'he\u001b[31mllo', '--local']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("invalid SCF function name 'he\\x1b[31mllo'");
    expect(run.stderr).not.toContain('\u001b');
    const long = await cli(['invoke', 'tencent', 'a'.repeat(5000), '--local']);
    expect(long.code).toBe(2);
    expect(long.stderr.trim().split('\n')).toHaveLength(1);
    expect(long.stderr.length).toBeLessThan(500);
  });

  it('shows the exit codes in --help', async () => {
    const run = await cli(['invoke', '--help']);
    expect(run.code).toBe(0);
    for (const code of ['0', '1', '2', '3', '4', '5', '70', '130']) expect(run.stdout).toMatch(new RegExp(`^\\s+${code}  `, 'm'));
  });
});
