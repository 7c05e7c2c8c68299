/** Colour decisions for the terminal: NO_COLOR, FORCE_COLOR, --no-color and non-TTY output all turn it off. */
import { PLAIN_STYLE, type Style } from '../output/style.js';
import type { OutStream } from './io.js';

/** Whether to colour output written to `stream`. */
export function wantsColor(stream: OutStream, env: Readonly<Record<string, string | undefined>>, flag: boolean): boolean {
  if (!flag) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return stream.isTTY && env['TERM'] !== 'dumb';
}

/** A {@link Style} for `stream`: chalk when colour is wanted, plain otherwise. */
export async function styleFor(
  stream: OutStream,
  env: Readonly<Record<string, string | undefined>>,
  flag: boolean,
): Promise<Style> {
  if (!wantsColor(stream, env, flag)) return PLAIN_STYLE;
  // Lazy: chalk is loaded only when colour will be used.
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  return {
    ok: chalk.green,
    fail: chalk.red,
    warn: chalk.yellow,
    dim: chalk.dim,
    bold: chalk.bold,
    key: chalk.cyan,
    string: chalk.green,
    number: chalk.yellow,
  };
}
