/**
 * What the e2e files share: a CLI runner whose every run is checked for secrets after each test, a listener that
 * proves nothing was sent, and the one set of fake keys an emulator accepts for every provider at once.
 */
import { afterEach, beforeAll, expect } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/server.js';
import type { ProviderId } from '../../../src/providers/registry.js';
import { cleanEnv, runCli, type CliRun, type RunOptions } from '../../helpers/cli.js';
import { useEmulator } from '../../helpers/emulator.js';
import { startCountingListener, type CountingListener } from '../../helpers/listener.js';
import { expectNoSecrets } from '../../helpers/secrets.js';

import { EMULATOR_KEYS } from '../../conformance/emulator-cases.js';
import { E2E_CASES } from './cases.js';

export { EMULATOR_KEYS };

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

/**
 * For a file about one provider: its e2e row's environment, the checked CLI with it (nor may any run print what the
 * row forbids), an emulator started for the file with every cloud's keys, and `at(...)`, the argv that invokes the
 * provider there.
 */
export function useProviderCli(id: ProviderId) {
  const row = E2E_CASES.find((entry) => entry.id === id)!;
  const env = cleanEnv(row.env);
  let emulator: RunningEmulator | undefined;
  beforeAll(async () => {
    emulator = await useEmulator({ env: EMULATOR_KEYS });
  });
  const url = () => emulator!.url;
  return {
    row,
    env,
    cli: checkedCli({ env }, row.forbidden),
    url,
    emulator: () => emulator!,
    at: (...args: string[]) => ['invoke', id, ...args, '--endpoint', url()],
  };
}
