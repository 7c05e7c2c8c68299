/** The `error:` line (and `hint:` line) for an error a command threw. Loaded only when one is thrown. */
import { EXIT_CODES, FcinvokeError, type ExitCode } from '../core/errors.js';
import { printable } from '../output/printable.js';
import type { Io } from './io.js';

/** Prints one `error:` line (and a `hint:` line) and returns the exit code for any thrown error but commander's. */
export function reportError(error: unknown, io: Io, debug: boolean): ExitCode {
  if (error instanceof FcinvokeError) {
    // A config file with several problems gives one line per problem; any other message is one line.
    for (const line of error.problems) io.stderr.write(`error: ${printable(line)}\n`);
    if (error.hint !== undefined) io.stderr.write(`hint: ${printable(error.hint)}\n`);
    if (debug && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`error: internal error (a bug in fcinvoke): ${printable(message.split('\n')[0] ?? '')}\n`);
  if (debug && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
  else io.stderr.write('hint: run again with --debug for the stack trace, and please report it\n');
  return EXIT_CODES.internal;
}
