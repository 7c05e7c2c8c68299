/**
 * Batch mode under faults: whatever the emulator throws, every input line yields exactly one output line, in
 * order, and the summary counts agree with the lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { expectNoSecrets, FAKE } from '../helpers/secrets.js';

const BIN = fileURLToPath(new URL('../../bin/fcinvoke.js', import.meta.url));
const SPEC = 'tencent:http-429@every=4; tencent:http-503@every=6; tencent:reset-mid-body@every=5; tencent:malformed-json@every=7';
let emulator: ChildProcess;
let url: string;

beforeAll(async () => {
  emulator = spawn(process.execPath, [BIN, 'emulator', '--port', '0', '--faults', SPEC, '--seed', '7'], {
    env: cleanEnv({ TENCENTCLOUD_SECRET_ID: FAKE.tencent.id, TENCENTCLOUD_SECRET_KEY: FAKE.tencent.secret }) as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    emulator.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    emulator.once('exit', () => reject(new Error('the emulator exited')));
  });
});

afterAll(() => {
  emulator.kill('SIGINT');
});

const env = cleanEnv({
  TENCENTCLOUD_SECRET_ID: FAKE.tencent.id,
  TENCENTCLOUD_SECRET_KEY: FAKE.tencent.secret,
  TENCENTCLOUD_REGION: 'ap-guangzhou',
});

const STATUS_COUNTS: Record<string, string> = {
  ok: 'ok',
  function_error: 'functionErrors',
  api_error: 'apiErrors',
  transport_error: 'transportErrors',
  outcome_unknown: 'outcomeUnknown',
};

async function batch(extra: string[]) {
  const events = Array.from({ length: 30 }, (_, i) => JSON.stringify({ n: i + 1 })).join('\n');
  const run = await runCli(['invoke', 'tencent', 'echo', '--endpoint', url, '--events-file', '-', '--json', '--concurrency', '4', '--timeout', '5000', ...extra], {
    env,
    stdin: `${events}\n`,
    timeoutMs: 60_000,
  });
  expectNoSecrets(run.stdout, run.stderr);
  const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, any>);
  return { run, results: lines.slice(0, -1), summary: lines.at(-1)!['summary'] as Record<string, any> };
}

describe('a batch against a faulty emulator', () => {
  it('gives exactly one line per input line, in order, and a summary that agrees', async () => {
    const { run, results, summary } = await batch(['--retries', '0']);
    expect(results.map((result) => result['line'])).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(summary['count']).toBe(30);
    const tally: Record<string, number> = {};
    for (const result of results) {
      const key = STATUS_COUNTS[result['status']]!;
      tally[key] = (tally[key] ?? 0) + 1;
    }
    for (const [key, count] of Object.entries(tally)) expect(summary[key], key).toBe(count);
    expect(tally['ok']).toBeGreaterThan(0);
    expect(tally['outcomeUnknown']).toBeGreaterThan(0);
    // 5 (outcome unknown) outranks every other failure here.
    expect(run.code).toBe(5);
    for (const result of results.filter((r) => r['status'] === 'ok')) expect(result['result']).toEqual({ n: result['line'] });
  });

  it('retries the throttled (429) lines but never the ones that may have run, a bare 503 page included', async () => {
    const { results, summary } = await batch(['--retries', '2']);
    expect(results).toHaveLength(30);
    expect(summary['count']).toBe(30);
    expect(summary['retries']).toBeGreaterThan(0);
    // Resets, malformed answers and 503 pages do not prove the function did not run: still unknown, not retried.
    expect(results.some((result) => result['status'] === 'outcome_unknown')).toBe(true);
    const pages503 = results.filter((result) => String(result['error']?.['message'] ?? '').includes('HTTP 503'));
    expect(pages503.length).toBeGreaterThan(0);
    for (const result of pages503) expect(result['status']).toBe('outcome_unknown');
  });
});
