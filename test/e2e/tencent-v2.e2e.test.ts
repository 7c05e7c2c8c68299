/**
 * The built CLI, spawned, against the emulator's legacy SCF v2 API (providers.md §2): exit codes, stdout/stderr
 * separation, --json/--raw/--async/--local, the 1 MB event limit, and no secret (or SecretId/Signature) printed.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { cleanEnv, runCli, type CliRun } from '../helpers/cli.js';
import { useEmulator } from '../helpers/emulator.js';
import { expectNoSecrets, FAKE } from '../helpers/secrets.js';

const TEMPORARY_ID = 'AKIDEXAMPLEfcinvokeTEMPORARY00000001';
let emulator: RunningEmulator;
let tokenEmulator: RunningEmulator;
const runs: CliRun[] = [];

const env = (extra: Record<string, string> = {}) =>
  cleanEnv({
    TENCENTCLOUD_SECRET_ID: FAKE.tencent.id,
    TENCENTCLOUD_SECRET_KEY: FAKE.tencent.secret,
    TENCENTCLOUD_REGION: 'ap-guangzhou',
    ...extra,
  });

/** Runs the CLI and keeps the run so afterEach can check it for secrets. */
async function cli(argv: string[], options: Parameters<typeof runCli>[1] = {}): Promise<CliRun> {
  const run = await runCli(argv, { env: env(), ...options });
  runs.push(run);
  return run;
}

const invoke = (fn: string, ...rest: string[]) => ['invoke', 'tencent-v2', fn, '--endpoint', emulator.url, ...rest];

beforeAll(async () => {
  emulator = await useEmulator({
    env: { TENCENTCLOUD_SECRET_ID: FAKE.tencent.id, TENCENTCLOUD_SECRET_KEY: FAKE.tencent.secret },
  });
  tokenEmulator = await useEmulator({
    env: {
      TENCENTCLOUD_SECRET_ID: TEMPORARY_ID,
      TENCENTCLOUD_SECRET_KEY: FAKE.tencent.secret,
      TENCENTCLOUD_SESSION_TOKEN: FAKE.tencent.token,
    },
  });
});

afterEach(() => {
  for (const run of runs.splice(0)) {
    expectNoSecrets(run.stdout, run.stderr);
    // The legacy API carries SecretId and Signature in the form: neither may be echoed.
    expect(run.stdout + run.stderr).not.toContain(FAKE.tencent.id);
    expect(run.stdout + run.stderr).not.toMatch(/Signature=/);
  }
});

