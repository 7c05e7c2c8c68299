/** An emulator that knows a cloud's temporary (STS) keys and their session token, for the token cases. */
import { beforeAll } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/server.js';
import { emulatorCase } from '../../conformance/emulator-cases.js';
import { useEmulator } from '../../helpers/emulator.js';

/** The temporary keys of the emulator table's row for `id` (a provider of each cloud that has them). */
function temporaryOf(id: 'tencent' | 'aliyun') {
  const temporary = emulatorCase(id).temporary;
  if (!('keys' in temporary)) throw new Error(`${id} has no temporary keys`);
  return temporary;
}

/** The temporary key id the Tencent token cases use (an STS SecretId looks like a long-term one). */
export const TENCENT_TEMPORARY_ID = temporaryOf('tencent').keys.accessKeyId;

/** Starts the emulator before the file's tests (closed after them); call the result for it. */
export function useStsEmulator(cloud: 'tencent' | 'aliyun'): () => RunningEmulator {
  let emulator: RunningEmulator | undefined;
  beforeAll(async () => {
    emulator = await useEmulator({ env: temporaryOf(cloud).env });
  });
  return () => emulator!;
}
