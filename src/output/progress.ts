/**
 * The batch progress line for a terminal's stderr: done/total, rate, errors, elapsed and ETA. Pure: (state, style)
 * → one line without a newline; the caller rewrites it in place (`\r` + clear) and decides whether to show it.
 */
import type { Style } from './style.js';

/** Where a batch stands. */
export interface ProgressState {
  /** Lines finished (any outcome). */
  done: number;
  /** Lines in all, when known (`--repeat`, or a counted events file); null for a stream. */
  total: number | null;
  /** Finished lines that did not succeed. */
  failed: number;
  /** Retries so far. */
  retries: number;
  elapsedMs: number;
}

/** Cells of the bar. */
const BAR_WIDTH = 24;

/** One progress line, e.g. `[██████░░░░] 1,200/5,000 24% · 410/s · 3 errors · 0:03 · eta 0:09`. */
export function renderProgress(state: ProgressState, style: Style): string {
  const seconds = state.elapsedMs / 1000;
  const rate = seconds > 0 ? state.done / seconds : 0;
  const parts: string[] = [];
  if (state.total !== null && state.total > 0) {
    const fraction = Math.min(1, state.done / state.total);
    const filled = Math.round(fraction * BAR_WIDTH);
    parts.push(
      `${style.dim('[')}${'█'.repeat(filled)}${style.dim('░'.repeat(BAR_WIDTH - filled))}${style.dim(']')} ${formatCount(state.done)}/${formatCount(state.total)} ${Math.floor(fraction * 100)}%`,
    );
  } else {
    parts.push(`${formatCount(state.done)} done`);
  }
  parts.push(`${formatRate(rate)}/s`);
  if (state.failed > 0) parts.push(style.fail(`${formatCount(state.failed)} ${state.failed === 1 ? 'error' : 'errors'}`));
  if (state.retries > 0) parts.push(`${formatCount(state.retries)} ${state.retries === 1 ? 'retry' : 'retries'}`);
  parts.push(formatClock(state.elapsedMs));
  if (state.total !== null && rate > 0 && state.done < state.total) {
    parts.push(`eta ${formatClock(((state.total - state.done) / rate) * 1000)}`);
  }
  return parts.join(style.dim(' · '));
}

/** `1,234,567`. */
export function formatCount(count: number): string {
  return Math.round(count).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `m:ss`, or `h:mm:ss` from an hour up. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

function formatRate(rate: number): string {
  return rate >= 100 ? formatCount(rate) : rate >= 10 ? rate.toFixed(0) : rate.toFixed(1);
}
