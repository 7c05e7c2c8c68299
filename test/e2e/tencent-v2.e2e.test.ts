/**
 * The built CLI, spawned: what only `tencent-v2` (the legacy SCF API v2, providers.md §2) has: HmacSHA1 and short
 * region codes, the session token, no --qualifier, the 1 MB event limit. Every exit code and output mode of the
 * contract is in the conformance matrix (conformance/matrix.e2e.test.ts).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv } from '../helpers/cli.js';
import { FAKE } from '../helpers/secrets.js';
import { connectionsDuring, useProviderCli } from './conformance/harness.js';
import { TENCENT_TEMPORARY_ID, useStsEmulator } from './conformance/sts.js';

const { env, cli, url } = useProviderCli('tencent-v2');
const tokenEmulator = useStsEmulator('tencent');
const invoke = (fn: string, ...rest: string[]) => ['invoke', 'tencent-v2', fn, '--endpoint', url(), ...rest];

describe('fcinvoke invoke tencent-v2 (built CLI)', () => {
  it('accepts a short region code and HmacSHA1', async () => {
    const run = await cli(['invoke', 'scf-v2', 'hello', '--endpoint', url(), '--region', 'gz', '--signature-method', 'HmacSHA1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('{"message":"Hello, world!"}');
  });

  it('passes the session token, and without it the temporary key is refused with 4105', async () => {
    const tokenEnv = { ...env, TENCENTCLOUD_SECRET_ID: TENCENT_TEMPORARY_ID, TENCENTCLOUD_SESSION_TOKEN: FAKE.tencent.token };
    const argv = ['invoke', 'tencent-v2', 'hello', '--endpoint', tokenEmulator().url];
    const ok = await cli(argv, { env: tokenEnv });
    expect(ok.code).toBe(0);
    const { TENCENTCLOUD_SESSION_TOKEN: _token, ...withoutToken } = tokenEnv;
    const refused = await cli(argv, { env: withoutToken });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('tencent-v2 4105');
  });

  it('exits 2 for --qualifier, which the legacy API does not have', async () => {
    const run = await cli(invoke('hello', '--qualifier', '1'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--qualifier is not supported');
  });

  it.each([[[]], [['--async']]])('exits 2 and sends nothing for an event file one byte over 1 MB (%j)', async (flags) => {
    const dir = await mkdtemp(join(tmpdir(), 'fcinvoke-v2-e2e-'));
    const file = join(dir, 'big.json');
    await writeFile(file, `"${'a'.repeat(1024 * 1024 - 1)}"`);
    let stderr = '';
    const connections = await connectionsDuring(async (url) => {
      const run = await cli(['invoke', 'tencent-v2', 'echo', '--endpoint', url, '--event-file', file, ...flags]);
      expect(run.code).toBe(2);
      stderr = run.stderr;
    });
    expect(stderr).toContain('1048577 bytes');
    expect(connections).toBe(0);
  });

  it('runs an async invocation with --local', async () => {
    const accepted = await cli(['invoke', 'tencent-v2', 'sleep', '--local', '--async', '-e', '{"ms":1}'], { env: cleanEnv() });
    expect(accepted.code).toBe(0);
  });
});
