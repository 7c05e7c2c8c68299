#!/usr/bin/env node
// Plain-JS shim: check the Node version before any modern syntax loads, tune V8 for a one-shot request, then hand
// over to the built CLI. What each step buys is measured in docs/performance.md.
import module from 'node:module';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`error: fcinvoke needs Node.js 20.19 or newer (this is ${process.versions.node})\n`);
  process.exit(2);
}

// Node >= 22.1 caches compiled code on disk between runs; Node 20 has no such API, so this is a no-op there.
module.enableCompileCache?.();

// One invocation parses a single response with undici's WebAssembly HTTP parser. V8 would compile it twice, with
// Liftoff and then TurboFan on a background thread, and the process waits for TurboFan before it can exit
// (~70 ms on 2 cores). Liftoff alone is plenty for one response. Batches and the emulator keep the default: a
// batch parses thousands of responses and TurboFan's code is faster there. Set here, after Node's own start-up
// code has loaded, because a V8 flag on the command line also invalidates Node's built-in code cache.
if (isSingleInvocation(process.argv.slice(2))) {
  module.createRequire(import.meta.url)('node:v8').setFlagsFromString('--liftoff-only');
}

await import('../dist/cli.js');

function isSingleInvocation(argv) {
  if (!argv.includes('invoke')) return false;
  return !argv.some((arg) => /^--(repeat|events-file)(=|$)/.test(arg));
}
