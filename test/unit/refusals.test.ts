/**
 * "Nothing is sent when the input is wrong": out-of-range numbers, empty values, directories for files and
 * options that do not apply are exit 2 with one `error:` line, and no connection reaches the endpoint.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { prepareInvoke } from '../../src/cli/prepare-invoke.js';
import type { Io } from '../../src/cli/io.js';
import type { InvokeFlags } from '../../src/cli/flags.js';
import { cleanEnv, runMain, type CliRun } from '../helpers/cli.js';
import { makeTree } from '../helpers/config-dir.js';
import { startCountingListener, type CountingListener } from '../helpers/listener.js';

const KEYS = {
  TENCENTCLOUD_SECRET_ID: 'AKIDEXAMPLEfcinvoke0000000000000001',
  TENCENTCLOUD_SECRET_KEY: 'fcinvokeFAKEsecretKEY0000000000001',
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tFAKEfcinvoke000001',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'fcinvokeFAKEaccessKEYsecret000001',
  HUAWEICLOUD_SDK_AK: 'FAKEHUAWEIAK0000FCINV',
  HUAWEICLOUD_SDK_SK: 'fcinvokeFAKEhuaweiSECRETkey0000000000001',
};
const IDS = {
  tencent: ['--region', 'ap-guangzhou'],
  'tencent-v2': ['--region', 'ap-guangzhou'],
  aliyun: ['--region', 'cn-hangzhou', '--account-id', '1234567890123456'],
  'aliyun-fc2': ['--region', 'cn-hangzhou', '--account-id', '1234567890123456', '--service', 'svc'],
  huawei: ['--region', 'cn-north-4', '--project-id', '0123456789abcdef0123456789abcdef'],
} as const;

let listener: CountingListener;
let tree: string;

beforeAll(async () => {
  listener = await startCountingListener();
  tree = makeTree({
    'empty-token': '\n',
    'two-line-token': 'a\nb\n',
    'token': 'FAKEiamTOKEN0001\n',
    'big-timeout.yaml': 'profiles:\n  default:\n    timeoutMs: 2147483648\n',
    'bad.yaml': 'profiles:\n  default:\n    region: x\n   bad: y\n',
    'events.ndjson': '{}\n{}\n',
  });
  mkdirSync(join(tree, 'dir'));
});

afterAll(async () => {
  await listener.close();
});

afterEach(() => {
  expect(listener.connections(), 'a request reached the endpoint').toBe(0);
});

/** Runs `invoke <provider> fn …` against the counting listener. */
async function invoke(provider: keyof typeof IDS, ...args: string[]): Promise<CliRun> {
  return runMain(['invoke', provider, 'fn', ...IDS[provider], '--endpoint', listener.url, ...args], { env: cleanEnv(KEYS) });
}

/** Exit 2, exactly one `error:` line (and at most a `hint:` line), no stack trace, nothing on stdout. */
function expectRefused(run: CliRun, message: string | RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines.filter((line) => line.startsWith('error: '))).toHaveLength(1);
  expect(lines.slice(1).every((line) => line.startsWith('hint: '))).toBe(true);
  expect(lines.length).toBeLessThanOrEqual(2);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stdout).toBe('');
  if (typeof message === 'string') expect(lines[0]).toBe(`error: ${message}`);
  else expect(lines[0]).toMatch(message);
}

describe('numbers out of range', () => {
  it.each([
    [['--timeout', '2147483648'], "--timeout takes a whole number of milliseconds from 1 to 2147483647, not '2147483648'"],
    [['--deadline', '2147483648'], "--deadline takes a whole number of milliseconds from 1 to 2147483647, not '2147483648'"],
    [['--timeout', '0'], "--timeout takes a whole number of milliseconds from 1 to 2147483647, not '0'"],
    [['--retries', '11'], "--retries takes a whole number from 0 to 10, not '11'"],
    [['--repeat', '1000001'], "--repeat takes a whole number from 1 to 1000000, not '1000001'"],
    [['--repeat', '2', '--concurrency', '1025'], "--concurrency takes a whole number from 1 to 1024, not '1025'"],
    [['--events-file', 'x', '--deadline', '99999999999'], /^error: --deadline takes .* not '99999999999'$/],
  ])('%j is refused', async (args, message) => {
    expectRefused(await invoke('tencent', ...args), message);
  });

  it('refuses a profile timeoutMs the flag would refuse', async () => {
    expectRefused(
      await invoke('tencent', '--config', join(tree, 'big-timeout.yaml')),
      `${join(tree, 'big-timeout.yaml')}: profiles.default.timeoutMs: takes a whole number of milliseconds from 1 to 2147483647, not 2147483648`,
    );
  });
});

