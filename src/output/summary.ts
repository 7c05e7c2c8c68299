/**
 * Renderers for the batch summary: the human block for stderr and the final `{"summary": …}` line of `--json`.
 * Pure: (summary, style) → string.
 */
import type { BatchSummary } from '../engine/summary.js';
import { formatMs } from './human.js';
import { formatCount } from './progress.js';
import type { Style } from './style.js';

/** The last line of `--json` batch output. */
export function renderSummaryJson(summary: BatchSummary): string {
  return `${JSON.stringify({ summary })}\n`;
}

/**
 * The human summary, e.g.
 * ```
 * batch: 1,000 lines in 2.41 s · 415 invocations/s
 *   ✔ 990 ok · ✖ 4 function errors · 3 API errors · 2 invalid lines · 1 not run
 *   retries 5 · latency p50 12.3 ms · p90 20.1 ms · p99 45 ms · max 80.2 ms
 *   billed 12.30 s · 1.5375 GB-s
 * ```
 */
export function renderBatchSummary(summary: BatchSummary, style: Style): string {
  const lines: string[] = [];
  lines.push(
    `${style.bold('batch:')} ${formatCount(summary.count)} ${summary.count === 1 ? 'line' : 'lines'} in ${formatMs(summary.elapsedMs)}${
      summary.invocationsPerSecond > 0 ? ` · ${formatRateValue(summary.invocationsPerSecond)} invocations/s` : ''
    }`,
  );
  const failures = FAILURE_KINDS.filter(([key]) => summary[key] > 0).map(
    ([key, one, many]) => `${formatCount(summary[key])} ${summary[key] === 1 ? one : many}`,
  );
  const okPart = `${style.ok('✔')} ${formatCount(summary.ok)} ok`;
  lines.push(`  ${failures.length === 0 ? okPart : `${okPart} · ${style.fail('✖')} ${failures.join(' · ')}`}`);
  const timing: string[] = [];
  if (summary.retries > 0) timing.push(`${formatCount(summary.retries)} ${summary.retries === 1 ? 'retry' : 'retries'}`);
  if (summary.latencyMs !== null) {
    const { p50, p90, p99, max } = summary.latencyMs;
    timing.push(`latency p50 ${formatMs(p50)} · p90 ${formatMs(p90)} · p99 ${formatMs(p99)} · max ${formatMs(max)}`);
  }
  if (timing.length > 0) lines.push(`  ${style.dim(timing.join(' · '))}`);
  const billing: string[] = [];
  if (summary.billedDurationMs !== null) billing.push(`billed ${formatMs(summary.billedDurationMs)}`);
  if (summary.gbSeconds !== null) billing.push(`${formatGbSeconds(summary.gbSeconds)} GB-s`);
  if (billing.length > 0) lines.push(`  ${style.dim(billing.join(' · '))}`);
  return `${lines.join('\n')}\n`;
}

type CountKey = 'functionErrors' | 'apiErrors' | 'transportErrors' | 'outcomeUnknown' | 'inputErrors' | 'notRun' | 'internalErrors';

const FAILURE_KINDS: ReadonlyArray<readonly [CountKey, string, string]> = [
  ['functionErrors', 'function error', 'function errors'],
  ['apiErrors', 'API error', 'API errors'],
  ['transportErrors', 'transport error', 'transport errors'],
  ['outcomeUnknown', 'outcome unknown', 'outcome unknown'],
  ['inputErrors', 'invalid line', 'invalid lines'],
  ['notRun', 'not run', 'not run'],
  ['internalErrors', 'internal error', 'internal errors'],
];

function formatRateValue(rate: number): string {
  return rate >= 100 ? formatCount(rate) : String(Math.round(rate * 10) / 10);
}

function formatGbSeconds(value: number): string {
  if (value === 0) return '0';
  return value >= 1 ? value.toFixed(2) : value.toPrecision(3);
}
