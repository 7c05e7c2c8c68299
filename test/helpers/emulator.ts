/** Starts the emulator in the test process on a free loopback port. */
import { afterAll } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/server.js';

/** An emulator for the current test file, closed after all its tests. */
export async function useEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = await startEmulator({ host: '127.0.0.1', port: 0, ...options });
  afterAll(() => emulator.close());
  return emulator;
}
