/**
 * The batch engine and line reader (core/batch.ts), driven by fake jobs: ordering, one result per line, bounds; then
 * the batch command in-process: progress line, --query, per-line task ids, Ctrl-C.
 */
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/core/errors.js';
import { defaultWindow, runBatchEngine, splitLines, type BatchEngineOptions, type RawLine } from '../../src/engine/batch.js';
import { exitCodeForLine, worseExitCode } from '../../src/cli/exit-codes.js';
import { main } from '../../src/cli/main.js';
import { cleanEnv, EMPTY_DIR, runMain } from '../helpers/cli.js';

interface Item {
  line: number;
  delay: number;
}

type Outcome = { line: number; kind: 'done' | 'not_run' | 'crashed'; reason?: unknown };

async function* items(count: number, delay: (line: number) => number = () => 0): AsyncGenerator<Item> {
  for (let line = 1; line <= count; line += 1) yield { line, delay: delay(line) };
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function collect(
  source: AsyncIterable<Item>,
  options: Partial<BatchEngineOptions<Item, Outcome>> = {},
): Promise<Outcome[]> {
  const results: Outcome[] = [];
  for await (const result of runBatchEngine<Item, Outcome>(source, {
    concurrency: 4,
    ordered: true,
    run: async (item) => {
      await wait(item.delay);
      return { line: item.line, kind: 'done' };
    },
    notRun: (item, reason) => ({ line: item.line, kind: 'not_run', reason }),
    crashed: (item) => ({ line: item.line, kind: 'crashed' }),
    ...options,
  })) {
    results.push(result);
  }
  return results;
}

// Later lines finish first: line n waits (10 − n mod 10) ms.
const reversedDelay = (line: number) => 10 - (line % 10);

describe('runBatchEngine', () => {
  it('emits results in input order by default, even when later lines finish first', async () => {
    const results = await collect(items(40, reversedDelay));
    expect(results.map((result) => result.line)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('emits results in completion order with ordered off', async () => {
    const completion: number[] = [];
    const results = await collect(items(8, (line) => (line === 1 ? 30 : 0)), {
      ordered: false,
      run: async (item) => {
        await wait(item.delay);
        completion.push(item.line);
        return { line: item.line, kind: 'done' };
      },
    });
    expect(results.map((result) => result.line)).toEqual(completion);
    expect(results[0]?.line).not.toBe(1);
    expect(results.map((result) => result.line).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('never has more jobs in flight than the concurrency', async () => {
    let inFlight = 0;
    let most = 0;
    await collect(items(100, (line) => line % 3), {
      concurrency: 5,
      run: async (item) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await wait(item.delay);
        inFlight -= 1;
        return { line: item.line, kind: 'done' };
      },
    });
    expect(most).toBe(5);
  });

  it('turns a job that throws into one crashed result for its line and carries on', async () => {
    const results = await collect(items(5), {
      run: async (item) => {
        if (item.line === 3) throw new Error('bug');
        return { line: item.line, kind: 'done' };
      },
    });
    expect(results.map((result) => `${result.line}:${result.kind}`)).toEqual(['1:done', '2:done', '3:crashed', '4:done', '5:done']);
  });

  it('also catches a job that throws before returning a promise', async () => {
    const results = await collect(items(3), {
      run: (item) => {
        if (item.line === 2) throw new Error('sync bug');
        return Promise.resolve({ line: item.line, kind: 'done' as const });
      },
    });
    expect(results.map((result) => result.kind)).toEqual(['done', 'crashed', 'done']);
  });

  it('reports every line not started after a stop as not run, with the reason, and finishes those in flight', async () => {
    const stop = new AbortController();
    const results = await collect(items(50), {
      concurrency: 3,
      stop: stop.signal,
      run: async (item) => {
        if (item.line === 10) stop.abort('interrupted');
        await wait(5);
        return { line: item.line, kind: 'done' };
      },
    });
    expect(results).toHaveLength(50);
    expect(results.map((result) => result.line)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const done = results.filter((result) => result.kind === 'done').map((result) => result.line);
    expect(done).toContain(10);
    expect(Math.max(...done)).toBe(10);
    const notRun = results.filter((result) => result.kind === 'not_run');
    expect(notRun.length).toBe(40);
    expect(notRun.every((result) => result.reason === 'interrupted')).toBe(true);
  });

  it('reports every line as not run when stopped before the start', async () => {
    const stop = new AbortController();
    stop.abort('deadline');
    let ran = 0;
    const results = await collect(items(7), {
      stop: stop.signal,
      run: async (item) => {
        ran += 1;
        return { line: item.line, kind: 'done' };
      },
    });
    expect(ran).toBe(0);
    expect(results.map((result) => [result.line, result.kind, result.reason])).toEqual(
      Array.from({ length: 7 }, (_, i) => [i + 1, 'not_run', 'deadline']),
    );
  });

  it('yields nothing for an empty source', async () => {
    expect(await collect(items(0))).toEqual([]);
  });

  it('emits a finished result while the source is still waiting for its next line', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    async function* slowSource(): AsyncGenerator<Item> {
      yield { line: 1, delay: 0 };
      await gate;
      yield { line: 2, delay: 0 };
    }
    const seen: number[] = [];
    const engine = runBatchEngine<Item, Outcome>(slowSource(), {
      concurrency: 2,
      ordered: true,
      run: async (item) => ({ line: item.line, kind: 'done' }),
      notRun: (item) => ({ line: item.line, kind: 'not_run' }),
      crashed: (item) => ({ line: item.line, kind: 'crashed' }),
    });
    const first = await engine.next();
    seen.push((first.value as Outcome).line);
    release();
    for await (const result of engine) seen.push(result.line);
    expect(seen).toEqual([1, 2]);
  });

  it('keeps in-flight plus buffered lines within the window across 200,000 lines, in order', async () => {
    const concurrency = 16;
    const window = defaultWindow(concurrency);
    let started = 0;
    let emitted = 0;
    let mostHeld = 0;
    let mostInFlight = 0;
    let inFlight = 0;
    let read = 0;
    let mostReadAhead = 0;
    async function* generated(): AsyncGenerator<Item> {
      for (let line = 1; line <= 200_000; line += 1) {
        read += 1;
        mostReadAhead = Math.max(mostReadAhead, read - started);
        // Every 1,000th line is slow, so later lines pile up behind it waiting to be emitted in order.
        yield { line, delay: line % 1000 === 0 ? 2 : 0 };
      }
    }
    let expected = 1;
    let outOfOrder = 0;
    for await (const result of runBatchEngine<Item, Outcome>(generated(), {
      concurrency,
      ordered: true,
      run: async (item) => {
        started += 1;
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        mostHeld = Math.max(mostHeld, started - emitted);
        if (item.delay > 0) await wait(item.delay);
        else await Promise.resolve();
        inFlight -= 1;
        return { line: item.line, kind: 'done' };
      },
      notRun: (item) => ({ line: item.line, kind: 'not_run' }),
      crashed: (item) => ({ line: item.line, kind: 'crashed' }),
    })) {
      emitted += 1;
      if (result.line !== expected) outOfOrder += 1;
      expected += 1;
    }
    expect(emitted).toBe(200_000);
    expect(outOfOrder).toBe(0);
    expect(mostInFlight).toBeLessThanOrEqual(concurrency);
    expect(mostHeld).toBeLessThanOrEqual(window);
    // The slow lines really made results wait: the bound was reached, not trivially met.
    expect(mostHeld).toBeGreaterThan(concurrency);
    expect(mostReadAhead).toBeLessThanOrEqual(1);
  }, 60_000);

  it('starts no new job while the consumer is busy with a result', async () => {
    let started = 0;
    const engine = runBatchEngine<Item, Outcome>(items(1000), {
      concurrency: 4,
      ordered: false,
      run: async (item) => {
        started += 1;
        return { line: item.line, kind: 'done' };
      },
      notRun: (item) => ({ line: item.line, kind: 'not_run' }),
      crashed: (item) => ({ line: item.line, kind: 'crashed' }),
    });
    await engine.next();
    await wait(20);
    expect(started).toBeLessThanOrEqual(4);
    await engine.return(undefined);
  });
});

async function lines(input: string | Buffer[], maxLineBytes = 1024): Promise<RawLine[]> {
  const chunks = typeof input === 'string' ? [Buffer.from(input)] : input;
  async function* source(): AsyncGenerator<Uint8Array> {
    for (const chunk of chunks) yield chunk;
  }
  const result: RawLine[] = [];
  for await (const line of splitLines(source(), maxLineBytes)) result.push(line);
  return result;
}

function texts(raw: RawLine[]): Array<[number, string]> {
  return raw.map((line) => [line.line, line.bytes === undefined ? `<too long: ${line.length}>` : Buffer.from(line.bytes).toString()]);
}

describe('splitLines', () => {
  it('splits on LF and CRLF, keeping physical line numbers and skipping blank lines', async () => {
    expect(texts(await lines('{"a":1}\r\n\n  \t\n{"b":2}\n[3]'))).toEqual([
      [1, '{"a":1}'],
      [4, '{"b":2}'],
      [5, '[3]'],
    ]);
  });

  it('joins a line split across chunks, even a CRLF split between two chunks', async () => {
    const chunks = [Buffer.from('{"na'), Buffer.from('me":"Ada"}\r'), Buffer.from('\n{"x"'), Buffer.from(':1}')];
    expect(texts(await lines(chunks))).toEqual([
      [1, '{"name":"Ada"}'],
      [2, '{"x":1}'],
    ]);
  });

  it('drops a UTF-8 byte-order mark before the first line only', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(texts(await lines([Buffer.concat([bom, Buffer.from('1\n'), bom, Buffer.from('2')])]))).toEqual([
      [1, '1'],
      [2, '\ufeff2'],
    ]);
  });

  it('reports a line over the limit by its length without keeping it, and carries on', async () => {
    const long = 'x'.repeat(50);
    expect(texts(await lines([Buffer.from(`1\n${long.slice(0, 20)}`), Buffer.from(`${long.slice(20)}\n2\n`)], 10))).toEqual([
      [1, '1'],
      [2, '<too long: 50>'],
      [3, '2'],
    ]);
  });

  it('gives each line its own copy of the bytes', async () => {
    const chunk = Buffer.from('aa\nbb\n');
    const [first] = await lines([chunk]);
    chunk.fill(0x7a);
    expect(Buffer.from(first!.bytes!).toString()).toBe('aa');
  });

  it('yields nothing for empty input or only newlines', async () => {
    expect(await lines('')).toEqual([]);
    expect(await lines('\n\n\r\n')).toEqual([]);
  });
});

describe('the batch exit-code rule', () => {
  it('maps each line outcome to its exit code', () => {
    expect(exitCodeForLine('ok')).toBe(0);
    expect(exitCodeForLine('function_error')).toBe(1);
    expect(exitCodeForLine('input_error')).toBe(2);
    expect(exitCodeForLine('api_error')).toBe(3);
    expect(exitCodeForLine('transport_error')).toBe(4);
    expect(exitCodeForLine('not_run', 'deadline')).toBe(4);
    expect(exitCodeForLine('outcome_unknown')).toBe(5);
    expect(exitCodeForLine('internal_error')).toBe(70);
    expect(exitCodeForLine('not_run', 'interrupted')).toBe(130);
  });

  it('keeps the highest-priority code whatever the order of the lines', () => {
    const codes = [EXIT_CODES.functionError, EXIT_CODES.outcomeUnknown, EXIT_CODES.usage, EXIT_CODES.apiError, EXIT_CODES.ok] as const;
    expect(codes.reduce(worseExitCode, EXIT_CODES.ok)).toBe(5);
    expect([...codes].reverse().reduce(worseExitCode, EXIT_CODES.ok)).toBe(5);
    expect([EXIT_CODES.functionError, EXIT_CODES.usage].reduce(worseExitCode, EXIT_CODES.ok)).toBe(2);
    expect([EXIT_CODES.ok, EXIT_CODES.ok].reduce(worseExitCode, EXIT_CODES.ok)).toBe(0);
  });
});

// The batch command in-process (main with captured streams) against the built-in emulator.
describe('fcinvoke invoke --repeat in-process', () => {
  const argv = ['invoke', 'tencent', 'hello', '--local', '--repeat', '3'];

  it('draws a progress line on a terminal stderr and clears it before the summary', async () => {
    const run = await runMain(argv, { stderrTTY: true, env: cleanEnv({ TERM: 'xterm', NO_COLOR: '1' }) });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('\r\u001b[2K[');
    expect(run.stderr).toMatch(/\/3 \d+%/);
    expect(run.stderr).toMatch(/\r\u001b\[2Kbatch: 3 lines/);
  });

  it('draws no progress line in CI, off a terminal, or under --debug', async () => {
    for (const options of [
      { stderrTTY: true, env: cleanEnv({ TERM: 'xterm', CI: 'true' }) },
      { stderrTTY: false, env: cleanEnv({ TERM: 'xterm' }) },
    ]) {
      const run = await runMain([...argv, '--json'], options);
      expect(run.code).toBe(0);
      expect(run.stderr).not.toContain('\u001b[2K');
    }
    const debug = await runMain([...argv, '--debug'], { stderrTTY: true, env: cleanEnv({ TERM: 'xterm' }) });
    expect(debug.stderr).not.toContain('\u001b[2K');
    expect(debug.stderr).toMatch(/debug: line 3: \{/);
  });

  it('prints one --query value per line', async () => {
    const run = await runMain([...argv, '--query', 'line']);
    expect(run.stdout).toBe('1\n2\n3\n');
  });

  it('gives each line its own async task id derived from --task-id', async () => {
    const run = await runMain(
      ['invoke', 'aliyun', 'hello', '--local', '--async', '--task-id', 'job', '--repeat', '2', '--json', '--query', 'functionRequestId'],
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('job-1\njob-2\n');
  });

  it('reports every line as not run, and exits 130, when interrupted before it starts', async () => {
    const controller = new AbortController();
    controller.abort();
    const out: string[] = [];
    const err: string[] = [];
    const code = await main([...argv, '--json'], {
      stdout: { write: (data) => void out.push(String(data)), isTTY: false },
      stderr: { write: (data) => void err.push(String(data)), isTTY: false },
      stdin: { isTTY: true, read: async () => new Uint8Array() },
      env: cleanEnv(),
      cwd: EMPTY_DIR,
      home: EMPTY_DIR,
      signal: controller.signal,
    });
    expect(code).toBe(130);
    const lines = out.join('').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.slice(0, 3).map((line) => [line['line'], line['status']])).toEqual([
      [1, 'not_run'],
      [2, 'not_run'],
      [3, 'not_run'],
    ]);
    expect(lines[3]).toMatchObject({ summary: { count: 3, notRun: 3 } });
    expect(err.join('')).toContain('lines 1–3: not run (interrupted)');
  });
});

describe('fcinvoke invoke --events-file - in-process', () => {
  it('reads standard input chunk by chunk when the Io can stream it, never whole', async () => {
    const out: string[] = [];
    async function* chunks(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('{"name":"A"}\n{"na');
      yield Buffer.from('me":"B"}\n');
    }
    const stdin = {
      isTTY: false,
      read: async (): Promise<Uint8Array> => {
        throw new Error('read whole');
      },
      stream: chunks,
    };
    const code = await main(['invoke', 'tencent', 'hello', '--local', '--events-file', '-', '--query', 'result.message'], {
      stdout: { write: (data) => void out.push(String(data)), isTTY: false },
      stderr: { write: () => undefined, isTTY: false },
      stdin,
      env: cleanEnv(),
      cwd: EMPTY_DIR,
      home: EMPTY_DIR,
      signal: new AbortController().signal,
    });
    expect(code).toBe(0);
    expect(out.join('')).toBe('Hello, A!\nHello, B!\n');
  });
});
