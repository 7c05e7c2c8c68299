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
// A closed pipe on stdout (e.g. `| head -1`) is not an error worth a message.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

const code = await main(process.argv.slice(2), processIo(controller.signal));
const isEmulator = process.argv[2] === 'emulator';
process.exitCode = interrupted && !isEmulator ? EXIT_CODES.interrupted : code;
