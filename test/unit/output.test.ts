/**
 * Where results go, in-process through `main`: `-o` through a temporary file renamed on success (an existing
 * file untouched otherwise), `-o -`, stdout write failures (exit 74; EPIPE quiet), a batch whose stdout goes away,
 * SIGTERM's exit code, and stdin read only when asked for.
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io, OutStream, WriteFailure } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { cleanEnv, EMPTY_DIR, runMain } from '../helpers/cli.js';

const local = ['invoke', 'tencent', 'hello', '--local', '-e', '{"name":"Ada"}'];
const HELLO = '{"message":"Hello, Ada!"}';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'fcinvoke-out-'));
}

/** A file holding `old` (with `mode`, when given) in a fresh directory. */
function existingFile(name: string, mode?: number): { dir: string; file: string } {
  const dir = tempDir();
  const file = join(dir, name);
  writeFileSync(file, 'old');
  if (mode !== undefined) chmodSync(file, mode);
  return { dir, file };
}

/** A captured stream; `failAfter` makes every write after that many fail as a real stream reports it. */
function stream(failAfter?: { writes: number; failure: WriteFailure }) {
  const chunks: Buffer[] = [];
  let failure: WriteFailure | undefined;
  const listeners: Array<(failure: WriteFailure) => void> = [];
  let writes = 0;
  const out: OutStream & { text: () => string; writes: () => number } = {
    isTTY: false,
    write(data) {
      if (failure !== undefined) return;
      writes += 1;
      if (failAfter !== undefined && writes > failAfter.writes) {
        failure = failAfter.failure;
        // A real stream reports the error later, from the event loop.
        setImmediate(() => listeners.splice(0).forEach((listener) => listener(failAfter.failure)));
        return;
      }
      chunks.push(Buffer.from(data));
    },
    flush: () => new Promise((resolve) => setImmediate(resolve)),
    get failure() {
      return failure;
    },
    onFailure(listener) {
      if (failure !== undefined) listener(failure);
      else listeners.push(listener);
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
    writes: () => writes,
  };
  return out;
}

function io(overrides: Partial<Io> & { stdout?: OutStream; stderr?: OutStream } = {}): Io {
  return {
    stdout: stream(),
    stderr: stream(),
    stdin: {
      isTTY: false,
      read: async () => {
        throw new Error('stdin was read');
      },
    },
    env: cleanEnv(),
    cwd: EMPTY_DIR,
    home: EMPTY_DIR,
    signal: new AbortController().signal,
    ...overrides,
  };
}

describe('-o/--output-file', () => {
  it('leaves an existing file exactly as it was when the call fails with no payload (exit 3)', async () => {
    const dir = tempDir();
    const file = join(dir, 'keep.json');
    writeFileSync(file, '{"old":true}');
    const run = await runMain(['invoke', 'tencent', 'nope', '--local', '-o', file]);
    expect(run.code).toBe(3);
    expect(readFileSync(file, 'utf8')).toBe('{"old":true}');
    expect(readdirSync(dir)).toEqual(['keep.json']);
    expect(run.stderr).toContain(`no payload: ${file} was not written`);
  });

  it('replaces an existing file on success, keeping its mode, and leaves no temporary file', async () => {
    const { dir, file } = existingFile('keep.json', 0o640);
    const run = await runMain([...local, '-o', file]);
    expect(run.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(HELLO);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['keep.json']);
    expect(run.stdout).toBe('');
  });

  it('creates a new file with the umask mode', async () => {
    const file = join(tempDir(), 'new.json');
    const run = await runMain([...local, '-o', file]);
    expect(run.code).toBe(0);
    const umask = process.umask();
    expect(statSync(file).mode & 0o777).toBe(0o666 & ~umask);
  });

  it("writes the function's error object on a function error (exit 1), as aws lambda invoke does", async () => {
    const file = join(tempDir(), 'error.json');
    const run = await runMain(['invoke', 'tencent', 'fail', '--local', '-o', file]);
    expect(run.code).toBe(1);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ errorMessage: 'this function always fails' });
  });

  it('leaves the file alone for an async invocation, which has no payload', async () => {
    const { dir, file } = existingFile('keep.json');
    const run = await runMain([...local, '--async', '-o', file]);
    expect(run.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['keep.json']);
  });

  it('puts the payload in the file and the JSON result on stdout with --json', async () => {
    const file = join(tempDir(), 'out.json');
    const run = await runMain([...local, '--json', '-o', file]);
    expect(run.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(HELLO);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'ok', result: { message: 'Hello, Ada!' } });
  });

  it('refuses a directory with exit 2 before sending', async () => {
    const dir = tempDir();
    const run = await runMain([...local, '-o', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: --output-file ${dir} is a directory, not a file\n`);
  });

  it.skipIf(process.getuid?.() === 0)('refuses a file it may not write, with exit 2, leaving it alone', async () => {
    const { dir, file } = existingFile('locked.json', 0o444);
    const run = await runMain([...local, '-o', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/EACCES \(permission denied\)/);
    expect(readFileSync(file, 'utf8')).toBe('old');
  });

  it('writes through a symbolic link to the file it points to', async () => {
    const { symlinkSync, lstatSync } = await import('node:fs');
    const dir = tempDir();
    writeFileSync(join(dir, 'real.json'), 'old');
    symlinkSync('real.json', join(dir, 'link.json'));
    const run = await runMain([...local, '-o', join(dir, 'link.json')]);
    expect(run.code).toBe(0);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.json'), 'utf8')).toBe(HELLO);
  });

  it('is exit 74 with one error line when the payload cannot be put in place, and the file stays as it was', async () => {
    const { dir, file } = existingFile('keep.json');
    // Just before the request, the prepared temporary file disappears: the rename onto the target fails.
    const removeTemporary = () => {
      for (const name of readdirSync(dir)) if (name !== 'keep.json') unlinkSync(join(dir, name));
    };
    const run = await runMain([...local, '-o', file], { beforeSingleRequest: removeTemporary });
    expect(run.code).toBe(74);
    expect(readFileSync(file, 'utf8')).toBe('old');
    const errors = run.stderr.split('\n').filter((line) => line.startsWith('error:'));
    expect(errors).toEqual([`error: cannot write --output-file ${file}: ENOENT (no such file or directory); the file was left as it was`]);
  });

  it('writes to a device in place: /dev/full is exit 74', async () => {
    const run = await runMain([...local, '-o', '/dev/full']);
    expect(run.code).toBe(74);
    expect(run.stderr).toContain('error: cannot write --output-file /dev/full: ENOSPC (no space left on device)\n');
  });

  it('removes the temporary file if the process exits during the call', async () => {
    const { dir, file } = existingFile('keep.json');
    const cleanups: Array<() => void> = [];
    let seen: string[] = [];
    const captured = io({
      onExit: (cleanup) => {
        cleanups.push(cleanup);
        return () => cleanups.splice(cleanups.indexOf(cleanup), 1);
      },
      beforeSingleRequest: () => {
        seen = readdirSync(dir);
        // What process.on('exit') would run on a second Ctrl-C.
        for (const cleanup of cleanups) cleanup();
      },
    });
    const code = await main([...local, '-o', file], captured);
    expect(seen).toHaveLength(2);
    expect(code).toBe(74);
    expect(readdirSync(dir)).toEqual(['keep.json']);
    expect(cleanups).toEqual([]);
  });
});

describe('-o -', () => {
  it('writes the payload byte for byte to stdout and creates no file named -', async () => {
    const cwd = tempDir();
    const run = await runMain([...local, '-o', '-'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(HELLO);
    expect(run.stderr).toMatch(/✔ ok/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses --json and --query, which also want stdout', async () => {
    for (const extra of [['--json'], ['--query', 'status']]) {
      const run = await runMain([...local, '-o', '-', ...extra]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^error: -o - writes the payload to stdout: it does not combine with --(json|query)\n/);
    }
  });
});

describe('a failed write to stdout', () => {
  it('is one error line and exit 74 when the result cannot be written', async () => {
    const stdout = stream({ writes: 0, failure: { code: 'ENOSPC', closed: false } });
    const stderr = stream();
    const code = await main([...local, '--json'], io({ stdout, stderr }));
    expect(code).toBe(74);
    expect(stderr.text()).toBe('error: cannot write to standard output: ENOSPC (no space left on device)\n');
  });

  it('keeps the exit code of the invocation, quietly, when the reader closed the pipe (EPIPE)', async () => {
    const stdout = stream({ writes: 0, failure: { code: 'EPIPE', closed: true } });
    const stderr = stream();
    const code = await main(['invoke', 'tencent', 'fail', '--local', '--json'], io({ stdout, stderr }));
    expect(code).toBe(1);
    // Only the function's own error: nothing about the closed pipe.
    expect(stderr.text()).toMatch(/^error: function fail failed FunctionError\.430: [^\n]*\n$/);
  });
});

describe('a batch whose stdout fails', () => {
  it('stops starting lines when the reader is gone, says so, and exits with the code of the lines that ran', async () => {
    const stdout = stream({ writes: 1, failure: { code: 'EPIPE', closed: true } });
    const stderr = stream();
    const code = await main([...local, '--repeat', '3000', '--json', '--concurrency', '4'], io({ stdout, stderr }));
    expect(code).toBe(0);
    const text = stderr.text();
    const summary = /batch: (\d+) lines?/.exec(text);
    expect(summary).not.toBeNull();
    expect(Number(summary![1])).toBeLessThan(200);
    const stopped = /^stopped: standard output was closed after ([\d,]+) results?; ([\d,]+) lines not run$/m.exec(text);
    expect(stopped).not.toBeNull();
    expect(Number(stopped![2]!.replace(/,/g, ''))).toBeGreaterThan(2800);
  });

  it('stops and is exit 74 when stdout cannot be written', async () => {
    const stdout = stream({ writes: 1, failure: { code: 'ENOSPC', closed: false } });
    const stderr = stream();
    const code = await main([...local, '--repeat', '3000', '--concurrency', '4'], io({ stdout, stderr }));
    expect(code).toBe(74);
    expect(stderr.text()).toMatch(/^stopped: standard output cannot be written \(ENOSPC\) after \d+ results?; [\d,]+ lines not run$/m);
    expect(stderr.text()).toMatch(/error: cannot write to standard output: ENOSPC \(no space left on device\)\n$/);
  });
});

describe('signals', () => {
  const terminated = () => {
    const controller = new AbortController();
    controller.abort(new DOMException('SIGTERM', 'AbortError'));
    return controller.signal;
  };

  it('is exit 143 for a single invocation ended by SIGTERM', async () => {
    const stderr = stream();
    const code = await main(local, io({ stderr, signal: terminated() }));
    expect(code).toBe(143);
    expect(stderr.text()).toBe('error: interrupted\n');
  });

  it('is exit 143 for a batch ended by SIGTERM, with its lines reported as not run', async () => {
    const stdout = stream();
    const code = await main([...local, '--repeat', '3', '--json'], io({ stdout, signal: terminated() }));
    expect(code).toBe(143);
    expect(stdout.text()).toContain('"message":"not run: interrupted (SIGTERM)"');
  });
});

describe('standard input', () => {
  it('is never read unless -f - asks for it: the event is {}', async () => {
    const stdout = stream();
    const code = await main(['invoke', 'tencent', 'echo', '--local'], io({ stdout }));
    expect(code).toBe(0);
    expect(stdout.text()).toBe('{}');
  });

  it('gets a note when it holds data that was not read', async () => {
    const stderr = stream();
    const stdin = { isTTY: false, read: async () => new Uint8Array(), waiting: () => 12 };
    await main(['invoke', 'tencent', 'echo', '--local'], io({ stderr, stdin }));
    expect(stderr.text()).toMatch(/^note: standard input \(12 bytes\) was not read; the event is \{\}\. Use -f - to send it as the event$/m);
  });

  it('gets no note when an event was given, or when nothing is known to be waiting', async () => {
    for (const [argv, waiting] of [
      [['-e', '{}'], 12],
      [[], 0],
      [[], undefined],
    ] as const) {
      const stderr = stream();
      const stdin = { isTTY: false, read: async () => new Uint8Array(), waiting: () => waiting };
      await main(['invoke', 'tencent', 'echo', '--local', ...argv], io({ stderr, stdin }));
      expect(stderr.text()).not.toContain('note:');
    }
  });

  it('is read with -f -', async () => {
    const stdout = stream();
    const stdin = { isTTY: false, read: async () => Buffer.from('{"from":"stdin"}') };
    expect(await main(['invoke', 'tencent', 'echo', '--local', '-f', '-'], io({ stdout, stdin }))).toBe(0);
    expect(stdout.text()).toBe('{"from":"stdin"}');
  });

  it('is exit 130 with one line when Ctrl-C ends the wait for it', async () => {
    const controller = new AbortController();
    const stderr = stream();
    const stdin = {
      isTTY: false,
      read: () =>
        new Promise<Uint8Array>((_resolve, reject) => {
          controller.signal.addEventListener('abort', () => reject(controller.signal.reason));
          setTimeout(() => controller.abort(new DOMException('SIGINT', 'AbortError')), 10);
        }),
    };
    const code = await main(['invoke', 'tencent', 'echo', '--local', '-f', '-'], io({ stderr, stdin, signal: controller.signal }));
    expect(code).toBe(130);
    expect(stderr.text()).toBe('error: interrupted\n');
  });
});
