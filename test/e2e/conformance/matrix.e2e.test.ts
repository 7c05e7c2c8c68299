/**
 * The e2e concern of the provider conformance suite: the built CLI, spawned, against one emulator in this
 * process, for every provider row of ./cases.ts: each exit code of the contract (0 ok, 1 function failed,
 * 2 usage/input with nothing sent, 3 API refused, 4 transport, 5 outcome unknown) and each output mode
 * (human, --json, --raw, --async, --no-log, --local). No run prints a secret (checked after every test).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/server.js';
import { invocationResultSchema } from '../../../src/output/result-schema.js';
import { findProvider } from '../../../src/providers/registry.js';
import { cleanEnv } from '../../helpers/cli.js';
import { useEmulator } from '../../helpers/emulator.js';
import { E2E_CASES, type EnvCase } from './cases.js';
import { checkedCli, connectionsDuring, EMULATOR_KEYS } from './harness.js';

const RESULT_FIELDS = [
  'details', 'error', 'function', 'functionRequestId', 'invocationType', 'logs', 'metrics', 'provider', 'qualifier', 'requestId', 'result', 'schemaVersion', 'status',
];

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await useEmulator({ env: EMULATOR_KEYS });
});

/** Each string is in `text`, each pattern matches it. */
function expectSays(text: string, says: ReadonlyArray<string | RegExp>): void {
  for (const said of says) {
    if (typeof said === 'string') expect(text).toContain(said);
    else expect(text).toMatch(said);
  }
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.each(E2E_CASES)('conformance e2e: $id (built CLI)', (row) => {
  const env = cleanEnv(row.env);
  const cli = checkedCli({ env }, row.forbidden);
  const invoke = (name: string, ...args: string[]) => ['invoke', row.id, row.fn(name), ...args];
  const at = (name: string, ...args: string[]) => [...invoke(name, ...args), '--endpoint', emulator.url];
  const refusedWith = async (wrong: EnvCase & { value: string }) => {
    const run = await cli(at('hello'), { env: { ...env, ...wrong.env } });
    expect(run.code).toBe(3);
    expectSays(run.stderr, wrong.stderr);
    expect(run.stdout + run.stderr).not.toContain(wrong.value);
  };

  it('exits 0 printing only the return value on stdout, and the summary, log and metrics on stderr', async () => {
    const run = await cli(at('hello', '--event', '{"name":"Ada"}'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('{"message":"Hello, Ada!"}');
    expectSays(run.stderr, [...row.summary, 'saying hello to Ada']);
  });

  it.each(findProvider(row.id)!.aliases)('accepts the alias %s', async (alias) => {
    const run = await cli(['invoke', alias, row.fn('echo'), '-e', '{"list":[1,2]}', '--endpoint', emulator.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ list: [1, 2] });
  });

  it('exits 1 when the function fails, with the error on stderr and the error JSON on stdout', async () => {
    const run = await cli(at('fail', '-e', row.fail.event));
    expect(run.code).toBe(1);
    expectSays(run.stderr, [/✖ function error/, row.fail.stderr, 'about to fail']);
    expect(JSON.parse(run.stdout)).toMatchObject(row.fail.payload);
  });

  it('exits 3 for an unknown function, naming the code and a hint, with nothing on stdout', async () => {
    const run = await cli(at('no-such-function'));
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expectSays(run.stderr, row.notFound.stderr);
  });

  it('keeps the --json shape for API errors', async () => {
    const run = await cli(at('no-such-function', '--json'));
    expect(run.code).toBe(3);
    const result = invocationResultSchema.parse(JSON.parse(run.stdout));
    expect(result).toMatchObject({ status: 'api_error', result: null, error: { code: row.notFound.code } });
  });

  it('exits 3 for a wrong secret, without printing it', () => refusedWith(row.wrongSecret));

  it('exits 3 for an unknown key id, without printing it whole', () => refusedWith(row.unknownKey));

  it('prints one JSON result with every field of the normalized result with --json', async () => {
    const run = await cli(at('hello', '--json', '-e', '{"name":"Ada"}', ...row.json.args));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toBe('');
    const parsed = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(RESULT_FIELDS);
    const result = invocationResultSchema.parse(parsed);
    expect(result).toMatchObject({
      schemaVersion: 2,
      provider: row.id,
      function: row.fn('hello'),
      qualifier: row.json.qualifier,
      invocationType: 'sync',
      status: 'ok',
      functionRequestId: row.json.functionRequestId ?? null,
      result: { message: 'Hello, Ada!' },
      error: null,
    });
    expect(result.details).toEqual(row.json.details);
    expect(result.requestId).toMatch(row.json.requestId);
    expect(result.logs).toContain('saying hello to Ada');
    expect(Object.keys(result.metrics).sort()).toEqual(['billedDurationMs', 'durationMs', 'memoryUsedBytes']);
    for (const [name, bound] of Object.entries(row.json.metrics)) {
      const value = result.metrics[name as keyof typeof result.metrics];
      if (bound === null) expect(value, name).toBeNull();
      else expect(value, name).toBeGreaterThanOrEqual(bound);
    }
  });

  it('reports the qualifier as null with --json when none was asked for (docs/output.md)', async () => {
    const run = await cli(at('hello', '--json'));
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'ok', qualifier: null, result: { message: 'Hello, world!' } });
  });

  it('prints exactly the payload bytes with --raw and nothing on stderr', async () => {
    const run = await cli(at('echo', '-e', row.raw.event, '--raw'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdoutBytes.equals(row.raw.bytes)).toBe(true);
    expect(run.stderr).toBe('');
  });

  it('asks for no log with --no-log, so none comes back', async () => {
    const json = await cli(at('hello', '--no-log', '--json'));
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).logs).toBeNull();
    const human = await cli(at('hello', '--no-log'));
    expect(human.code).toBe(0);
    expect(human.stderr).not.toContain('saying hello');
  });

  it('accepts an async invocation with exit 0, no payload, and its ids on stderr and in --json', async () => {
    const human = await cli(at('echo', '--async', ...row.async.args));
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toBe('');
    expect(human.stderr).toMatch(row.async.stderr);
    const json = await cli(at('echo', '--async', '--json', ...row.async.args));
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ invocationType: 'async', status: 'ok', result: null, ...row.async.json });
  });

  it('reads the event from stdin with -f -, and never unasked', async () => {
    const run = await cli(at('echo', '-f', '-'), { stdin: '{"from":"stdin"}' });
    expect(JSON.parse(run.stdout)).toEqual({ from: 'stdin' });
    const unasked = await cli(at('echo'), { stdin: '{"from":"stdin"}' });
    expect(JSON.parse(unasked.stdout)).toEqual({});
  });

  it('refuses an event one byte over the async limit with exit 2 and sends nothing', async () => {
    const event = `"${'a'.repeat(row.asyncLimit.bytes - 1)}"`;
    let stderr = '';
    const connections = await connectionsDuring(async (url) => {
      const run = await cli([...invoke('echo', '--async', '-f', '-'), '--endpoint', url], { stdin: event });
      expect(run.code).toBe(2);
      stderr = run.stderr;
    });
    expect(stderr).toMatch(row.asyncLimit.stderr);
    expect(connections).toBe(0);
  });

  it('exits 2 with one error line and sends nothing for invalid event JSON', async () => {
    let stderr = '';
    const connections = await connectionsDuring(async (url) => {
      const run = await cli([...invoke('hello', '-e', '{"name":'), '--endpoint', url]);
      expect(run.code).toBe(2);
      stderr = run.stderr;
    });
    expect(stderr).toMatch(/^error: invalid event JSON in --event at line 1, column 9: /);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(connections).toBe(0);
  });

  it('exits 2 for an invalid function name, sending nothing', async () => {
    let stderr = '';
    const connections = await connectionsDuring(async (url) => {
      const run = await cli(['invoke', row.id, '9-bad/name!', '--endpoint', url]);
      expect(run.code).toBe(2);
      stderr = run.stderr;
    });
    expect(stderr).toMatch(row.invalidName);
    expect(connections).toBe(0);
  });

  it('shows the decoded log tail on stderr and says it was cut', async () => {
    const run = await cli(at('log-flood'));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('log line 0200: the quick brown fox');
    expect(run.stderr).not.toContain('log line 0001');
    expect(run.stderr).toContain('the provider keeps only the tail');
  });

  it.each(row.missing.map((missing) => [Object.keys(missing.env).join(', '), missing] as const))(
    'exits 2 naming what is missing without %s, sends nothing and shows no stack',
    async (_names, missing) => {
      let stderr = '';
      const connections = await connectionsDuring(async (url) => {
        const run = await cli([...invoke('hello'), '--endpoint', url], { env: { ...env, ...missing.env } });
        expect(run.code).toBe(2);
        stderr = run.stderr;
      });
      expectSays(stderr, missing.stderr);
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(connections).toBe(0);
    },
  );

  it('exits 4 when nothing is listening, with a transport_error in --json', async () => {
    const run = await cli([...invoke('hello', '--json'), '--endpoint', `http://127.0.0.1:${await closedPort()}`]);
    expect(run.code).toBe(4);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'transport_error', error: { code: 'ECONNREFUSED' } });
  });

  it('exits 5 when the function outlasts --timeout, as the outcome is unknown', async () => {
    const run = await cli(at('sleep', '-e', '{"ms":3000}', '--timeout', '500'));
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/outcome unknown/);
    expect(run.stderr).toMatch(/hint: the request was sent, so the function may have run/);
  });

  it('runs hello with --local and no credentials or identifiers at all', async () => {
    const run = await cli(invoke('hello', '--local', '-e', '{"name":"Ada"}'), { env: cleanEnv() });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ message: 'Hello, Ada!' });
    expect(run.stderr).toContain('saying hello to Ada');
  });

  it('reports a failing function with --local --json too', async () => {
    const run = await cli(invoke('fail', '--local', '--json'), { env: cleanEnv() });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ provider: row.id, status: 'function_error', error: row.fail.localError });
  });
});
