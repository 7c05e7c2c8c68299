/**
 * The human rendering: the function's return value for stdout, and a summary (status line, log tail, metrics,
 * error and hint) for stderr. Pure: (invocation, style) → string.
 */
import type { Invocation, InvocationResult } from '../core/result.js';
import { printable } from './printable.js';
import type { Style } from './style.js';

/** Options for the payload on stdout. */
export interface PayloadOptions {
  /** stdout is a terminal: pretty-print JSON and end with a newline. */
  tty: boolean;
  style: Style;
}

/** What goes to stdout: pretty JSON at a terminal, else the bytes as returned. Null when there is nothing. */
export function renderPayload(invocation: Invocation, options: PayloadOptions): Uint8Array | null {
  const { payload, result } = invocation;
  if (payload === null) return null;
  if (!options.tty) return payload;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
  } catch {
    // Binary: not for a terminal; the caller says so on stderr.
    return null;
  }
  if (typeof result.result === 'string' || result.result === null) {
    return new TextEncoder().encode(text.endsWith('\n') || text === '' ? text : `${text}\n`);
  }
  return new TextEncoder().encode(`${colorJson(result.result, options.style)}\n`);
}

/** The stderr summary. `verbose` false gives only the error lines (for --raw and --json). */
export function renderSummary(invocation: Invocation, style: Style, verbose = true): string {
  const { result, details } = invocation;
  const lines: string[] = [];
  if (verbose) {
    lines.push(statusLine(result, style));
    if (result.logs !== null && result.logs !== '') {
      lines.push(style.dim('── log ──'));
      lines.push(printableLog(result.logs.replace(/\n$/, '')));
      lines.push(style.dim(details.logTruncated ? '── end of log (the provider keeps only the tail) ──' : '── end of log ──'));
    }
    const metrics = metricsLine(invocation, style);
    if (metrics !== '') lines.push(metrics);
  }
  if (result.error !== null && result.status !== 'function_error') {
    lines.push(errorLine(result, details.httpStatus, style, details.retries));
    if (details.hint !== undefined) lines.push(`${style.warn('hint:')} ${details.hint}`);
  } else if (result.status === 'function_error') {
    lines.push(errorLine(result, undefined, style, details.retries));
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/**
 * A log tail safe for a terminal: its lines and tabs kept, and colour (SGR) sequences, which functions' loggers
 * print; every other control character — a sequence that moves the cursor, sets the window title, clears the
 * screen or rewrites the line before it — shown as `\xNN`. The log comes from the server, which must not drive the
 * user's terminal.
 */
export function printableLog(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(/\u001b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (match) =>
    match.length > 1 ? match : `\\x${match.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** `error: <provider> <code>: <message> (HTTP <status>, request <id>, after <n> retries)`. */
export function errorLine(
  result: InvocationResult,
  httpStatus: number | undefined,
  style: Style,
  retries?: number,
): string {
  const error = result.error;
  if (error === null) return '';
  const where = result.status === 'function_error' ? `function ${printable(result.function)} failed` : result.provider;
  const extras = [
    httpStatus !== undefined && httpStatus !== 200 && result.status === 'api_error' ? `HTTP ${httpStatus}` : undefined,
    result.requestId !== null ? `request ${printable(result.requestId)}` : undefined,
    retries !== undefined && retries > 0 ? `after ${retries} ${retries === 1 ? 'retry' : 'retries'}` : undefined,
  ].filter((part) => part !== undefined);
  const message = printable(error.message.replace(/\s+/g, ' ').trim());
  return `${style.fail('error:')} ${where} ${printable(error.code)}${message ? `: ${message}` : ''}${
    extras.length > 0 ? ` (${extras.join(', ')})` : ''
  }`;
}

const STATUS_WORDS: Record<InvocationResult['status'], string> = {
  ok: 'ok',
  function_error: 'function error',
  api_error: 'API error',
  transport_error: 'transport error',
  outcome_unknown: 'outcome unknown',
};

function statusLine(result: InvocationResult, style: Style): string {
  const ok = result.status === 'ok';
  const mark = ok ? style.ok('✔') : style.fail('✖');
  const name = printable(`${result.function}${result.qualifier !== null ? `:${result.qualifier}` : ''}`);
  const word = ok && result.invocationType === 'async' ? 'accepted (async)' : STATUS_WORDS[result.status];
  const parts = [`${mark} ${style.bold(word)}`, `${result.provider} ${name}`];
  if (result.requestId !== null) parts.push(style.dim(`request ${printable(result.requestId)}`));
  if (result.functionRequestId !== null && result.functionRequestId !== result.requestId) {
    parts.push(style.dim(`execution ${printable(result.functionRequestId)}`));
  }
  return parts.join('  ');
}

function metricsLine(invocation: Invocation, style: Style): string {
  const { metrics } = invocation.result;
  const parts: string[] = [];
  if (metrics.durationMs !== null) parts.push(`duration ${formatMs(metrics.durationMs)}`);
  if (metrics.billedDurationMs !== null) parts.push(`billed ${formatMs(metrics.billedDurationMs)}`);
  if (metrics.memoryUsedBytes !== null) {
    const size = invocation.details.memorySizeMb;
    parts.push(`memory ${formatBytes(metrics.memoryUsedBytes)}${size !== undefined ? ` of ${size} MB` : ''}`);
  }
  if (invocation.details.instanceId !== undefined) parts.push(`instance ${invocation.details.instanceId}`);
  return parts.length === 0 ? '' : style.dim(parts.join(' · '));
}

/** `12.3 ms`, or `1.52 s` from a second up. */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Number.isInteger(ms) ? ms : ms.toFixed(1)} ms`;
}

/** Bytes in the largest binary unit that keeps a number ≥ 1. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Pretty JSON with keys, strings and numbers coloured. */
function colorJson(value: unknown, style: Style): string {
  const text = JSON.stringify(value, null, 2) ?? 'null';
  return text.replace(
    /("(?:\\.|[^"\\])*")(\s*:)?|\b(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)\b/g,
    (match, str: string | undefined, colon: string | undefined, literal: string | undefined) => {
      if (str !== undefined) return colon !== undefined ? `${style.key(str)}${colon}` : style.string(str);
      if (literal !== undefined) return style.number(literal);
      return match;
    },
  );
}
