/** PLACEHOLDER until batch mode lands: `invoke --events-file/--repeat`. */
import { UsageError, type ExitCode } from '../../core/errors.js';
import type { Io } from '../io.js';
import type { InvokeFlags } from '../main.js';
import type { PreparedInvoke } from './invoke.js';

/** Runs a batch of invocations. */
export async function runBatch(_prepared: PreparedInvoke, _flags: InvokeFlags, _io: Io): Promise<ExitCode> {
  throw new UsageError('batch mode (--events-file, --repeat) is not available yet');
}
