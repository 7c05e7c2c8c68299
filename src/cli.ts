/** The process entry: wires the real streams and signals to `main` and sets the exit code. */
import { createRequire } from 'node:module';
import type { EXIT_CODES } from './core/errors.js';
import { main } from './cli/main.js';
import { processIo } from './cli/io.js';

/** Checked against EXIT_CODES by tsc; not imported, so that `--version` loads no shared module (cli/main.ts). */
const SIGNAL_EXIT_CODES: { SIGINT: (typeof EXIT_CODES)['interrupted']; SIGTERM: (typeof EXIT_CODES)['terminated'] } = {
  SIGINT: 130,
  SIGTERM: 143,
};

// The first signal aborts what is in flight (io.signal; `signalName` in cli/io.ts tells which) and lets the command
// finish its output; a second one exits at once. The exit code says which signal came: 130 or 143 (128 + number).
const controller = new AbortController();
let signalled: keyof typeof SIGNAL_EXIT_CODES | undefined;
for (const name of ['SIGINT', 'SIGTERM'] as const) {
  process.on(name, () => {
    if (signalled !== undefined) process.exit(SIGNAL_EXIT_CODES[name]);
    signalled = name;
    controller.abort(new DOMException(name, 'AbortError'));
  });
}

const code = await main(process.argv.slice(2), processIo(controller.signal, liftoffOnly, batchHeap));
const isEmulator = process.argv[2] === 'emulator';
process.exitCode = signalled !== undefined && !isEmulator ? SIGNAL_EXIT_CODES[signalled] : code;

/**
 * One invocation parses a single response with undici's WebAssembly HTTP parser. V8 would compile it twice, with
 * Liftoff and then TurboFan on a background thread, and the process waits for TurboFan before it can exit (~70 ms
 * on 2 cores); Liftoff alone is plenty for one response. The emulator keeps the default; batches set it too, for
 * memory, when they start (see {@link batchHeap}).
 *
 * Set at run time, just before the request, not earlier: V8 checks a hash of its flags before it uses Node's
 * cached code for a built-in module, so every built-in loaded after the change (crypto, net, stream, assert…) is
 * compiled from source instead (~4 ms), and on the command line the flag would do that to all of them (~11 ms).
 * What it buys is measured in docs/performance.md.
 */
function liftoffOnly(): void {
  (createRequire(import.meta.url)('node:v8') as typeof import('node:v8')).setFlagsFromString('--liftoff-only');
}

/**
 * Peak memory and GC of a batch (issue 15: ≤ 100 MiB at 20,000 calls), set when the batch is about to start its
 * first line, after its modules have loaded, so the built-ins they need keep Node's code cache (see
 * {@link liftoffOnly}; the observer's module is loaded before the flags change):
 *
 * - The young generation grows to 4 MiB semi-spaces (8 MiB for the two), then no further. By default V8 doubles it
 *   as objects survive scavenges, up to 16 MiB semi-spaces, which cost ~25 MiB more at the peak. Stopping it where
 *   it is when the batch starts (2 MiB semi-spaces; the previous setting) saved less than it seemed: with 64
 *   requests in flight a scavenge came every ~75 lines and promoted what was in flight, which grew the old
 *   generation instead, and the scavenges took twice the time. `--max-semi-space-size` would say it directly, but V8 reads it only
 *   when the heap is created; the growth factor is read at each growth, so it is set to 1 after the first
 *   collection that finds the young generation at the cap (a `gc` performance entry: deterministic, no polling).
 * - Liftoff only, as for one invocation: TurboFan's background compile of undici's WebAssembly parser costs
 *   ~9 MiB more at the peak.
 *
 * docs/performance.md has the figures: scavenges, GC time, peak memory and CPU for each setting.
 */
function batchHeap(): void {
  // Both semi-spaces, in bytes. (Here, not at module level: the module is still at its top-level `await main` while
  // a batch runs, so a constant declared after it would not be set yet.)
  const youngGenerationCap = 8 * 1024 * 1024;
  const require = createRequire(import.meta.url);
  const v8 = require('node:v8') as typeof import('node:v8');
  const { PerformanceObserver } = require('node:perf_hooks') as typeof import('node:perf_hooks');
  v8.setFlagsFromString('--liftoff-only');
  const atCap = () => (v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0) >= youngGenerationCap;
  const stopGrowing = () => v8.setFlagsFromString('--semi-space-growth-factor=1');
  if (atCap()) {
    stopGrowing();
    return;
  }
  const observer = new PerformanceObserver(() => {
    if (!atCap()) return;
    stopGrowing();
    observer.disconnect();
  });
  observer.observe({ entryTypes: ['gc'] });
}
