/** The batch summary (core/summary.ts) and its renderers, with the progress line (output/summary.ts, progress.ts). */
import { describe, expect, it } from 'vitest';
import { LatencyHistogram, SummaryAccumulator, type SummaryEntry } from '../../src/engine/summary.js';
import { formatClock, formatCount, renderProgress } from '../../src/output/progress.js';
import { PLAIN_STYLE } from '../../src/output/style.js';
import { renderBatchSummary, renderSummaryJson } from '../../src/output/summary.js';

function entry(overrides: Partial<SummaryEntry>): SummaryEntry {
  return { status: 'ok', retries: 0, latencyMs: 10, billedDurationMs: null, memoryUsedBytes: null, ...overrides };
}

describe('SummaryAccumulator', () => {
  it('counts every outcome and the retries', () => {
    const summary = new SummaryAccumulator();
    for (const status of [
      'ok',
      'ok',
      'function_error',
      'api_error',
      'transport_error',
      'outcome_unknown',
      'input_error',
      'not_run',
      'not_run',
      'internal_error',
    ] as const) {
      summary.add(entry({ status, retries: status === 'ok' ? 2 : 0, latencyMs: status === 'input_error' || status === 'not_run' ? null : 10 }));
    }
    expect(summary.count).toBe(10);
    expect(summary.failures).toBe(8);
    expect(summary.finish(1000)).toMatchObject({
      count: 10,
      ok: 2,
      functionErrors: 1,
      apiErrors: 1,
      transportErrors: 1,
      outcomeUnknown: 1,
      inputErrors: 1,
      notRun: 2,
      internalErrors: 1,
      retries: 4,
    });
  });

  it('computes throughput over the lines that were sent', () => {
    const summary = new SummaryAccumulator();
    for (let i = 0; i < 30; i += 1) summary.add(entry({}));
    summary.add(entry({ status: 'input_error', latencyMs: null }));
    expect(summary.finish(1500)).toMatchObject({ elapsedMs: 1500, invocationsPerSecond: 20 });
  });

  it('gives exact nearest-rank latency percentiles for up to 10,000 lines', () => {
    const summary = new SummaryAccumulator();
    for (let ms = 1000; ms >= 1; ms -= 1) summary.add(entry({ latencyMs: ms }));
    expect(summary.finish(1000).latencyMs).toEqual({ p50: 500, p90: 900, p99: 990, max: 1000 });
  });

  it('gives latency percentiles within 1 % and the exact maximum beyond 10,000 lines', () => {
    const summary = new SummaryAccumulator();
    for (let i = 0; i < 50_000; i += 1) summary.add(entry({ latencyMs: (i % 1000) + 1 }));
    const latency = summary.finish(1000).latencyMs!;
    for (const [actual, exact] of [
      [latency.p50, 500],
      [latency.p90, 900],
      [latency.p99, 990],
    ] as const) {
      expect(actual).toBeGreaterThanOrEqual(exact * 0.999);
      expect(actual).toBeLessThanOrEqual(exact * 1.01);
    }
    expect(latency.max).toBe(1000);
  });

  it('reports no latency when nothing was sent', () => {
    const summary = new SummaryAccumulator();
    summary.add(entry({ status: 'input_error', latencyMs: null }));
    expect(summary.finish(5)).toMatchObject({ latencyMs: null, invocationsPerSecond: 0, billedDurationMs: null, gbSeconds: null });
  });

  it('sums billed time and GB-seconds from configured memory, else memory used', () => {
    const summary = new SummaryAccumulator();
    // 512 MB configured × 2 s = 1 GB-s; 256 MiB used × 1 s = 0.25 GB-s; no memory: billed only.
    summary.add(entry({ billedDurationMs: 2000, memorySizeMb: 512, memoryUsedBytes: 10 * 1024 * 1024 }));
    summary.add(entry({ billedDurationMs: 1000, memoryUsedBytes: 256 * 1024 * 1024 }));
    summary.add(entry({ billedDurationMs: 500 }));
    expect(summary.finish(10)).toMatchObject({ billedDurationMs: 3500, gbSeconds: 1.25 });
  });

  it('reports no GB-seconds when the provider reports no memory', () => {
    const summary = new SummaryAccumulator();
    summary.add(entry({ billedDurationMs: 100 }));
    expect(summary.finish(10)).toMatchObject({ billedDurationMs: 100, gbSeconds: null });
  });

  it('holds a million lines in the same memory as one (a fixed histogram, no list)', () => {
    const histogram = new LatencyHistogram();
    for (let i = 0; i < 1_000_000; i += 1) histogram.add((i % 5000) / 10);
    expect(histogram.count).toBe(1_000_000);
    expect(histogram.max).toBe(499.9);
    const p50 = histogram.percentile(50);
    expect(p50).toBeGreaterThanOrEqual(249.9);
    expect(p50).toBeLessThanOrEqual(250 * 1.01);
    expect(histogram.percentile(0)).toBe(0);
  });
});

describe('renderBatchSummary', () => {
  it('prints counts, timing and billing, with only the failure kinds that happened', () => {
    const summary = new SummaryAccumulator();
    summary.add(entry({ latencyMs: 12, billedDurationMs: 100, memorySizeMb: 1024, retries: 1 }));
    summary.add(entry({ status: 'api_error', latencyMs: 8 }));
    summary.add(entry({ status: 'input_error', latencyMs: null }));
    expect(renderBatchSummary(summary.finish(2000), PLAIN_STYLE)).toBe(
      [
        'batch: 3 lines in 2.00 s · 1 invocations/s',
        '  ✔ 1 ok · ✖ 1 API error · 1 invalid line',
        '  1 retry · latency p50 8 ms · p90 12 ms · p99 12 ms · max 12 ms',
        '  billed 100 ms · 0.100 GB-s',
        '',
      ].join('\n'),
    );
  });

  it('prints a clean line when everything succeeded', () => {
    const summary = new SummaryAccumulator();
    summary.add(entry({ latencyMs: 5 }));
    expect(renderBatchSummary(summary.finish(10), PLAIN_STYLE).split('\n')[1]).toBe('  ✔ 1 ok');
  });

  it('renders the JSON summary as one line under a summary key', () => {
    const summary = new SummaryAccumulator();
    summary.add(entry({}));
    const text = renderSummaryJson(summary.finish(100));
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd()).not.toContain('\n');
    expect(JSON.parse(text)).toMatchObject({ summary: { count: 1, ok: 1, invocationsPerSecond: 10 } });
  });
});

describe('renderProgress', () => {
  it('draws a bar, the count, rate, errors, retries, elapsed time and ETA when the total is known', () => {
    expect(renderProgress({ done: 250, total: 1000, failed: 3, retries: 1, elapsedMs: 5000 }, PLAIN_STYLE)).toBe(
      '[██████░░░░░░░░░░░░░░░░░░] 250/1,000 25% · 50/s · 3 errors · 1 retry · 0:05 · eta 0:15',
    );
  });

  it('shows only the count when the total is unknown', () => {
    expect(renderProgress({ done: 12_345, total: null, failed: 0, retries: 0, elapsedMs: 61_000 }, PLAIN_STYLE)).toBe(
      '12,345 done · 202/s · 1:01',
    );
  });

  it('formats counts and clocks', () => {
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatCount(999)).toBe('999');
    expect(formatClock(3_725_000)).toBe('1:02:05');
    expect(formatClock(59_999)).toBe('0:59');
  });
});
