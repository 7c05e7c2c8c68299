/** The built CLI, spawned, against an emulator in this process: every exit code of the contract for `aliyun`. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { invocationResultSchema } from '../../src/output/result-schema.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { cleanEnv, runCli, type CliRun } from '../helpers/cli.js';
import { useEmulator } from '../helpers/emulator.js';
import { expectNoSecrets, FAKE } from '../helpers/secrets.js';

let emulator: RunningEmulator;
let sts: RunningEmulator;
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
  sts = await useEmulator({
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
  return ['invoke', 'aliyun', ...args, '--endpoint', emulator.url];
}

/** A server that counts requests, to prove nothing was sent. */
async function withCounter(body: (url: string) => Promise<void>): Promise<number> {
  let requests = 0;
  const counter = createServer((_request, response) => {
    requests += 1;
    response.end();
  });
  await new Promise<void>((resolve) => counter.listen(0, '127.0.0.1', resolve));
  try {
    await body(`http://127.0.0.1:${(counter.address() as AddressInfo).port}`);
  } finally {
    counter.close();
  }
  return requests;
}

describe('fcinvoke invoke aliyun (built CLI)', () => {
  it('prints only the return value on stdout and the summary, log and metrics on stderr', async () => {
    const run = await cli(at('hello', '--event', '{"name":"Ada"}'));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('{"message":"Hello, Ada!"}');
    expect(run.stderr).toMatch(/✔ ok\s+aliyun hello\s+request 1-[0-9a-f]{8}-[0-9a-f]{24}/);
    expect(run.stderr).toContain('saying hello to Ada');
    expect(run.stderr).toMatch(/duration \d+ ms · memory [\d.]+ MiB · instance c-[0-9a-f]+/);
  });

  it('accepts the fc and fc3 aliases', async () => {
    for (const alias of ['fc', 'fc3']) {
      const run = await cli(['invoke', alias, 'echo', '-e', '[1,2]', '--endpoint', emulator.url]);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual([1, 2]);
    }
  });

  it('exits 1 when the function fails, with the error type and message on stderr', async () => {
    const run = await cli(at('fail', '-e', '{"message":"boom"}'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/✖ function error/);
    expect(run.stderr).toMatch(/error: function fail failed UnhandledInvocationError: Error: boom/);
    expect(JSON.parse(run.stdout)).toMatchObject({ errorMessage: 'boom', errorType: 'Error' });
  });

  it('exits 3 for an unknown function, naming the code, status and a hint', async () => {
    const run = await cli(at('no-such-function'));
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /error: aliyun FunctionNotFound: function 'no-such-function' does not exist\. \(HTTP 404, request 1-[0-9a-f]{8}-[0-9a-f]{24}\)/,
    );
    expect(run.stderr).toMatch(/hint: .*--account-id/);
  });

  it('exits 3 for a wrong secret, without printing it', async () => {
    const run = await cli(at('hello'), { env: { ...env, ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'wrong-secret-value-0000' } });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('SignatureNotMatch');
    expect(run.stderr).not.toContain('wrong-secret-value-0000');
  });

  it('exits 3 for an unknown AccessKey ID', async () => {
    const run = await cli(at('hello'), { env: { ...env, ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIunknownKEY' } });
    expect(run.code).toBe(3);
    // The server echoes the key id; it is printed masked, as `config show` masks it.
    expect(run.stderr).toContain("InvalidAccessKeyID: invalid access key ID 'LTA…KEY'");
    expect(run.stderr).not.toContain('LTAIunknownKEY');
  });

  it('sends the STS token from ALIBABA_CLOUD_SECURITY_TOKEN', async () => {
    const stsEnv = { ...env, ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE.aliyun.stsId, ALIBABA_CLOUD_SECURITY_TOKEN: FAKE.aliyun.token };
    const run = await cli(['invoke', 'aliyun', 'hello', '--endpoint', sts.url], { env: stsEnv });
    expect(run.code).toBe(0);
    const { ALIBABA_CLOUD_SECURITY_TOKEN: _token, ...withoutToken } = stsEnv;
    const refused = await cli(['invoke', 'aliyun', 'hello', '--endpoint', sts.url], { env: withoutToken });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('InvalidSecurityToken');
  });

  it('prints one JSON result with every field of the normalized result with --json', async () => {
    const run = await cli(at('hello', '--json', '-q', 'prod', '-e', '{"name":"Ada"}'));
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const parsed = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(
      ['provider', 'function', 'qualifier', 'invocationType', 'status', 'requestId', 'functionRequestId', 'result', 'logs', 'metrics', 'error', 'schemaVersion', 'details'].sort(),
    );
    const result = invocationResultSchema.parse(parsed);
    expect(result.schemaVersion).toBe(2);
    expect(result.details).toMatchObject({ retries: 0, httpStatus: 200, logTruncated: false, executedVersion: 'prod' });
    expect(result.details.instanceId).toMatch(/^c-[0-9a-f]{24}$/);
    expect(result.details.codeChecksum).toMatch(/^\d+$/);
    expect(result.details).not.toHaveProperty('hint');
    expect(result).toMatchObject({
      provider: 'aliyun',
      function: 'hello',
      qualifier: 'prod',
      invocationType: 'sync',
      status: 'ok',
      functionRequestId: null,
      result: { message: 'Hello, Ada!' },
      error: null,
    });
    expect(result.requestId).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(result.logs).toContain('saying hello to Ada');
    expect(result.metrics.durationMs).toBeGreaterThanOrEqual(1);
    expect(result.metrics.billedDurationMs).toBeNull();
    expect(result.metrics.memoryUsedBytes).toBeGreaterThan(1024 * 1024);
    expect(run.stderr).toBe('');
  });

  it('keeps the --json shape for API errors', async () => {
    const run = await cli(at('no-such-function', '--json'));
    expect(run.code).toBe(3);
    const result = invocationResultSchema.parse(JSON.parse(run.stdout));
    expect(result).toMatchObject({ status: 'api_error', result: null, error: { code: 'FunctionNotFound' } });
  });

  it('prints exactly the payload bytes with --raw and nothing on stderr', async () => {
    // echo returns the JSON string as text, which FC sends verbatim: no quotes, no added newline.
    const run = await cli(at('echo', '-e', '"line1\\n  café ✓ \\u0000end"', '--raw'));
    expect(run.code).toBe(0);
    expect(run.stdoutBytes.equals(Buffer.from('line1\n  café ✓ \u0000end', 'utf8'))).toBe(true);
    expect(run.stderr).toBe('');
  });

  it('shows the decoded log tail on stderr and says it was cut', async () => {
    const run = await cli(at('log-flood'));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('log line 0200: the quick brown fox');
    expect(run.stderr).not.toContain('log line 0001');
    expect(run.stderr).toContain('the provider keeps only the tail');
  });

  it('sends --no-log as x-fc-log-type None, so no log comes back', async () => {
    const run = await cli(at('hello', '--no-log', '--json'));
    expect(JSON.parse(run.stdout).logs).toBeNull();
  });

  it('accepts an async invocation (exit 0) and prints its ids', async () => {
    const run = await cli(at('echo', '--async'));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/✔ accepted \(async\)\s+aliyun echo\s+request 1-[0-9a-f]{8}-[0-9a-f]{24}/);
    const withTask = await cli(at('echo', '--async', '--task-id', 'job_42', '--json'));
    expect(withTask.code).toBe(0);
    expect(JSON.parse(withTask.stdout)).toMatchObject({
      invocationType: 'async',
      status: 'ok',
      result: null,
      functionRequestId: 'job_42',
    });
  });

  it('shows the task id FC generated for an --async call without --task-id, with --local too', async () => {
    const run = await cli(['invoke', 'aliyun', 'echo', '--async', '--local', '--json'], { env: cleanEnv() });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'ok', functionRequestId: expect.stringMatching(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/) });
  });

  it('refuses an event over the 128 KB async limit before sending anything', async () => {
    let run: CliRun | undefined;
    const requests = await withCounter(async (url) => {
      run = await cli(['invoke', 'aliyun', 'echo', '--async', '-f', '-', '--endpoint', url], {
        stdin: JSON.stringify({ x: 'a'.repeat(130 * 1024) }),
      });
    });
    expect(run!.code).toBe(2);
    expect(run!.stderr).toMatch(/at most 131072 bytes for async/);
    expect(requests).toBe(0);
  });

  it('exits 2 naming the flag and the variable when the account id is missing', async () => {
    const { ALIBABA_CLOUD_ACCOUNT_ID: _account, ...noAccount } = env;
    const run = await cli(['invoke', 'aliyun', 'hello'], { env: noAccount });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/error: missing Alibaba Cloud account id: use --account-id or set ALIBABA_CLOUD_ACCOUNT_ID/);
  });

  it('exits 2 for an invalid function name and sends nothing', async () => {
    let run: CliRun | undefined;
    const requests = await withCounter(async (url) => {
      run = await cli(['invoke', 'aliyun', '9-bad/name', '--endpoint', url]);
    });
    expect(run!.code).toBe(2);
    expect(run!.stderr).toMatch(/invalid FC function name/);
    expect(requests).toBe(0);
  });

  it('takes --region and --account-id flags over the environment', async () => {
    const run = await cli(at('hello', '--region', 'cn-shanghai', '--account-id', '5555000011112222'), {
      env: cleanEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE.aliyun.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: FAKE.aliyun.secret }),
    });
    expect(run.code).toBe(0);
  });

  it('runs with --local and no credentials or identifiers at all', async () => {
    const run = await cli(['invoke', 'aliyun', 'hello', '--local', '-e', '{"name":"Ada"}'], { env: cleanEnv() });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ message: 'Hello, Ada!' });
    expect(run.stderr).toContain('saying hello to Ada');
  });

  it('reports a function error with --local --json', async () => {
    const run = await cli(['invoke', 'fc', 'fail', '--local', '--json'], { env: cleanEnv() });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      status: 'function_error',
      error: { code: 'UnhandledInvocationError', message: 'Error: this function always fails' },
    });
  });
});
