/** The process entry: wires the real streams and signals to `main` and sets the exit code. */
import { EXIT_CODES } from './core/errors.js';
import { main } from './cli/main.js';
import { processIo } from './cli/io.js';

const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(EXIT_CODES.interrupted);
  interrupted = true;
  controller.abort();
});
process.on('SIGTERM', () => controller.abort());
// A closed pipe (e.g. `| head -1`) is not an error worth a message; let main finish so the exit code still says
// what happened to the invocation.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

const code = await main(process.argv.slice(2), processIo(controller.signal));
const isEmulator = process.argv[2] === 'emulator';
process.exitCode = interrupted && !isEmulator ? EXIT_CODES.interrupted : code;
