/** The built CLI, spawned, against an emulator in this process: every exit code of the contract for `huawei`. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { invocationResultSchema } from '../../src/output/result-schema.js';
import { DEMO_IAM_TOKEN } from '../../src/providers/huawei/emulator/verify.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { cleanEnv, runCli, type CliRun } from '../helpers/cli.js';
import { useEmulator } from '../helpers/emulator.js';
import { expectNoSecrets, FAKE } from '../helpers/secrets.js';

let emulator: RunningEmulator;
const runs: CliRun[] = [];
const env = cleanEnv({
  HUAWEICLOUD_SDK_AK: FAKE.huawei.id,
  HUAWEICLOUD_SDK_SK: FAKE.huawei.secret,
  HUAWEICLOUD_SDK_REGION: 'cn-north-4',
  HUAWEICLOUD_SDK_PROJECT_ID: FAKE.huawei.project,
});

beforeAll(async () => {
  emulator = await useEmulator({ env: { HUAWEICLOUD_SDK_AK: FAKE.huawei.id, HUAWEICLOUD_SDK_SK: FAKE.huawei.secret } });
});

afterEach(() => {
  for (const run of runs.splice(0)) {
    expectNoSecrets(run.stdout, run.stderr);
    expect(run.stdout + run.stderr).not.toContain(DEMO_IAM_TOKEN);
  }
});

async function cli(args: string[], options: Parameters<typeof runCli>[1] = {}): Promise<CliRun> {
  const run = await runCli(args, { env, ...options });
  runs.push(run);
  return run;
}

function at(...args: string[]): string[] {
  return ['invoke', 'huawei', ...args, '--endpoint', emulator.url];
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

describe('fcinvoke invoke huawei (built CLI)', () => {
  it('prints only the return value on stdout and the decoded log and metrics on stderr', async () => {
    const run = await cli(at('hello', '--event', '{"name":"Ada"}'));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ message: 'Hello, Ada!' });
    expect(run.stderr).toMatch(/✔ ok\s+huawei hello\s+request [0-9a-f-]{36}/);
    expect(run.stderr).toContain('saying hello to Ada');
    expect(run.stderr).toMatch(/Start invoke request '[0-9a-f-]{36}', version: latest/);
    expect(run.stderr).toMatch(/duration [\d.]+ ms · billed \d+ ms · memory [\d.]+ MiB of 128 MB/);
  });

  it('asks for the v0 or v1 answer with --request-version and reads either (seed: X-CFF-Request-Version)', async () => {
    for (const version of ['v0', 'v1']) {
      const run = await cli(at('hello', '--event', '{"name":"Ada"}', '--request-version', version, '--json'));
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ status: 'ok', result: { message: 'Hello, Ada!' }, qualifier: null });
    }
    const refused = await cli(at('hello', '--request-version', 'v2'));
    expect(refused.code).toBe(2);
  });

  it('accepts the fgs and functiongraph aliases, a full alias URN and --qualifier alias:name', async () => {
    const urn = `urn:fss:cn-north-4:${FAKE.huawei.project}:function:default:echo:!prod`;
    const byUrn = await cli(['invoke', 'fgs', urn, '-e', '{"list":[1,2]}', '--endpoint', emulator.url, '--json']);
    expect(byUrn.code).toBe(0);
    expect(JSON.parse(byUrn.stdout)).toMatchObject({ qualifier: '!prod', result: { list: [1, 2] } });
    const byAlias = await cli(['invoke', 'functiongraph', 'echo', '-q', 'alias:prod', '-e', '{"a":1}', '--endpoint', emulator.url, '--json']);
    expect(JSON.parse(byAlias.stdout)).toMatchObject({ qualifier: '!prod', result: { a: 1 } });
  });

  it('exits 1 when the function fails, with the runtime error on stdout and the error line on stderr', async () => {
    const run = await cli(at('fail'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/✖ function error/);
    expect(run.stderr).toMatch(/error: function fail failed 1: this function always fails/);
    expect(JSON.parse(run.stdout)).toMatchObject({ errorMessage: 'this function always fails', errorType: 'Error' });
  });

  it('exits 3 for an unknown function, naming FSS.1051 and a hint', async () => {
    const run = await cli(at('no-such-function'));
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/error: huawei FSS\.1051: .* \(HTTP 404, request [0-9a-f-]{36}\)/);
    expect(run.stderr).toMatch(/hint: .*--project-id/);
  });

  it('exits 3 for a wrong secret key, without printing it', async () => {
    const run = await cli(at('hello'), { env: { ...env, HUAWEICLOUD_SDK_SK: 'wrong-secret-key-0000' } });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('APIGW.0301');
    expect(run.stderr).toMatch(/hint: IAM authentication failed/);
    expect(run.stderr).not.toContain('wrong-secret-key-0000');
  });

  it('authenticates with an IAM token from HUAWEICLOUD_AUTH_TOKEN, and exits 3 for a bad one', async () => {
    const tokenEnv = cleanEnv({
      HUAWEICLOUD_AUTH_TOKEN: DEMO_IAM_TOKEN,
      HUAWEICLOUD_SDK_REGION: 'cn-north-4',
      HUAWEICLOUD_SDK_PROJECT_ID: FAKE.huawei.project,
    });
    const ok = await cli(at('hello', '--json'), { env: tokenEnv });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ status: 'ok' });
    const bad = await cli(at('hello'), { env: { ...tokenEnv, HUAWEICLOUD_AUTH_TOKEN: 'MIIbadTOKEN' } });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('APIGW.0301');
  });

  it('prints one JSON result with every field of the normalized result with --json', async () => {
    const run = await cli(at('hello', '--json', '-q', 'latest'));
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const parsed = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(
      ['error', 'function', 'functionRequestId', 'invocationType', 'logs', 'metrics', 'provider', 'qualifier', 'requestId', 'result', 'status', 'schemaVersion', 'details'].sort(),
    );
    const result = invocationResultSchema.parse(parsed);
    expect(result.schemaVersion).toBe(2);
    expect(result.details).toMatchObject({ retries: 0, httpStatus: 200, logTruncated: false, memorySizeMb: 128, functionStatus: 200, responseVersion: 'v1' });
    expect(result).toMatchObject({
      provider: 'huawei',
      function: 'hello',
      qualifier: 'latest',
      invocationType: 'sync',
      status: 'ok',
      functionRequestId: null,
      result: { message: 'Hello, world!' },
      error: null,
    });
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.logs).toContain('saying hello to world');
    expect(result.metrics.durationMs).toBeGreaterThan(0);
    expect(result.metrics.billedDurationMs).toBeGreaterThanOrEqual(1);
    expect(result.metrics.memoryUsedBytes).toBeGreaterThan(0);
    expect(run.stderr).toBe('');
  });

  it('says qualifier null with --json when no --qualifier was given (docs/output.md)', async () => {
    const run = await cli(at('hello', '--json'));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ qualifier: null, status: 'ok' });
  });

  it('refuses an event that is not a JSON object with exit 2 and sends nothing (seed Table 3)', async () => {
    const server = await counter();
    for (const event of ['[1,2]', '"text"', '42']) {
      const run = await cli(['invoke', 'huawei', 'echo', '-e', event, '--endpoint', server.url]);
      expect(run.code, event).toBe(2);
      expect(run.stderr).toMatch(/^error: the event must be a JSON object/);
    }
    server.close();
    expect(server.count()).toBe(0);
  });

  it('keeps the --json shape for API errors', async () => {
    const run = await cli(at('no-such-function', '--json'));
    expect(run.code).toBe(3);
    const result = invocationResultSchema.parse(JSON.parse(run.stdout));
    expect(result).toMatchObject({ status: 'api_error', error: { code: 'FSS.1051' }, result: null });
  });

  it('prints exactly the payload with --raw and nothing on stderr', async () => {
    const run = await cli(at('echo', '-e', '{"b": "é", "a": [1, 2]}', '--raw'));
    expect(run.code).toBe(0);
    expect(run.stdoutBytes.equals(Buffer.from('{"b":"é","a":[1,2]}'))).toBe(true);
    expect(run.stderr).toBe('');
  });

  it('shows the 2,000-byte log tail and says it was cut', async () => {
    const run = await cli(at('log-flood'));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('log line 0200');
    expect(run.stderr).not.toContain('log line 0001');
    expect(run.stderr).toContain('the provider keeps only the tail');
  });

  it('sends --no-log without X-Cff-Log-Type, so no log comes back', async () => {
    const run = await cli(at('hello', '--no-log', '--json'));
    expect(JSON.parse(run.stdout).logs).toBeNull();
  });

  it('accepts an async invocation with exit 0 and prints its request id', async () => {
    const human = await cli(at('echo', '--async'));
    expect(human.code).toBe(0);
    expect(human.stdout).toBe('');
    expect(human.stderr).toMatch(/accepted \(async\)\s+huawei echo\s+request [0-9a-f-]{36}/);
    const json = await cli(at('echo', '--async', '--json'));
    expect(JSON.parse(json.stdout)).toMatchObject({ invocationType: 'async', status: 'ok', result: null });
    expect(JSON.parse(json.stdout).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses an event over the 256 KB async limit with exit 2 and sends nothing', async () => {
    const server = await counter();
    const run = await cli(['invoke', 'huawei', 'echo', '--async', '-f', '-', '--endpoint', server.url], {
      stdin: JSON.stringify({ x: 'a'.repeat(257 * 1024) }),
    });
    server.close();
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/at most 262144 bytes for async/);
    expect(server.count()).toBe(0);
  });

  it('exits 2 naming --project-id and HUAWEICLOUD_SDK_PROJECT_ID when the project is missing', async () => {
    const server = await counter();
    const run = await cli(['invoke', 'huawei', 'hello', '--endpoint', server.url], {
      env: { ...env, HUAWEICLOUD_SDK_PROJECT_ID: undefined },
    });
    server.close();
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: missing Huawei Cloud project id: use --project-id or set HUAWEICLOUD_SDK_PROJECT_ID/);
    expect(server.count()).toBe(0);
  });

  it('exits 2 naming --region and HUAWEICLOUD_SDK_REGION when no region is known', async () => {
    const run = await cli(['invoke', 'huawei', 'hello'], { env: { ...env, HUAWEICLOUD_SDK_REGION: undefined } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--region or set HUAWEICLOUD_SDK_REGION/);
  });

  it('runs hello with --local and no credentials at all', async () => {
    const run = await cli(['invoke', 'huawei', 'hello', '--local', '-e', '{"name":"Ada"}'], { env: cleanEnv() });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ message: 'Hello, Ada!' });
    expect(run.stderr).toContain('saying hello to Ada');
  });

  it('reports a failing function with --local too', async () => {
    const run = await cli(['invoke', 'huawei', 'fail', '--local', '--json'], { env: cleanEnv() });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'function_error', error: { code: '1' } });
  });
});
