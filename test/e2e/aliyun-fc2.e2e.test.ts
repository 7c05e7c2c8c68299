/** The built CLI, spawned, against an emulator in this process: the exit-code contract for `aliyun-fc2`. */
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
let stsEmulator: RunningEmulator;
const runs: CliRun[] = [];
const env = cleanEnv({
  ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE.aliyun.id,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: FAKE.aliyun.secret,
  ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou',
  ALIBABA_CLOUD_ACCOUNT_ID: FAKE.aliyun.account,
});

beforeAll(async () => {
  emulator = await useEmulator({
    env: { ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE.aliyun.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: FAKE.aliyun.secret },
  });
  stsEmulator = await useEmulator({
    env: {
      ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE.aliyun.stsId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: FAKE.aliyun.secret,
      ALIBABA_CLOUD_SECURITY_TOKEN: FAKE.aliyun.token,
    },
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
  return ['invoke', 'fc2', ...args, '--endpoint', emulator.url];
}

/** A server that counts requests, to prove nothing was sent. */
async function counter(): Promise<{ url: string; count: () => number; close: () => void }> {
  let requests = 0;
  const server = createServer((_request, response) => {
    requests += 1;
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    count: () => requests,
    close: () => server.close(),
  };
}

describe('fcinvoke invoke aliyun-fc2 (built CLI)', () => {
  it('prints only the return value on stdout and the decoded log and metrics on stderr', async () => {
    const run = await cli(at('demo/hello', '--event', '{"name":"Ada"}'));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('{"message":"Hello, Ada!"}');
    expect(run.stderr).toMatch(/✔ ok\s+aliyun-fc2 demo\/hello\s+request [0-9a-f-]{36}/);
    expect(run.stderr).toContain('saying hello to Ada');
    expect(run.stderr).toMatch(/FC Invoke Start RequestId: [0-9a-f-]{36}/);
    expect(run.stderr).toMatch(/duration \d+ ms · memory [\d.]+ MiB · instance c-[0-9a-f]{24}/);
  });

  it('accepts the aliyun-fc2 id, a bare name with --service and a qualifier', async () => {
    const run = await cli([
      'invoke', 'aliyun-fc2', 'echo', '--service', 'any_service', '-q', '3', '-e', '[1,"二"]', '--endpoint', emulator.url,
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([1, '二']);
    expect(run.stderr).toContain('echo:3');
  });

  it('reports the qualifier asked for with --json: null when none, not the version FC says ran', async () => {
    const none = await cli(at('demo/hello', '--json'));
    expect(JSON.parse(none.stdout)).toMatchObject({ status: 'ok', qualifier: null });
    const asked = await cli(at('demo/hello', '--json', '-q', 'prod'));
    expect(JSON.parse(asked.stdout)).toMatchObject({ status: 'ok', qualifier: 'prod' });
  });

  it('exits 1 when the function fails, with the error on stderr and the error JSON on stdout', async () => {
    const run = await cli(at('demo/fail'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/✖ function error/);
    expect(run.stderr).toMatch(/error: function demo\/fail failed UnhandledInvocationError: this function always fails/);
    expect(run.stderr).toContain('about to fail');
    expect(JSON.parse(run.stdout)).toMatchObject({ errorMessage: 'this function always fails', errorType: 'Error' });
  });

  it('exits 3 for an unknown function, naming the code, the HTTP status and a hint', async () => {
    const run = await cli(at('demo/no-such-function'));
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /error: aliyun-fc2 FunctionNotFound: function 'no-such-function' does not exist in service 'demo' \(HTTP 404, request [0-9a-f-]{36}\)/,
    );
    expect(run.stderr).toMatch(/hint: no such function in this service/);
  });

  it('exits 3 with SignatureNotMatch for a wrong secret, without printing it', async () => {
    const run = await cli(at('demo/hello'), { env: { ...env, ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'wrong-secret-key-0000' } });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('SignatureNotMatch');
    expect(run.stderr).toMatch(/hint: .*ALIBABA_CLOUD_ACCESS_KEY_SECRET/);
    expect(run.stderr).not.toContain('wrong-secret-key-0000');
  });

  it('exits 3 with InvalidAccessKeyID for an unknown key', async () => {
    const run = await cli(at('demo/hello'), { env: { ...env, ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIunknown0000' } });
    expect(run.code).toBe(3);
    // The server echoes the key id; it is printed masked, as `config show` masks it.
    expect(run.stderr).toContain("InvalidAccessKeyID: invalid access key ID 'LTA…000'");
    expect(run.stderr).not.toContain('LTAIunknown0000');
  });

  it('prints one JSON result with every field of the normalized result with --json', async () => {
    const run = await cli(at('demo/hello', '--json', '-q', 'LATEST'));
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const parsed = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(
      ['error', 'function', 'functionRequestId', 'invocationType', 'logs', 'metrics', 'provider', 'qualifier', 'requestId', 'result', 'status', 'schemaVersion', 'details'].sort(),
    );
    const result = invocationResultSchema.parse(parsed);
    expect(result.schemaVersion).toBe(2);
    expect(result.details).toMatchObject({ retries: 0, httpStatus: 200, logTruncated: false });
    expect(result.details.instanceId).toEqual(expect.any(String));
    expect(result.details.codeChecksum).toMatch(/^\d+$/);
    expect(result).toMatchObject({
      provider: 'aliyun-fc2',
      function: 'demo/hello',
      qualifier: 'LATEST',
      invocationType: 'sync',
      status: 'ok',
      functionRequestId: null,
      result: { message: 'Hello, world!' },
      error: null,
    });
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.logs).toContain('saying hello to world');
    expect(result.metrics.durationMs).toBeGreaterThanOrEqual(1);
    expect(result.metrics.billedDurationMs).toBeNull();
    // X-Fc-Max-Memory-Usage is in MB; the result is in bytes.
    expect(result.metrics.memoryUsedBytes).toBeGreaterThan(1024 * 1024);
    expect(run.stderr).toBe('');
  });

  it('keeps the --json shape for API errors', async () => {
    const run = await cli(at('demo/no-such-function', '--json'));
    expect(run.code).toBe(3);
    const result = invocationResultSchema.parse(JSON.parse(run.stdout));
    expect(result).toMatchObject({ status: 'api_error', error: { code: 'FunctionNotFound' }, result: null });
  });

  it('prints exactly the payload with --raw and nothing on stderr', async () => {
    const run = await cli(at('demo/echo', '-e', '{"b": "é", "a": [1, 2]}', '--raw'));
    expect(run.code).toBe(0);
    expect(run.stdoutBytes.equals(Buffer.from('{"b":"é","a":[1,2]}'))).toBe(true);
    expect(run.stderr).toBe('');
  });

  it('accepts an async invocation and prints its request id and task id', async () => {
    const run = await cli(at('demo/echo', '--async', '--task-id', 'job_42'));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/accepted \(async\)\s+aliyun-fc2 demo\/echo\s+request [0-9a-f-]{36}\s+execution job_42/);
  });

  it('reports an async invocation as ok with null result in --json', async () => {
    const run = await cli(at('demo/echo', '--async', '--json'));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ invocationType: 'async', status: 'ok', result: null, logs: null });
  });

  it('sends --no-log as log type None, so no log comes back', async () => {
    const run = await cli(at('demo/hello', '--no-log', '--json'));
    expect(JSON.parse(run.stdout).logs).toBeNull();
  });

  it('refuses an event over the 128 KB async limit with exit 2 and sends nothing', async () => {
    const server = await counter();
    const dir = await mkdtemp(join(tmpdir(), 'fcinvoke-fc2-'));
    const file = join(dir, 'big.json');
    await writeFile(file, JSON.stringify({ x: 'a'.repeat(130 * 1024) }));
    const run = await cli(['invoke', 'fc2', 'demo/echo', '--async', '-f', file, '--endpoint', server.url]);
    server.close();
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/FC accepts at most 131072 bytes for async invocations/);
    expect(server.count()).toBe(0);
  });

  it('exits 2 naming --service when the function has no service', async () => {
    const server = await counter();
    const run = await cli(['invoke', 'fc2', 'hello', '--endpoint', server.url]);
    server.close();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--service');
    expect(server.count()).toBe(0);
  });

  it('exits 2 naming --account-id and ALIBABA_CLOUD_ACCOUNT_ID when the account is missing', async () => {
    const run = await cli(['invoke', 'fc2', 'demo/hello'], { env: { ...env, ALIBABA_CLOUD_ACCOUNT_ID: undefined } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--account-id');
    expect(run.stderr).toContain('ALIBABA_CLOUD_ACCOUNT_ID');
  });

  it('signs with STS keys and the security token from the environment, and never prints the token', async () => {
    const run = await cli(['invoke', 'fc2', 'demo/hello', '--endpoint', stsEmulator.url, '--debug'], {
      env: {
        ...env,
        ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE.aliyun.stsId,
        ALIBABA_CLOUD_SECURITY_TOKEN: FAKE.aliyun.token,
      },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('x-fc-security-token');
    expect(JSON.parse(run.stdout)).toEqual({ message: 'Hello, world!' });
  });

  it('runs with --local and no credentials at all', async () => {
    const run = await cli(['invoke', 'fc2', 'my-service/hello', '--local', '-e', '{"name":"Ada"}'], { env: cleanEnv() });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ message: 'Hello, Ada!' });
    expect(run.stderr).toContain('saying hello to Ada');
  });

  it('exits 1 for a failing function with --local too', async () => {
    const run = await cli(['invoke', 'fc2', 'svc/fail', '--local', '--json'], { env: cleanEnv() });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'function_error', error: { code: 'UnhandledInvocationError' } });
  });
});