describe('empty values', () => {
  it.each([
    '--endpoint',
    '--region',
    '-q',
    '--namespace',
    '--routing-key',
    '--profile',
    '--config',
    '--event',
    '--event-file',
    '--events-file',
    '--query',
    '-o',
    '--timeout',
    '--deadline',
  ])('%s "" is refused, naming the option', async (option) => {
    const name = { '-q': '--qualifier', '-o': '--output-file' }[option] ?? option;
    // The endpoint case comes last on the line, so the empty value replaces the listener's.
    const run = await runMain(['invoke', 'tencent', 'fn', ...IDS.tencent, '--endpoint', listener.url, option, ''], {
      env: cleanEnv(KEYS),
    });
    expectRefused(run, `${name} is empty: give a value, or leave the option out`);
    expect(run.stderr).toContain('hint: a shell variable that is not set expands to an empty value');
  });

  it.each([
    ['aliyun', '--account-id'],
    ['aliyun-fc2', '--service'],
    ['huawei', '--project-id'],
    ['huawei', '--token'],
    ['huawei', '--token-file'],
    ['aliyun', '--task-id'],
  ] as const)('%s %s "" is refused before it could fall back to another source', async (provider, option) => {
    expectRefused(await invoke(provider, option, ''), `${option} is empty: give a value, or leave the option out`);
  });

  it('refuses a blank value too', async () => {
    expectRefused(await invoke('tencent', '--region', '  '), '--region is blank: give a value, or leave the option out');
  });

  it('refuses an empty value in the config commands as well', async () => {
    expectRefused(await runMain(['config', 'show', '--profile', '']), '--profile is empty: give a value, or leave the option out');
  });
});

describe('directories where a file is expected', () => {
  it.each([
    ['--events-file', 'tencent'],
    ['--event-file', 'tencent'],
    ['-o', 'tencent'],
    ['--token-file', 'huawei'],
  ] as const)('%s <dir> is refused', async (option, provider) => {
    const name = option === '-o' ? '--output-file' : option;
    expectRefused(await invoke(provider, option, join(tree, 'dir')), `${name} ${join(tree, 'dir')} is a directory, not a file`);
  });

  it('--config <dir> is refused', async () => {
    expectRefused(await invoke('tencent', '--config', join(tree, 'dir')), `config file ${join(tree, 'dir')} is a directory, not a file`);
  });
});

describe('config syntax errors', () => {
  it('name the line, column and reason on one line', async () => {
    expectRefused(
      await invoke('tencent', '--config', join(tree, 'bad.yaml')),
      `${join(tree, 'bad.yaml')}: YAML syntax error at line 4, column 4: bad indentation of a mapping entry`,
    );
  });
});

