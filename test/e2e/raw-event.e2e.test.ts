/** `--raw-event`: the event's bytes sent as they are to FC, refused elsewhere; an empty JSON event is an error. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runMain } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'fcinvoke-raw-event-'));

/** Random bytes with a NUL, 0xFF and a lone continuation byte (invalid UTF-8) in them. */
function binary(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size);
  let state = seed;
  for (let i = 0; i < size; i += 1) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  bytes.set([0x00, 0xff, 0x80, 0xc3], Math.floor(size / 2));
  return bytes;
}

const FILES = {
  'random bytes': binary(4096, 7),
  'a NUL alone': Buffer.from([0]),
  'the empty file': Buffer.alloc(0),
  'text that is not JSON': Buffer.from('café, not JSON\n'),
  'a byte-order mark': Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
};

/** The provider and, for FC 2.0, its service. */
const FC: Array<[string, string[]]> = [
  ['aliyun', []],
  ['aliyun-fc2', ['--service', 'demo']],
];

describe.each(FC)('--raw-event on %s', (provider, service) => {
  it.each(Object.entries(FILES))('round-trips %s through echo byte for byte', async (name, bytes) => {
    const file = join(dir, `${provider}-${name.replace(/\W/g, '_')}.dat`);
    writeFileSync(file, bytes);
    const run = await runMain(['invoke', provider, 'echo', ...service, '--local', '--raw-event', '-f', file, '--raw']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdoutBytes.equals(bytes)).toBe(true);
  });

  it('reads standard input as bytes with -f -, empty included', async () => {
    const bytes = binary(1000, 3);
    const run = await runMain(['invoke', provider, 'echo', ...service, '--local', '--raw-event', '-f', '-', '--raw'], { stdin: bytes });
    expect(run.stdoutBytes.equals(bytes)).toBe(true);
    const empty = await runMain(['invoke', provider, 'echo', ...service, '--local', '--raw-event', '-f', '-', '--raw'], { stdin: '' });
    expect(empty.code).toBe(0);
    expect(empty.stdoutBytes.length).toBe(0);
  });

  it('sends -e text unchecked, an empty -e, and no event at all as an empty body', async () => {
    const text = await runMain(['invoke', provider, 'echo', ...service, '--local', '--raw-event', '-e', 'not json', '--raw']);
    expect(text.stdout).toBe('not json');
    for (const args of [['-e', ''], []]) {
      const run = await runMain(['invoke', provider, 'echo', ...service, '--local', '--raw-event', ...args, '--raw']);
      expect(run.code).toBe(0);
      expect(run.stdoutBytes.length).toBe(0);
    }
  });

  it('sends the same bytes each time with --repeat', async () => {
    const run = await runMain(['invoke', provider, 'echo', ...service, '--local', '--raw-event', '-e', 'abc', '--repeat', '2', '--json']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((line) => line['result'] === 'abc')).toHaveLength(2);
  });

  it('is refused with --events-file, whose lines are JSON (exit 2)', async () => {
    const file = join(dir, 'events.ndjson');
    writeFileSync(file, '{}\n');
    const run = await runMain(['invoke', provider, 'echo', ...service, '--local', '--raw-event', '--events-file', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--raw-event .*--events-file/);
  });
});

describe('--raw-event elsewhere', () => {
  it.each(['tencent', 'tencent-v2', 'huawei'])('is refused by %s, whose API takes JSON (exit 2)', async (provider) => {
    const run = await runMain(['invoke', provider, 'echo', '--local', '--raw-event', '-e', 'x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--raw-event applies to aliyun and aliyun-fc2 only/);
  });
});

describe('an empty event without --raw-event', () => {
  it.each(['tencent', 'aliyun'])('is an error naming --raw-event on %s, not a silent {}', async (provider) => {
    const file = join(dir, 'empty.json');
    writeFileSync(file, '');
    for (const run of [
      await runMain(['invoke', provider, 'echo', '--local', '-f', '-'], { stdin: '' }),
      await runMain(['invoke', provider, 'echo', '--local', '-f', file]),
      await runMain(['invoke', provider, 'echo', '--local', '-f', '-'], { stdin: ' \n' }),
    ]) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/is empty: .*--raw-event/);
    }
  });
});

describe('built CLI', () => {
  it('round-trips a binary file through aliyun-fc2 echo --raw', async () => {
    const bytes = binary(2048, 11);
    const file = join(dir, 'built.dat');
    writeFileSync(file, bytes);
    const run = await runCli(['invoke', 'aliyun-fc2', 'echo', '--service', 'demo', '--local', '--raw-event', '-f', file, '--raw']);
    expect(run.code).toBe(0);
    expect(run.stdoutBytes.equals(bytes)).toBe(true);
  });
});
