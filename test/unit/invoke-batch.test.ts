/**
 * The engine's batch (engine/invoke-batch.ts) without the CLI, against the emulator in this process: one line per
 * input in order, then the summary; input errors, cancellation, the deadline and an outside stop as lines.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { invokeBatch, type BatchEnd, type BatchInput, type BatchLine } from '../../src/engine/invoke-batch.js';
import { DEMO_CREDENTIALS, DEMO_IDENTIFIERS } from '../../src/emulator/demo-credentials.js';
import { tencentProvider } from '../../src/providers/tencent/index.js';
import type { InvokeInput } from '../../src/providers/types.js';
import { useEmulator } from '../helpers/emulator.js';

const emulator = await useEmulator();
const credentials = DEMO_CREDENTIALS.tencent;

function input(event: unknown, functionName = 'echo'): InvokeInput {
  return {
    provider: 'tencent',
    functionName,
    region: DEMO_IDENTIFIERS.region.tencent,
    event: new TextEncoder().encode(JSON.stringify(event)),
    invocationType: 'sync',
    logs: false,
    endpoint: emulator.url,
  };
}

async function collect(events: AsyncIterable<BatchLine | BatchEnd>): Promise<{ lines: BatchLine[]; end: BatchEnd[] }> {
  const lines: BatchLine[] = [];
  const end: BatchEnd[] = [];
  for await (const event of events) {
    if (event.type === 'line') {
      expect(end).toEqual([]);
      lines.push(event);
    } else end.push(event);
  }
  return { lines, end };
}

describe('invokeBatch', () => {
  it('yields one line per input, in input order, numbering plain inputs, then one summary', async () => {
    const inputs = Array.from({ length: 12 }, (_, i) => input({ n: i + 1, ms: (12 - i) * 2 }, i % 2 === 0 ? 'echo' : 'sleep'));
    const { lines, end } = await collect(invokeBatch(tencentProvider, inputs, credentials, { concurrency: 4 }));
    expect(lines.map((line) => line.line)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(lines.every((line) => line.result.status === 'ok' && line.result.line === line.line)).toBe(true);
    expect(lines[0]!.result.result).toEqual({ n: 1, ms: 24 });
    expect(end).toHaveLength(1);
    expect(end[0]!.summary).toMatchObject({ count: 12, ok: 12, notRun: 0, retries: 0 });
  });

  it('reads an async source, and reports a line that is not an event as an input error with nothing sent', async () => {
    async function* source(): AsyncGenerator<BatchInput> {
      yield { line: 3, input: input({ a: 1 }) };
      yield { line: 5, input: input({}), error: new InputError('invalid event JSON', { code: 'input.event_json' }) };
    }
    const { lines, end } = await collect(invokeBatch(tencentProvider, source(), credentials));
    expect(lines.map((line) => [line.line, line.result.status, line.result.error?.code ?? null])).toEqual([
      [3, 'ok', null],
      [5, 'input_error', 'input.event_json'],
    ]);
    expect(lines[1]!.invocation).toBeNull();
    expect(end[0]!.summary).toMatchObject({ count: 2, ok: 1, inputErrors: 1 });
  });

  it('turns every input not started into a not_run line when cancelled, named as the caller says', async () => {
    const controller = new AbortController();
    controller.abort();
    const { lines, end } = await collect(
      invokeBatch(tencentProvider, [input(1), input(2), input(3)], credentials, {
        signal: controller.signal,
        cancelledBy: () => 'Ctrl-C',
      }),
    );
    expect(lines.map((line) => [line.result.status, line.result.error])).toEqual(
      Array.from({ length: 3 }, () => ['not_run', { code: 'interrupted', message: 'not run: interrupted (Ctrl-C)' }]),
    );
    expect(end[0]!.summary).toMatchObject({ count: 3, notRun: 3 });
  });

  it('stops starting lines when told to, with the reason given, and lets the lines in flight finish', async () => {
    const stop = new AbortController();
    const inputs = (function* () {
      for (let n = 1; n <= 20; n += 1) {
        if (n === 4) stop.abort({ code: 'output_closed', message: 'not run: standard output was closed' });
        yield input({ n });
      }
    })();
    const { lines } = await collect(invokeBatch(tencentProvider, inputs, credentials, { concurrency: 2, stop: stop.signal }));
    expect(lines).toHaveLength(20);
    const ran = lines.filter((line) => line.result.status === 'ok').map((line) => line.line);
    expect(ran).toEqual([1, 2, 3]);
    expect(lines.slice(3).every((line) => line.result.status === 'not_run' && line.result.error?.code === 'output_closed')).toBe(true);
  });

  it('reports the inputs not started before the deadline as not run (deadline)', async () => {
    const inputs = Array.from({ length: 6 }, () => input({ ms: 150 }, 'sleep'));
    const { lines, end } = await collect(invokeBatch(tencentProvider, inputs, credentials, { concurrency: 1, deadlineMs: 100 }));
    expect(lines).toHaveLength(6);
    expect(lines.slice(1).every((line) => line.result.status === 'not_run' && line.result.error?.code === 'deadline')).toBe(true);
    expect(end[0]!.summary.notRun).toBe(5);
  });

  it('retries a throttled line by the one retry rule and counts the retry', async () => {
    let attempts = 0;
    const throttledOnce = {
      ...tencentProvider,
      parseResponse: (...args: Parameters<typeof tencentProvider.parseResponse>) => {
        attempts += 1;
        const parsed = tencentProvider.parseResponse(...args);
        if (attempts > 1) return parsed;
        return { ...parsed, result: { ...parsed.result, status: 'api_error' as const, error: { code: 'RequestLimitExceeded', message: 'slow down' } } };
      },
    };
    const retried: number[] = [];
    const { lines, end } = await collect(
      invokeBatch(throttledOnce, [input({ n: 1 })], credentials, {
        retries: 2,
        sleep: async () => undefined,
        onRetry: (line) => retried.push(line),
      }),
    );
    expect(lines[0]!.result.status).toBe('ok');
    expect(lines[0]!.retries).toBe(1);
    expect(retried).toEqual([1]);
    expect(end[0]!.summary.retries).toBe(1);
  });
});

describe('invokeBatch connections', () => {
  it('opens at most --concurrency connections for a whole batch', async () => {
    const { createServer } = await import('node:net');
    // A TCP relay in front of the emulator, counting the connections the batch opens.
    let connections = 0;
    const relay = createServer((client) => {
      connections += 1;
      const upstream = connect(emulator.port, '127.0.0.1');
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const port = (relay.address() as { port: number }).port;
    try {
      const inputs = Array.from({ length: 60 }, (_, i) => ({ ...input({ n: i, ms: 3 }, 'sleep'), endpoint: `http://127.0.0.1:${port}` }));
      const { lines } = await collect(invokeBatch(tencentProvider, inputs, credentials, { concurrency: 5 }));
      expect(lines.filter((line) => line.result.status === 'ok')).toHaveLength(60);
      expect(connections).toBeGreaterThan(0);
      expect(connections).toBeLessThanOrEqual(5);
    } finally {
      relay.close();
    }
  });
});
