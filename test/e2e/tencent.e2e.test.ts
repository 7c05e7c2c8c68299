/**
 * The built CLI, spawned: what only `tencent` has. Every exit code and output mode of the contract is in the
 * conformance matrix (conformance/matrix.e2e.test.ts); CLI-wide cases that need one provider are here too.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv } from '../helpers/cli.js';
import { useProviderCli } from './conformance/harness.js';

const { env, cli, at } = useProviderCli('tencent');

describe('fcinvoke invoke tencent (built CLI)', () => {
  it('invokes without any region (seed 000: Region is not required), sending no X-TC-Region', async () => {
    const run = await cli([...at('hello', '--json'), '--debug'], { env: { ...env, TENCENTCLOUD_REGION: undefined } });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'ok', result: { message: 'Hello, world!' } });
    expect(run.stderr).toMatch(/debug: \{"method":"POST"/);
    expect(run.stderr).not.toContain('X-TC-Region');
  });

  it("shows only the function's own stack frame, none of the emulator's, even from the bundled build", async () => {
    const run = await cli(at('fail'));
    expect(run.code).toBe(1);
    expect(run.stderr.match(/^ {4}at /gm)).toHaveLength(1);
  });

  it('reads the event from --event-file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fcinvoke-'));
    const file = join(dir, 'event.json');
    await writeFile(file, '{\n  "from": "file"\n}\n');
    const run = await cli(at('echo', '-f', file));
    expect(JSON.parse(run.stdout)).toEqual({ from: 'file' });
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
