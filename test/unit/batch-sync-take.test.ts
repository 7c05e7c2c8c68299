/**
 * The engine's synchronous take (engine/batch.ts SyncTakingIterator): a source that has its next line at hand
 * hands it over without a promise, and the results are the same as through `next()`; LineSplitter splits like
 * splitLines, one chunk at a time.
 */
import { describe, expect, it } from 'vitest';
import { LineSplitter, runBatchEngine, splitLines, type RawLine, type SyncTakingSource } from '../../src/engine/batch.js';

type Outcome = { line: number; kind: 'done' | 'not_run' | 'crashed' };

/** Lines 1..count; `takeSync` has them at hand except every `gap`-th, which only `next()` gives. */
function source(count: number, gap: number, log: string[]): SyncTakingSource<number> {
  return {
    [Symbol.asyncIterator]() {
      let line = 0;
      const step = (): IteratorResult<number> => (line >= count ? { done: true, value: undefined } : { done: false, value: (line += 1) });
      return {
        takeSync: () => {
          if (line < count && (line + 1) % gap === 0) return undefined;
          log.push('sync');
          return step();
        },
        next: async () => {
          log.push('next');
          await new Promise((resolve) => setTimeout(resolve, 1));
          return step();
        },
      };
    },
  };
}

async function run(items: SyncTakingSource<number> | AsyncIterable<number>, ordered: boolean, stop?: AbortSignal): Promise<Outcome[]> {
  const results: Outcome[] = [];
  for await (const result of runBatchEngine<number, Outcome>(items, {
    concurrency: 3,
    ordered,
    stop,
    run: async (line) => {
      await new Promise((resolve) => setTimeout(resolve, line % 4));
      if (line === 7) throw new Error('bug');
      return { line, kind: 'done' };
    },
    notRun: (line) => ({ line, kind: 'not_run' }),
    crashed: (line) => ({ line, kind: 'crashed' }),
  })) {
    results.push(result);
  }
  return results;
}

describe('runBatchEngine with a source that takes synchronously', () => {
  it('takes the lines at hand synchronously, waits through next() for the others, and emits one result per line in order', async () => {
    const log: string[] = [];
    const results = await run(source(40, 5, log), true);
    expect(results.map((result) => result.line)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(results.filter((result) => result.kind === 'crashed').map((result) => result.line)).toEqual([7]);
    expect(log.filter((entry) => entry === 'next')).toHaveLength(8);
    expect(log.filter((entry) => entry === 'sync').length).toBeGreaterThan(32);
  });

  it('gives every line a result in completion order too', async () => {
    const results = await run(source(25, 4, []), false);
    expect(results.map((result) => result.line).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('turns the lines taken after a stop into not-run results', async () => {
    const stop = new AbortController();
    stop.abort();
    const results = await run(source(10, 3, []), true, stop.signal);
    expect(results.map((result) => result.kind)).toEqual(Array(10).fill('not_run'));
  });
});

describe('LineSplitter', () => {
  it('splits chunk by chunk as splitLines does', async () => {
    const chunks = [Buffer.from('\ufeff{"a":1}\r\n\n{"na'), Buffer.from('me":"Ada"}\r'), Buffer.from('\n  \n'), Buffer.from(`${'x'.repeat(30)}\n[3]`)];
    const splitter = new LineSplitter(20);
    const direct: RawLine[] = [];
    for (const chunk of chunks) {
      splitter.push(chunk);
      for (let line = splitter.next(); line !== undefined; line = splitter.next()) direct.push(line);
    }
    const last = splitter.end();
    if (last !== undefined) direct.push(last);
    async function* stream(): AsyncGenerator<Uint8Array> {
      yield* chunks;
    }
    const viaGenerator: RawLine[] = [];
    for await (const line of splitLines(stream(), 20)) viaGenerator.push(line);
    expect(direct).toEqual(viaGenerator);
    expect(direct.map((line) => [line.line, line.bytes === undefined ? line.length : Buffer.from(line.bytes).toString()])).toEqual([
      [1, '{"a":1}'],
      [3, '{"name":"Ada"}'],
      [5, 30],
      [6, '[3]'],
    ]);
  });
});
