/**
 * A functions directory holding `counted`, a function that counts its own runs in a global of the test process
 * (the emulator runs functions in process), so a test can tell whether, and how often, a function really ran.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes `counted` (it returns its event) into a new directory; `runs()` reads the count kept in `globalThis[global]`. */
export async function countedFunction(global: string): Promise<{ dir: string; runs: () => number }> {
  const dir = await mkdtemp(join(tmpdir(), 'fcinvoke-counted-'));
  const source = `export function handler(event) { globalThis.${global} = (globalThis.${global} ?? 0) + 1; return event; }
export const main_handler = handler;\n`;
  await writeFile(join(dir, 'counted.mjs'), source);
  return { dir, runs: () => ((globalThis as Record<string, unknown>)[global] as number | undefined) ?? 0 };
}
