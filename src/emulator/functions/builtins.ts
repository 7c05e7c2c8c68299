/**
 * The emulator's built-in functions, the same on every provider: a portable handler `(event, context)` whose
 * `console` output becomes the invocation log.
 */

import type { Handler } from '../../providers/emulator-api.js';

export type { Handler };

/** Log lines `log-flood` writes: well past every provider's tail (4 KB; FunctionGraph 2,000 bytes). */
const FLOOD_LINES = 200;

export const BUILTIN_FUNCTIONS: Readonly<Record<string, Handler>> = {
  /** Greets `event.name`. */
  hello: (event) => {
    const name = isObject(event) && typeof event['name'] === 'string' ? event['name'] : 'world';
    console.log(`saying hello to ${name}`);
    return { message: `Hello, ${name}!` };
  },
  /** Returns the event unchanged. */
  echo: (event) => {
    console.log('echoing the event');
    return event;
  },
  /** Throws, so the invocation is a function error. */
  fail: (event) => {
    console.error('about to fail');
    const message = isObject(event) && typeof event['message'] === 'string' ? event['message'] : 'this function always fails';
    throw new Error(message);
  },
  /** Waits `event.ms` milliseconds (default 1000), then returns how long it slept. */
  sleep: async (event) => {
    const ms = isObject(event) && typeof event['ms'] === 'number' ? Math.max(0, event['ms']) : 1000;
    console.log(`sleeping ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, ms));
    return { slept: ms };
  },
  /** Writes more log than any provider's tail keeps. */
  'log-flood': () => {
    for (let line = 1; line <= FLOOD_LINES; line += 1) {
      console.log(`log line ${String(line).padStart(4, '0')}: the quick brown fox jumps over the lazy dog`);
    }
    return { lines: FLOOD_LINES };
  },
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
