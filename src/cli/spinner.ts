/**
 * The waiting spinner: ora on stderr with the elapsed seconds, only when stderr is a terminal, never for
 * --json/--raw/--query or --debug, never when CI is set. It writes through `io.stderr` (not process.stderr) so
 * tests can see exactly what a terminal would.
 */
import { EventEmitter } from 'node:events';
import type { Io, OutStream } from './io.js';

/** Whether a spinner belongs on this run. */
export function wantsSpinner(io: Io, quiet: boolean): boolean {
  return io.stderr.isTTY && !quiet && (io.env['CI'] === undefined || io.env['CI'] === '') && io.env['TERM'] !== 'dumb';
}

/** Starts a spinner labelled `label` and returns its stop function (a no-op when none is wanted). */
export async function startSpinner(io: Io, quiet: boolean, label: string): Promise<() => void> {
  if (!wantsSpinner(io, quiet)) return () => undefined;
  // Lazy: ora is loaded only when a spinner will show.
  const { default: ora } = await import('ora');
  const started = Date.now();
  const spinner = ora({
    text: label,
    stream: terminalStream(io.stderr) as unknown as NodeJS.WritableStream,
    isEnabled: true,
    discardStdin: false,
  }).start();
  const timer = setInterval(() => {
    spinner.text = `${label} (${Math.floor((Date.now() - started) / 1000)}s)`;
  }, 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    spinner.stop();
  };
}

/** The part of a tty.WriteStream ora uses, writing ANSI control sequences to `out`. */
function terminalStream(out: OutStream) {
  const stream = Object.assign(new EventEmitter(), {
    isTTY: true,
    columns: 80,
    rows: 24,
    write(chunk: string | Uint8Array, _encoding?: unknown, callback?: () => void): boolean {
      out.write(chunk);
      if (typeof callback === 'function') callback();
      return true;
    },
    cursorTo(x: number): boolean {
      out.write(`\u001b[${x + 1}G`);
      return true;
    },
    moveCursor(dx: number, dy: number): boolean {
      if (dx !== 0) out.write(dx > 0 ? `\u001b[${dx}C` : `\u001b[${-dx}D`);
      if (dy !== 0) out.write(dy > 0 ? `\u001b[${dy}B` : `\u001b[${-dy}A`);
      return true;
    },
    clearLine(direction: number): boolean {
      out.write(direction === 0 ? '\u001b[2K' : direction > 0 ? '\u001b[0K' : '\u001b[1K');
      return true;
    },
  });
  return stream;
}
