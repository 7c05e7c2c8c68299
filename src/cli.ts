/** The process entry: wires the real streams and signals to `main` and sets the exit code. */
import { createRequire } from 'node:module';
import type { EXIT_CODES } from './core/errors.js';
import { main } from './cli/main.js';
import { processIo } from './cli/io.js';

/** Checked against EXIT_CODES by tsc; not imported, so that `--version` loads no shared module (cli/main.ts). */
const INTERRUPTED: (typeof EXIT_CODES)['interrupted'] = 130;

const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(INTERRUPTED);
  interrupted = true;
  controller.abort();
});
process.on('SIGTERM', () => controller.abort());

const code = await main(process.argv.slice(2), processIo(controller.signal, liftoffOnly));
const isEmulator = process.argv[2] === 'emulator';
process.exitCode = interrupted && !isEmulator ? INTERRUPTED : code;

/**
 * One invocation parses a single response with undici's WebAssembly HTTP parser. V8 would compile it twice, with
 * Liftoff and then TurboFan on a background thread, and the process waits for TurboFan before it can exit (~70 ms
 * on 2 cores); Liftoff alone is plenty for one response. Batches and the emulator keep the default: they parse
 * thousands of responses, where TurboFan's code is faster.
 *
 * Set at run time, just before the request, not earlier: V8 checks a hash of its flags before it uses Node's
 * cached code for a built-in module, so every built-in loaded after the change (crypto, net, stream, assert…) is
 * compiled from source instead (~4 ms), and on the command line the flag would do that to all of them (~11 ms).
 * What it buys is measured in docs/performance.md.
 */
function liftoffOnly(): void {
  (createRequire(import.meta.url)('node:v8') as typeof import('node:v8')).setFlagsFromString('--liftoff-only');
}
