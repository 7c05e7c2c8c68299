/** The batch exit-code rule (docs/exit-codes.md, "Batch mode"): each line stands for a code, the highest wins. */
import { EXIT_CODES, type ExitCode } from '../core/errors.js';
import { exitCodeForStatus } from '../core/result.js';
import type { BatchStatus } from '../engine/summary.js';

/**
 * The exit code a line stands for, given its status and, for a line not run, its `error.code` (`interrupted`,
 * `deadline`). A batch exits with the highest of its lines' codes (see {@link worseExitCode}); Ctrl-C makes it 130
 * whatever the lines say.
 */
export function exitCodeForLine(status: BatchStatus, notRunReason?: string): ExitCode {
  switch (status) {
    case 'input_error':
      return EXIT_CODES.usage;
    case 'internal_error':
      return EXIT_CODES.internal;
    case 'not_run':
      // Not started because the deadline passed: like a timeout before connecting, nothing reached the function.
      return notRunReason === 'deadline' ? EXIT_CODES.transport : EXIT_CODES.interrupted;
    default:
      return exitCodeForStatus(status);
  }
}

/**
 * The batch exit-code rule: the higher code wins. The numbers are ordered by how much a script must care:
 * 130 interrupted > 70 bug > 5 outcome unknown (may have run: check before re-running) > 4 transport > 3 API
 * refusal > 2 invalid line > 1 function error > 0. docs/exit-codes.md, "Batch mode".
 */
export function worseExitCode(a: ExitCode, b: ExitCode): ExitCode {
  return a >= b ? a : b;
}