describe('options that do not apply', () => {
  const taskIdRefusal = '--task-id applies to aliyun and aliyun-fc2 async invocations only';
  const tencentOnly = (option: string) => `${option} applies to tencent only`;
  const functionGraphOnly = (option: string) => `${option} applies to huawei and otc only`;
  const batchesOnly = (option: string) => `${option} applies to batches (--events-file or --repeat) only`;
  it.each([
    ['tencent', ['--task-id', 't1'], taskIdRefusal],
    ['huawei', ['--task-id', 't1', '--async'], taskIdRefusal],
    ['aliyun', ['--task-id', 't1'], taskIdRefusal],
    ['tencent', ['--token', 'x'], functionGraphOnly('--token')],
    ['aliyun', ['--token-file', 'x'], functionGraphOnly('--token-file')],
    ['aliyun', ['--namespace', 'ns'], tencentOnly('--namespace')],
    ['tencent-v2', ['--namespace', 'ns'], tencentOnly('--namespace')],
    ['huawei', ['--routing-key', '{"a":"b"}'], tencentOnly('--routing-key')],
    ['aliyun', ['--service', 'svc'], '--service applies to aliyun-fc2 only'],
    ['tencent', ['--account-id', '1'], '--account-id applies to aliyun and aliyun-fc2 only'],
    ['aliyun', ['--project-id', 'p'], functionGraphOnly('--project-id')],
    ['tencent', ['--signature-method', 'HmacSHA1'], '--signature-method applies to tencent-v2 only'],
    ['tencent-v2', ['-q', '1'], '--qualifier is not supported by the legacy SCF API v2'],
    ['tencent', ['--concurrency', '4'], batchesOnly('--concurrency')],
    ['tencent', ['--unordered'], batchesOnly('--unordered')],
    ['tencent', ['--raw', '--query', 'result'], "option '--query <expression>' cannot be used with option '--raw'"],
    ['huawei', ['--token', 'a', '--token-file', 'b'], "option '--token-file <path>' cannot be used with option '--token <token>'"],
    // --local brings its own endpoint and credentials: these would be silently ignored.
    ['tencent', ['--local', '--endpoint', 'http://127.0.0.1:9'], "option '--local' cannot be used with option '--endpoint <url>'"],
  ] as const)('%s %j is refused', async (provider, args, message) => {
    expectRefused(await invoke(provider, ...args), message);
  });

  it('refuses credentials --local would ignore', async () => {
    const run = await runMain(['invoke', 'huawei', 'hello', '--local', '--token', 'x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: option '--local' cannot be used with option '--token <token>'\n");
  });

  it('leaves profile values another provider needs unused, not refused', async () => {
    const config = join(tree, 'shared.yaml');
    writeFileSync(config, 'profiles:\n  default:\n    namespace: team\n    service: svc\n    projectId: p\n', { mode: 0o600 });
    const run = await runMain(['invoke', 'aliyun', 'hello', '--local', '--config', config]);
    expect(run.code, run.stderr).toBe(0);
  });

  it('lets an option through where it applies', async () => {
    const async = await runMain(['invoke', 'aliyun', 'hello', '--local', '--async', '--task-id', 'task_1']);
    expect(async.code, async.stderr).toBe(0);
    const batch = await runMain(['invoke', 'tencent', 'hello', '--local', '--repeat', '2', '--concurrency', '2', '--unordered']);
    expect(batch.code, batch.stderr).toBe(0);
  });
});

describe('--token-file', () => {
  it('refuses an empty file and one of several lines', async () => {
    expectRefused(await invoke('huawei', '--token-file', join(tree, 'empty-token')), `--token-file ${join(tree, 'empty-token')} is empty`);
    expectRefused(
      await invoke('huawei', '--token-file', join(tree, 'two-line-token')),
      `--token-file ${join(tree, 'two-line-token')} holds more than one line; it must hold only the token`,
    );
    expectRefused(await invoke('huawei', '--token-file', join(tree, 'missing')), `cannot read --token-file ${join(tree, 'missing')}: no such file`);
  });

  it('sends the token read from the file as X-Auth-Token, without its newline', async () => {
    const run = await invoke('huawei', '--token-file', join(tree, 'token'), '--dry-run', '--json', '--dry-run-unredacted');
    expect(run.code, run.stderr).toBe(0);
    const request = JSON.parse(run.stdout) as { headers: Record<string, string> };
    expect(request.headers['X-Auth-Token']).toBe('FAKEiamTOKEN0001');
  });
});

describe('the counting listener', () => {
  it('does see a request that is sent (so zero connections above means nothing was sent)', async () => {
    const before = listener.connections();
    const run = await invoke('tencent', '--retries', '0');
    expect(run.code).not.toBe(2);
    expect(listener.connections()).toBeGreaterThan(before);
    // Reset for the afterEach check: this one test is meant to connect.
    listener = await restart(listener);
  });
});

describe('the default timeout', () => {
  const io = (env: Record<string, string | undefined>): Io => ({
    stdout: { write: () => undefined, isTTY: false },
    stderr: { write: () => undefined, isTTY: false },
    stdin: { isTTY: true, read: async () => new Uint8Array() },
    env,
    cwd: tree,
    home: tree,
    signal: new AbortController().signal,
  });
  const prepare = async (provider: keyof typeof IDS, extra: Partial<InvokeFlags> = {}, env: Record<string, string> = {}) => {
    const flags = { log: true, color: false, endpoint: listener.url, ...extra } as InvokeFlags;
    const ids = IDS[provider];
    for (let i = 0; i < ids.length; i += 2) {
      const key = ids[i]!.slice(2).replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()) as keyof InvokeFlags;
      (flags as unknown as Record<string, string>)[key] = ids[i + 1]!;
    }
    return prepareInvoke({
      first: provider,
      second: 'fn',
      flags,
      io: io(cleanEnv({ ...KEYS, ...env })),
      explicit: new Set(),
      batch: false,
      onEmulator: () => undefined,
    });
  };

  it.each([
    ['tencent', 930_000],
    ['tencent-v2', 930_000],
    ['aliyun', 86_430_000],
    ['aliyun-fc2', 86_430_000],
    ['huawei', 930_000],
  ] as const)('for a %s sync call outlasts its longest run (%d ms)', async (provider, expected) => {
    const prepared = await prepare(provider);
    expect(prepared.timeoutMs).toBe(expected);
    expect(prepared.settings.timeoutMs?.source).toBe(`built-in default for ${provider} sync invocations`);
  });

  it('is 60 s for an async call, which returns once queued', async () => {
    expect((await prepare('aliyun', { async: true })).timeoutMs).toBe(60_000);
  });

  it('gives way to --timeout and to the profile', async () => {
    expect((await prepare('tencent', { timeout: '1500' })).timeoutMs).toBe(1500);
    const config = join(tree, 'timeout.yaml');
    writeFileSync(config, 'profiles:\n  default:\n    timeoutMs: 2500\n', { mode: 0o600 });
    expect((await prepare('tencent', { config })).timeoutMs).toBe(2500);
  });
});

async function restart(old: CountingListener): Promise<CountingListener> {
  await old.close();
  return startCountingListener();
}
