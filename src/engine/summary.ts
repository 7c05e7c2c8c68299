/**
 * The batch summary: counts by outcome, retries, throughput, latency percentiles, billed time and GB-seconds.
 *
 * It is accumulated one line at a time in bounded memory, so a 1,000,000-line batch costs no more than 10,000 lines:
 * latencies beyond the first 10,000 go into a log-scale histogram (1 % relative precision) instead of a list. Pure: the elapsed time is
 * passed in. docs/batch.md describes each field.
 */
import type { InvocationStatus } from '../core/result.js';

/** What a batch line came to: an invocation status, or one of the outcomes where nothing useful was sent. */
export type BatchStatus = InvocationStatus | 'input_error' | 'not_run' | 'internal_error';

/** What the summary needs to know about one finished line. */
export interface SummaryEntry {
  status: BatchStatus;
  /** Retries this line took. */
  retries: number;
  /** From the first attempt's start to the final answer, waits included; null when nothing was sent. */
  latencyMs: number | null;
  billedDurationMs: number | null;
  /** The memory size the function is configured with, when the provider reports it (what is billed). */
  memorySizeMb?: number | undefined;
  /** The peak memory the function used, when reported. */
  memoryUsedBytes: number | null;
}

/** The final summary: the `{"summary": …}` line of `--json` batch output. */
export interface BatchSummary {
  /** Lines read (every one has a result line). */
  count: number;
  ok: number;
  functionErrors: number;
  apiErrors: number;
  transportErrors: number;
  outcomeUnknown: number;
  /** Lines that were not valid events; nothing was sent for them. */
  inputErrors: number;
  /** Lines never started (Ctrl-C or `--deadline`). */
  notRun: number;
  /** Lines that hit a bug in fcinvoke. */
  internalErrors: number;
  /** Retries across all lines. */
  retries: number;
  /** From the start of the batch to its last result. */
  elapsedMs: number;
  /** Invocations sent (lines other than input errors and not run) per second of `elapsedMs`. */
  invocationsPerSecond: number;
  /** Percentiles of per-line latency (exact up to 10,000 lines, within 1 % beyond); null when no line was sent. */
  latencyMs: { p50: number; p90: number; p99: number; max: number } | null;
  /** The sum of the billed durations the provider reported; null when none did. */
  billedDurationMs: number | null;
  /**
   * Σ memory × billed time, in GB-seconds (1 GB = 1024 MB): configured memory where the provider reports it
   * (FunctionGraph), else the memory used, which is a lower bound of what is billed. Null when no line had both.
   */
  gbSeconds: number | null;
}

/** Collects lines into a {@link BatchSummary}. */
export class SummaryAccumulator {
  private readonly counts = {
    count: 0,
    ok: 0,
    functionErrors: 0,
    apiErrors: 0,
    transportErrors: 0,
    outcomeUnknown: 0,
    inputErrors: 0,
    notRun: 0,
    internalErrors: 0,
    retries: 0,
  };
  private readonly latencies = new LatencyHistogram();
  private billed: number | null = null;
  private gbSeconds: number | null = null;

  /** Lines added so far. */
  get count(): number {
    return this.counts.count;
  }

  /** Lines added so far that did not succeed. */
  get failures(): number {
    return this.counts.count - this.counts.ok;
  }

