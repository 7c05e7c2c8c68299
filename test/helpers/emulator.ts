/**
 * The emulator in tests: started in the test process on a free loopback port, or read over HTTP when it runs as a
 * separate process (`fcinvoke emulator --port 0 …`), through its run ledger and stats routes.
 */
import { request } from 'undici';
import { afterAll } from 'vitest';
import { LEDGER_PATH, STATS_PATH } from '../../src/emulator/control.js';
import type { InFlightStats } from '../../src/emulator/in-flight.js';
import type { LedgerSnapshot } from '../../src/emulator/ledger.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/server.js';

export { countsOf, ledgerKey, type LedgerInvocation, type LedgerSnapshot } from '../../src/emulator/ledger.js';

/** An emulator for the current test file, closed after all its tests. */
export async function useEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = await startEmulator({ host: '127.0.0.1', port: 0, ...options });
  afterAll(() => emulator.close());
  return emulator;
}

/**
 * The run ledger of the emulator at `url` (e.g. the `listening on …` URL of a spawned `fcinvoke emulator`):
 * per invocation key, how many requests arrived and how many times the function ran. For example, "the function
 * ran at most once per invocation": `(await fetchLedger(url)).invocations.every((entry) => entry.runs <= 1)`.
 */
export async function fetchLedger(url: string): Promise<LedgerSnapshot> {
  return (await getJson(url, LEDGER_PATH)) as LedgerSnapshot;
}

/** Empties the run ledger of the emulator at `url`. */
export async function resetLedger(url: string): Promise<void> {
  const response = await request(new URL(LEDGER_PATH, url), { method: 'DELETE' });
  await response.body.dump();
  if (response.statusCode !== 204) throw new Error(`DELETE ${LEDGER_PATH} answered ${response.statusCode}, not 204`);
}

/** The request bytes and requests in flight at the emulator at `url`. */
export async function fetchEmulatorStats(url: string): Promise<InFlightStats> {
  return (await getJson(url, STATS_PATH)) as InFlightStats;
}

async function getJson(url: string, path: string): Promise<unknown> {
  const response = await request(new URL(path, url), { method: 'GET' });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`GET ${path} answered ${response.statusCode}: ${text.trim()}`);
  return JSON.parse(text) as unknown;
}