describe('fcinvoke invoke tencent-v2 (built CLI)', () => {
  it('prints only the payload on stdout and exits 0 for a successful call, with the decoded log on stderr', async () => {
    const run = await cli(invoke('hello', '-e', '{"name":"Ada"}'));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('{"message":"Hello, Ada!"}');
    expect(run.stderr).toContain('saying hello to Ada');
    expect(run.stderr).toMatch(/ok.*tencent-v2 hello/);
  });

  it('accepts the scf-v2 alias, a short region code and HmacSHA1', async () => {
    const run = await cli(['invoke', 'scf-v2', 'hello', '--endpoint', emulator.url, '--region', 'gz', '--signature-method', 'HmacSHA1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('{"message":"Hello, world!"}');
  });

  it('leaves the log out with --no-log', async () => {
    const run = await cli(invoke('hello', '--no-log'));
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('saying hello');
  });

  it('exits 1 for a function error and says why on stderr', async () => {
    const run = await cli(invoke('fail', '-e', '{"message":"boom"}'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('function fail failed FunctionError.430: boom');
    expect(run.stderr).toContain('about to fail');
  });

  it('exits 3 with code 5000 and a hint for an unknown function', async () => {
    const run = await cli(invoke('no-such-function'));
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('tencent-v2 5000');
    expect(run.stderr).toMatch(/hint: .*--region/);
  });

  it('exits 3 with code 4100 for a wrong secret key', async () => {
    const run = await cli(invoke('hello'), { env: env({ TENCENTCLOUD_SECRET_KEY: 'not-the-right-secret' }) });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('tencent-v2 4100');
    expect(run.stderr).not.toContain('not-the-right-secret');
  });

  it('exits 3 with code 4104 for an unknown SecretId', async () => {
    const run = await cli(invoke('hello'), { env: env({ TENCENTCLOUD_SECRET_ID: 'AKIDunknownKEY000000000000000000' }) });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('tencent-v2 4104');
    expect(run.stderr).not.toContain('AKIDunknownKEY');
  });

  it('prints one JSON object with every field of the normalized result under --json', async () => {
    const run = await cli(invoke('hello', '-e', '{"name":"Ada"}', '--json'));
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(result).sort()).toEqual(
      ['error', 'function', 'functionRequestId', 'invocationType', 'logs', 'metrics', 'provider', 'qualifier', 'requestId', 'result', 'status', 'schemaVersion', 'details'].sort(),
    );
    expect(result['schemaVersion']).toBe(2);
    expect(result['details']).toEqual({ retries: 0, httpStatus: 200, logTruncated: false });
    expect(result).toMatchObject({
      provider: 'tencent-v2',
      function: 'hello',
      qualifier: null,
      invocationType: 'sync',
      status: 'ok',
      functionRequestId: null,
      result: { message: 'Hello, Ada!' },
      error: null,
    });
    expect(result['requestId']).toMatch(/^[0-9a-f-]{36}$/);
    expect(result['logs']).toContain('saying hello to Ada');
    const metrics = result['metrics'] as Record<string, unknown>;
    expect(Object.keys(metrics).sort()).toEqual(['billedDurationMs', 'durationMs', 'memoryUsedBytes']);
    expect(metrics['memoryUsedBytes']).toBeGreaterThan(0);
  });

  it('prints the API error in --json with the legacy code verbatim', async () => {
    const run = await cli(invoke('no-such-function', '--json'));
    expect(run.code).toBe(3);
    const result = JSON.parse(run.stdout) as { status: string; error: { code: string; message: string } };
    expect(result.status).toBe('api_error');
    expect(result.error.code).toBe('5000');
  });

  it('writes the payload byte for byte under --raw with nothing on stderr', async () => {
    const event = '{"name":"Ada","emoji":"🚀","text":"a\\u0000b – ü"}';
    const run = await cli(invoke('echo', '--raw', '-e', event));
    expect(run.code).toBe(0);
    expect(run.stdoutBytes.equals(Buffer.from(JSON.stringify(JSON.parse(event)), 'utf8'))).toBe(true);
    expect(run.stderr).toBe('');
  });

  it('exits 0 for --async, prints no payload and shows the request id', async () => {
    const run = await cli(invoke('hello', '--async'));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/accepted \(async\).*request [0-9a-f-]{36}/);
  });

  it('passes the session token, and without it the temporary key is refused with 4105', async () => {
    const tokenEnv = env({ TENCENTCLOUD_SECRET_ID: TEMPORARY_ID, TENCENTCLOUD_SESSION_TOKEN: FAKE.tencent.token });
    const argv = ['invoke', 'tencent-v2', 'hello', '--endpoint', tokenEmulator.url];
    const ok = await cli(argv, { env: tokenEnv });
    expect(ok.code).toBe(0);
    const { TENCENTCLOUD_SESSION_TOKEN: _token, ...withoutToken } = tokenEnv;
    const refused = await cli(argv, { env: withoutToken });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('tencent-v2 4105');
  });

  it('exits 2 naming --region and TENCENTCLOUD_REGION when no region is set', async () => {
    const { TENCENTCLOUD_REGION: _region, ...noRegion } = env();
    const run = await cli(invoke('hello'), { env: noRegion });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--region.*TENCENTCLOUD_REGION/);
  });

  it('exits 2 for --qualifier, which the legacy API does not have', async () => {
    const run = await cli(invoke('hello', '--qualifier', '1'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--qualifier is not supported');
  });
});

describe('the 1 MB event limit', () => {
  let hits = 0;
  let url = '';
  const server = createServer((request, response) => {
    hits += 1;
    request.resume();
    response.end('{"code":0,"data":{}}');
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each([[[]], [['--async']]])('exits 2 and sends nothing for an event one byte over 1 MB (%j)', async (flags) => {
    const dir = await mkdtemp(join(tmpdir(), 'fcinvoke-v2-e2e-'));
    const file = join(dir, 'big.json');
    await writeFile(file, `"${'a'.repeat(1024 * 1024 - 1)}"`);
    const run = await cli(['invoke', 'tencent-v2', 'echo', '--endpoint', url, '--event-file', file, ...flags]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('1048577 bytes');
    expect(hits).toBe(0);
  });
});

describe('--local', () => {
  it('invokes a built-in on the in-process emulator with demo credentials', async () => {
    const run = await cli(['invoke', 'tencent-v2', 'hello', '--local', '-e', '{"name":"Local"}'], { env: cleanEnv() });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('{"message":"Hello, Local!"}');
    expect(run.stderr).toContain('saying hello to Local');
  });

  it('runs an async invocation and a failing function locally', async () => {
    const accepted = await cli(['invoke', 'tencent-v2', 'sleep', '--local', '--async', '-e', '{"ms":1}'], { env: cleanEnv() });
    expect(accepted.code).toBe(0);
    const failed = await cli(['invoke', 'tencent-v2', 'fail', '--local'], { env: cleanEnv() });
    expect(failed.code).toBe(1);
  });
});