  /** Adds one finished line. */
  add(entry: SummaryEntry): void {
    const counts = this.counts;
    counts.count += 1;
    counts.retries += entry.retries;
    switch (entry.status) {
      case 'ok':
        counts.ok += 1;
        break;
      case 'function_error':
        counts.functionErrors += 1;
        break;
      case 'api_error':
        counts.apiErrors += 1;
        break;
      case 'transport_error':
        counts.transportErrors += 1;
        break;
      case 'outcome_unknown':
        counts.outcomeUnknown += 1;
        break;
      case 'input_error':
        counts.inputErrors += 1;
        break;
      case 'not_run':
        counts.notRun += 1;
        break;
      case 'internal_error':
        counts.internalErrors += 1;
        break;
      default: {
        const unreachable: never = entry.status;
        throw new Error(`unknown status ${String(unreachable)}`);
      }
    }
    if (entry.latencyMs !== null) this.latencies.add(entry.latencyMs);
    if (entry.billedDurationMs !== null) {
      this.billed = (this.billed ?? 0) + entry.billedDurationMs;
      const gb =
        entry.memorySizeMb !== undefined
          ? entry.memorySizeMb / 1024
          : entry.memoryUsedBytes !== null
            ? entry.memoryUsedBytes / 1024 ** 3
            : undefined;
      if (gb !== undefined) this.gbSeconds = (this.gbSeconds ?? 0) + (gb * entry.billedDurationMs) / 1000;
    }
  }

  /** The summary, with `elapsedMs` the batch's wall time. */
  finish(elapsedMs: number): BatchSummary {
    const sent = this.latencies.count;
    return {
      ...this.counts,
      elapsedMs: round(elapsedMs, 1),
      invocationsPerSecond: elapsedMs > 0 ? round((sent * 1000) / elapsedMs, 1) : 0,
      latencyMs:
        sent === 0
          ? null
          : {
              p50: round(this.latencies.percentile(50), 1),
              p90: round(this.latencies.percentile(90), 1),
              p99: round(this.latencies.percentile(99), 1),
              max: round(this.latencies.max, 1),
            },
      billedDurationMs: this.billed === null ? null : round(this.billed, 1),
      gbSeconds: this.gbSeconds === null ? null : round(this.gbSeconds, 6),
    };
  }
}

/**
 * Latency percentiles in bounded memory: the first 10,000 values are kept and give exact percentiles; beyond that
 * a log-scale histogram takes over, whose bucket i holds values up to MIN × (1 + ε)^i, so a percentile read from
 * it is at most ε (1 %) above the true value. 0.001 ms to ~17 hours in 2,500 counters.
 */
export class LatencyHistogram {
  private readonly buckets = new Float64Array(HISTOGRAM_BUCKETS);
  private readonly exact = new Float64Array(EXACT_SAMPLES);
  private sorted: Float64Array | undefined;
  private total = 0;
  private smallest = Number.POSITIVE_INFINITY;
  private largest = 0;

  get count(): number {
    return this.total;
  }

  get max(): number {
    return this.total === 0 ? 0 : this.largest;
  }

  add(valueMs: number): void {
    const value = Math.max(0, valueMs);
    if (this.total < EXACT_SAMPLES) this.exact[this.total] = value;
    this.buckets[bucketOf(value)]! += 1;
    this.total += 1;
    this.sorted = undefined;
    if (value < this.smallest) this.smallest = value;
    if (value > this.largest) this.largest = value;
  }

  /** The nearest-rank percentile `p` (0–100). */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    if (this.total <= EXACT_SAMPLES) {
      this.sorted ??= this.exact.slice(0, this.total).sort();
      return this.sorted[rank - 1]!;
    }
    let seen = 0;
    for (let index = 0; index < this.buckets.length; index += 1) {
      seen += this.buckets[index]!;
      if (seen >= rank) {
        const upper = index === 0 ? this.smallest : HISTOGRAM_MIN_MS * HISTOGRAM_GROWTH ** index;
        return Math.min(Math.max(upper, this.smallest), this.largest);
      }
    }
    return this.largest;
  }
}

const EXACT_SAMPLES = 10_000;
const HISTOGRAM_MIN_MS = 0.001;
const HISTOGRAM_GROWTH = 1.01;
const HISTOGRAM_BUCKETS = 2_500;

function bucketOf(value: number): number {
  if (value <= HISTOGRAM_MIN_MS) return 0;
  const index = Math.ceil(Math.log(value / HISTOGRAM_MIN_MS) / Math.log(HISTOGRAM_GROWTH));
  return Math.min(index, HISTOGRAM_BUCKETS - 1);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
