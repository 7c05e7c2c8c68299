/**
 * `--dry-run` for every provider: the redacted form hides secrets and signatures; the unredacted form (a hidden,
 * test-only switch) replays against the emulator and succeeds, proving the printed request is exactly what
 * would be sent.
 */
import { request } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { useEmulator } from '../helpers/emulator.js';
import { maskKeyId } from '../../src/core/redact.js';
import { expectNoSecrets, FAKE } from '../helpers/secrets.js';
import { EMULATOR_KEYS } from './conformance/harness.js';

let emulator: RunningEmulator;
const keys = EMULATOR_KEYS;

beforeAll(async () => {
  emulator = await useEmulator({ env: keys });
});

const CASES = [
  { provider: 'tencent', fn: 'echo', args: ['--region', 'ap-guangzhou'] },
  { provider: 'tencent-v2', fn: 'echo', args: ['--region', 'ap-guangzhou'] },
  { provider: 'aliyun', fn: 'echo', args: ['--region', 'cn-hangzhou', '--account-id', FAKE.aliyun.account] },
  { provider: 'aliyun-fc2', fn: 'svc/echo', args: ['--region', 'cn-hangzhou', '--account-id', FAKE.aliyun.account] },
  { provider: 'huawei', fn: 'echo', args: ['--region', 'cn-north-4', '--project-id', FAKE.huawei.project] },
  { provider: 'otc', fn: 'echo', args: ['--region', 'eu-de', '--project-id', FAKE.otc.project] },
];

describe.each(CASES)('--dry-run $provider', ({ provider, fn, args }) => {
  const base = ['invoke', provider, fn, ...args, '-e', '{"dry":"run ✓"}', '--dry-run'];

  it('prints a redacted curl command and sends nothing', async () => {
    const run = await runCli([...base, '--endpoint', 'http://127.0.0.1:9'], { env: cleanEnv(keys) });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^curl -sS -X POST 'http:\/\/127\.0\.0\.1:9\//);
    expect(run.stdout).toContain('***');
    expect(run.stdout).not.toMatch(/Signature=[0-9a-f]{64}/);
    expectNoSecrets(run.stdout, run.stderr);
    // The access key id is shown masked, as `config show` shows it (the legacy API's SecretId is masked whole).
    const keyId = provider.startsWith('tencent') ? FAKE.tencent.id : provider === 'huawei' ? FAKE.huawei.id : provider === 'otc' ? FAKE.otc.id : FAKE.aliyun.id;
    expect(run.stdout).not.toContain(keyId);
    if (provider !== 'tencent-v2') expect(run.stdout).toContain(maskKeyId(keyId));
    const json = await runCli([...base, '--json', '--endpoint', 'http://127.0.0.1:9'], { env: cleanEnv(keys) });
    expect(json.stdout).not.toContain(keyId);
  });

  it('replays, unredacted, against the emulator with success', async () => {
    const run = await runCli([...base, '--json', '--dry-run-unredacted', '--endpoint', emulator.url], { env: cleanEnv(keys) });
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as { method: string; url: string; headers: Record<string, string>; body: string };
    const response = await request(printed.url, { method: 'POST', headers: printed.headers, body: printed.body });
    const text = await response.body.text();
    expect(response.statusCode, text).toBe(200);
    expect(text).toContain('run ✓');
  });
});
