/**
 * The disk cache of temporary credentials across processes, through the built library (dist/index.js): a CI-style
 * loop of one-off processes makes one exchange, and processes racing to write the same entry leave one whole,
 * private entry. Each process gets its credentials from `createCredentialProvider` with a stand-in exchange that
 * hands out keys the test's emulator issued (and appends a mark to a counter file), then invokes with them.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CredentialIssuer } from '../../src/emulator/credentials/issuer.js';
import { useEmulator } from '../helpers/emulator.js';
import { tempDir } from '../helpers/exchange.js';
import { expectNoSecrets } from '../helpers/secrets.js';

const LIBRARY = new URL('../../dist/index.js', import.meta.url).href;
const emulator = await useEmulator();
const issued = new CredentialIssuer().issueKeys('aliyun', 3600);

/** One process: credentials from the provider (cache or stand-in exchange), one invocation, its status on stdout. */
const DRIVER = `
const lib = await import(process.env.FCI_LIBRARY);
const { appendFileSync } = await import('node:fs');
const keys = JSON.parse(process.env.FCI_KEYS);
const source = { kind: 'web-identity', cloud: 'aliyun', origin: 'test', roleArn: 'acs:ram::1234567890123456:role/ci', providerId: 'github', tokenFile: '/run/oidc/token' };
const exchange = async () => {
  appendFileSync(process.env.FCI_COUNTER, 'x');
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.FCI_EXCHANGE_MS)));
  return { ...keys, expiresAt: new Date(keys.expiresAt) };
};
const provider = await lib.createCredentialProvider(source, {
  env: process.env, home: undefined, warn: (text) => process.stderr.write(text + '\\n'), exchangeFor: async () => exchange,
});
const answer = await provider.get();
const aliyun = await lib.findProvider('aliyun').load();
const input = lib.createInvokeInput(aliyun, { functionName: 'hello', endpoint: process.env.FCI_EMULATOR, region: 'cn-hangzhou', accountId: '1234567890123456' });
const result = await lib.invoke(aliyun, input, answer.credentials, { env: {} });
process.stdout.write(JSON.stringify({ status: result.result.status, fromCache: answer.fromCache }));
await lib.closeTransport();
`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function driver(cacheDir: string, counter: string, exchangeMs = 0): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', DRIVER], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: {
        PATH: process.env['PATH'],
        FCINVOKE_CACHE_DIR: cacheDir,
        FCI_LIBRARY: LIBRARY,
        FCI_KEYS: JSON.stringify(issued),
        FCI_COUNTER: counter,
        FCI_EMULATOR: emulator.url,
        FCI_EXCHANGE_MS: String(exchangeMs),
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function setup() {
  const cacheDir = join(tempDir(), 'cache');
  const counter = join(tempDir(), 'exchanges');
  writeFileSync(counter, '');
  return { cacheDir, counter, exchanges: () => readFileSync(counter, 'utf8').length };
}

function expectPrivateEntry(cacheDir: string): void {
  const files = readdirSync(cacheDir);
  expect(files).toHaveLength(1);
  expect(files[0]).toMatch(/^[0-9a-f]{64}\.json$/);
  expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
  expect(statSync(join(cacheDir, files[0]!)).mode & 0o777).toBe(0o600);
  const entry = JSON.parse(readFileSync(join(cacheDir, files[0]!), 'utf8')) as { credentials: { accessKeyId: string } };
  expect(entry.credentials.accessKeyId).toBe(issued.accessKeyId);
}

describe('the credential cache across processes', () => {
  it('a loop of 20 one-off processes makes one exchange and 19 disk hits, every invocation ok', async () => {
    const { cacheDir, counter, exchanges } = setup();
    const runs: Run[] = [];
    for (let i = 0; i < 20; i += 1) runs.push(await driver(cacheDir, counter));
    const answers = runs.map((run) => {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      return JSON.parse(run.stdout) as { status: string; fromCache: string | false };
    });
    expect(answers.every((answer) => answer.status === 'ok')).toBe(true);
    expect(answers.map((answer) => answer.fromCache)).toEqual([false, ...Array.from({ length: 19 }, () => 'disk')]);
    expect(exchanges()).toBe(1);
    expectPrivateEntry(cacheDir);
    expectNoSecrets(...runs.map((run) => run.stdout + run.stderr));
    for (const run of runs) expect(run.stdout + run.stderr).not.toContain(issued.accessKeySecret);
    // Twenty process start-ups in a row: more than the default e2e timeout on a loaded machine.
  }, 120_000);

  it('8 processes racing on an empty cache write one whole, private entry, and the next process reads it', async () => {
    const { cacheDir, counter, exchanges } = setup();
    // Each exchange takes a while, so processes that start together all miss and all write. On a loaded machine a
    // late starter may already find an entry: it must then read it whole (a disk hit), never a torn one.
    const racing = await Promise.all(Array.from({ length: 8 }, () => driver(cacheDir, counter, 1500)));
    const fresh = racing.filter((run) => {
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      const answer = JSON.parse(run.stdout) as { status: string; fromCache: unknown };
      expect([{ status: 'ok', fromCache: false }, { status: 'ok', fromCache: 'disk' }]).toContainEqual(answer);
      return answer.fromCache === false;
    }).length;
    expect(fresh).toBeGreaterThanOrEqual(2);
    expect(exchanges()).toBe(fresh);
    // No temporary file left behind, and the entry is complete.
    expectPrivateEntry(cacheDir);
    const next = await driver(cacheDir, counter);
    expect(JSON.parse(next.stdout)).toEqual({ status: 'ok', fromCache: 'disk' });
    expect(exchanges()).toBe(fresh);
  }, 60_000);
});
