/**
 * The built CLI refuses wrong input with exit 2, one `error:` line and no stack trace, and sends nothing: the
 * endpoint is a TCP listener that counts connections. (`npm run build` first.)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runCli, type CliRun } from '../helpers/cli.js';
import { makeTree } from '../helpers/config-dir.js';
import { startCountingListener, type CountingListener } from '../helpers/listener.js';
import { expectNoSecrets, FAKE } from '../helpers/secrets.js';

const ENV = cleanEnv({
  TENCENTCLOUD_SECRET_ID: FAKE.tencent.id,
  TENCENTCLOUD_SECRET_KEY: FAKE.tencent.secret,
  HUAWEICLOUD_SDK_AK: FAKE.huawei.id,
  HUAWEICLOUD_SDK_SK: FAKE.huawei.secret,
});

let listener: CountingListener;
let tree: string;

beforeAll(async () => {
  listener = await startCountingListener();
  tree = makeTree({
    'big-timeout.yaml': 'profiles:\n  default:\n    timeoutMs: 2147483648\n',
    '.fcinvokerc': 'profiles:\n  default:\n    region: x\n   bad: y\n',
    'empty-token': '',
  });
  mkdirSync(join(tree, 'dir'));
  writeFileSync(join(tree, 'dir', 'x'), '');
});

afterAll(async () => {
  await listener.close();
});

afterEach(() => {
  expect(listener.connections(), 'a request reached the endpoint').toBe(0);
});

async function invoke(args: string[], cwd?: string): Promise<CliRun> {
  const base = ['invoke', args[0] ?? 'tencent', 'fn', '--region', 'ap-guangzhou', '--endpoint', listener.url];
  const run = await runCli([...base, ...args.slice(1)], { env: ENV, ...(cwd === undefined ? {} : { cwd }) });
  expectNoSecrets(run.stdout, run.stderr);
  return run;
}

function expectRefused(run: CliRun, message: string): void {
  expect(run.code, run.stderr).toBe(2);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines[0]).toBe(`error: ${message}`);
  expect(lines.filter((line) => line.startsWith('error:'))).toHaveLength(1);
  expect(lines.slice(1).every((line) => line.startsWith('hint: '))).toBe(true);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stdout).toBe('');
}

describe('the built CLI sends nothing when the input is wrong', () => {
  it('--timeout past the longest timer (it used to become 1 ms after sending)', async () => {
    expectRefused(
      await invoke(['tencent', '--timeout', '2147483648']),
      "--timeout takes a whole number of milliseconds from 1 to 2147483647, not '2147483648'",
    );
  });

  it('--deadline past the longest timer', async () => {
    expectRefused(
      await invoke(['tencent', '--deadline', '2147483648']),
      "--deadline takes a whole number of milliseconds from 1 to 2147483647, not '2147483648'",
    );
  });

  it('a profile timeoutMs past the longest timer', async () => {
    const file = join(tree, 'big-timeout.yaml');
    expectRefused(
      await invoke(['tencent', '--config', file]),
      `${file}: profiles.default.timeoutMs: takes a whole number of milliseconds from 1 to 2147483647, not 2147483648`,
    );
  });

  it('--endpoint "" (an unset $EMU) instead of the real cloud, signed', async () => {
    const run = await invoke(['tencent', '--endpoint', '']);
    expectRefused(run, '--endpoint is empty: give a value, or leave the option out');
    expect(run.stderr).toContain('hint: a shell variable that is not set expands to an empty value');
  });

  it('--events-file naming a directory (it used to be an internal error, exit 70)', async () => {
    expectRefused(await invoke(['tencent', '--events-file', join(tree, 'dir')]), `--events-file ${join(tree, 'dir')} is a directory, not a file`);
  });

  it('a YAML syntax error in .fcinvokerc names line, column and reason', async () => {
    expectRefused(
      await invoke(['tencent'], tree),
      `${join(tree, '.fcinvokerc')}: YAML syntax error at line 4, column 4: bad indentation of a mapping entry`,
    );
  });

  it('--task-id with a provider that has no task ids', async () => {
    expectRefused(await invoke(['tencent', '--task-id', 'job1']), '--task-id applies to aliyun and aliyun-fc2 async invocations only');
  });

  it('an empty --token-file', async () => {
    const file = join(tree, 'empty-token');
    expectRefused(
      await invoke(['huawei', '--project-id', FAKE.huawei.project, '--token-file', file]),
      `--token-file ${file} is empty`,
    );
  });
});
