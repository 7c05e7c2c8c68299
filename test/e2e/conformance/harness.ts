/**
 * What the e2e files share: a CLI runner whose every run is checked for secrets after each test, a listener that
 * proves nothing was sent, and the one set of fake keys an emulator accepts for every provider at once.
 */
import { afterEach, expect } from 'vitest';
import { runCli, type CliRun, type RunOptions } from '../../helpers/cli.js';
import { startCountingListener, type CountingListener } from '../../helpers/listener.js';
import { expectNoSecrets } from '../../helpers/secrets.js';

export { EMULATOR_KEYS } from '../../conformance/emulator-cases.js';

export type Cli = (args: string[], options?: RunOptions) => Promise<CliRun>;

/**
 * Runs the built CLI with `defaults` (an option given to a call replaces the default one) and keeps each run, so
 * that after every test no known secret, nor anything `forbidden` names, appears on its stdout or stderr.
 */
export function checkedCli(defaults: RunOptions = {}, forbidden: ReadonlyArray<string | RegExp> = []): Cli {
  const runs: CliRun[] = [];
  afterEach(() => {
    for (const run of runs.splice(0)) {
      expectNoSecrets(run.stdout, run.stderr);
      for (const text of forbidden) {
        if (typeof text === 'string') expect(run.stdout + run.stderr).not.toContain(text);
        else expect(run.stdout + run.stderr).not.toMatch(text);
      }
    }
  });
  return async (args, options = {}) => {
    const run = await runCli(args, { ...defaults, ...options });
    runs.push(run);
    return run;
  };
}

/** Runs `body` with the URL of a listener that answers nothing, and returns how many connections it got. */
export async function connectionsDuring(body: (url: string) => Promise<void>): Promise<number> {
  const listener: CountingListener = await startCountingListener();
  try {
    await body(listener.url);
    return listener.connections();
  } finally {
    await listener.close();
  }
}
