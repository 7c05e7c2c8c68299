/** Spinner, --query, -o, --debug, providers, completion: the terminal and scripting extras. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tencentHintFor } from '../../src/providers/tencent/error-codes.js';
import { cleanEnv, runMain } from '../helpers/cli.js';
import { expectNoSecrets, FAKE } from '../helpers/secrets.js';

const sleepy = ['invoke', 'tencent', 'sleep', '--local', '-e', '{"ms":300}'];

describe('the spinner', () => {
  it('spins on stderr at a terminal outside CI, and clears itself', async () => {
    const run = await runMain(sleepy, { stderrTTY: true, env: cleanEnv({ TERM: 'xterm' }) });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('invoking tencent sleep');
    expect(run.stderr).toMatch(/\u001b\[(2K|0K|1G)/);
    expect(run.stdout).toBe('{"slept":300}');
  });

  it.each([
    ['in CI', ['--no-color'], { CI: 'true' }],
    ['with --json', ['--json'], {}],
    ['with --raw', ['--raw'], {}],
    ['with --query', ['--query', 'result.slept'], {}],
  ] as const)('stays away %s', async (_label, extra, env) => {
    const run = await runMain([...sleepy, ...extra], { stderrTTY: true, env: cleanEnv({ TERM: 'xterm', ...env }) });
    expect(run.stderr).not.toContain('invoking tencent sleep');
  });

  it('stays away when stderr is not a terminal', async () => {
    const run = await runMain(sleepy, { stderrTTY: false, env: cleanEnv({ TERM: 'xterm' }) });
    expect(run.stderr).not.toContain('invoking');
  });
});

describe('--query', () => {
  it('prints one value of the result and nothing else on stdout', async () => {
    const run = await runMain(['invoke', 'tencent', 'hello', '--local', '-e', '{"name":"Q"}', '--query', 'result.message']);
    expect(run.stdout).toBe('Hello, Q!\n');
    expect(run.stderr).toBe('');
  });

  it('reads the error code of a failure, keeping the exit code', async () => {
    const run = await runMain(['invoke', 'tencent', 'nope-fn', '--local', '--query', 'error.code']);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('ResourceNotFound.Function\n');
  });

  it('refuses a malformed path before sending', async () => {
    const run = await runMain(['invoke', 'tencent', 'hello', '--local', '--query', 'result..x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: --query: /);
  });
});

describe('-o/--output-file', () => {
  it('writes the payload byte for byte and still prints the summary', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fcinvoke-o-')), 'out.json');
    const run = await runMain(['invoke', 'aliyun', 'echo', '--local', '-e', '{"b": "ü", "a": 1}', '-o', file]);
    expect(run.code).toBe(0);
    // The emulator's echo returns the event as a JSON value, re-serialized by the runtime.
    expect(readFileSync(file, 'utf8')).toBe('{"b":"ü","a":1}');
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/✔ ok/);
    expect(run.stderr).toContain(`payload written to ${file} (${Buffer.byteLength('{"b":"ü","a":1}')} bytes)`);
  });

  it('refuses an unwritable path before sending', async () => {
    const run = await runMain(['invoke', 'tencent', 'hello', '--local', '-o', '/nonexistent-dir/out.json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: cannot write --output-file /nonexistent-dir/out.json: ENOENT (no such file or directory)\n');
  });
});

describe('--debug on a failing call', () => {
  it('prints the redacted request and the timings, never a secret', async () => {
    const { startEmulator } = await import('../../src/emulator/server.js');
    const emulator = await startEmulator({ port: 0 });
    try {
      const run = await runMain(['invoke', 'tencent', 'hello', '--endpoint', emulator.url, '--debug'], {
        env: cleanEnv({
          TENCENTCLOUD_SECRET_ID: FAKE.tencent.id,
          TENCENTCLOUD_SECRET_KEY: FAKE.tencent.secret,
          TENCENTCLOUD_SESSION_TOKEN: FAKE.tencent.token,
          TENCENTCLOUD_REGION: 'ap-guangzhou',
        }),
      });
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/debug: \{"method":"POST","url":"http:\/\/127\.0\.0\.1:\d+\/"/);
      expect(run.stderr).toMatch(/debug: timings connected=[\d.]+ms first-byte=[\d.]+ms total=[\d.]+ms/);
      expect(run.stderr).toContain('"X-TC-Token":"***"');
      expect(run.stderr).toMatch(/debug: response \{"status":200,"headers":\{.*"content-type":"application\/json".*\},"bodyBytes":\d+\}/);
      expect(run.stderr).toContain('AuthFailure.SecretIdNotFound');
      expectNoSecrets(run.stdout, run.stderr);
    } finally {
      await emulator.close();
    }
  });
});

describe('fcinvoke providers', () => {
  it('lists every provider with aliases, identifiers and credential variables', async () => {
    const run = await runMain(['providers', '--json']);
    const providers = JSON.parse(run.stdout) as Array<{ id: string; aliases: string[]; identifiers: Array<{ flag: string; env: string | null }>; credentials: Record<string, string> }>;
    expect(providers.map((provider) => provider.id)).toEqual(['tencent', 'tencent-v2', 'aliyun', 'aliyun-fc2', 'huawei', 'otc']);
    const huawei = providers.find((provider) => provider.id === 'huawei')!;
    expect(huawei.aliases).toEqual(['fgs', 'functiongraph']);
    expect(huawei.identifiers).toContainEqual({ flag: '--project-id', env: 'HUAWEICLOUD_SDK_PROJECT_ID' });
    expect(huawei.credentials).toMatchObject({ id: 'HUAWEICLOUD_SDK_AK', iamToken: 'HUAWEICLOUD_AUTH_TOKEN' });
    const text = await runMain(['providers']);
    expect(text.stdout).toContain('aliyun (fc, fc3)');
  });

  it('shows an example per provider in invoke --help', async () => {
    const run = await runMain(['invoke', '--help']);
    for (const name of ['invoke tencent ', 'invoke tencent-v2 ', 'invoke aliyun ', 'invoke fc2 ', 'invoke huawei ', 'invoke otc ']) {
      expect(run.stdout).toContain(name);
    }
  });
});

describe('fcinvoke completion', () => {
  async function complete(words: string[], home?: string): Promise<string[]> {
    const script = (await runMain(['completion', 'bash'])).stdout;
    const dir = mkdtempSync(join(tmpdir(), 'fcinvoke-completion-'));
    writeFileSync(join(dir, 'fcinvoke.bash'), script);
    // A stand-in `fcinvoke` on PATH answers the profile-name query the script makes.
    writeFileSync(join(dir, 'fcinvoke'), '#!/bin/sh\nprintf "dev\\nprod\\n"\n', { mode: 0o755 });
    const line = `source ${join(dir, 'fcinvoke.bash')}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _fcinvoke; printf '%s\\n' "\${COMPREPLY[@]}"`;
    return execFileSync('bash', ['-c', line], { env: { PATH: `${dir}:${process.env['PATH']}`, HOME: home ?? dir } })
      .toString()
      .split('\n')
      .filter(Boolean);
  }

  it('completes commands, subcommands, options and providers in bash', async () => {
    expect(await complete(['fcinvoke', 'inv'])).toEqual(['invoke']);
    expect(await complete(['fcinvoke', 'config', 'sh'])).toEqual(['show']);
    expect(await complete(['fcinvoke', 'invoke', '--dry'])).toEqual(['--dry-run']);
    expect(await complete(['fcinvoke', 'invoke', 'hu'])).toEqual(['huawei']);
    expect(await complete(['fcinvoke', 'invoke', 'hello', '--profile', 'p'])).toEqual(['prod']);
  });

  it('prints zsh and fish scripts naming the same options, and refuses other shells', async () => {
    expect((await runMain(['completion', 'zsh'])).stdout).toMatch(/^#compdef fcinvoke/);
    const fish = (await runMain(['completion', 'fish'])).stdout;
    expect(fish).toContain("-l dry-run");
    expect(fish).toContain("-a 'tencent scf tencent-v2 scf-v2 aliyun fc fc3 aliyun-fc2 fc2 huawei fgs functiongraph otc opentelekomcloud otc-fgs'");
    const other = await runMain(['completion', 'powershell']);
    expect(other.code).toBe(2);
  });
});

describe('Tencent hints', () => {
  it.each([
    ['AuthFailure.SignatureExpire', /clock/],
    ['AuthFailure.SignatureFailure', /SecretKey/],
    ['ResourceNotFound.Function', /--namespace/],
    ['RequestLimitExceeded.UinLimitExceeded', /throttled/],
    ['LimitExceeded.Concurrency', /quota or concurrency/],
    ['InvalidParameter.RequestTooLarge', /6 MB/],
  ])('hints at the cause of %s', (code, hint) => {
    expect(tencentHintFor(code)).toMatch(hint);
  });

  it('has no hint for an unknown code', () => {
    expect(tencentHintFor('Something.Else')).toBeUndefined();
  });
});
