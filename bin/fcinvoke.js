#!/usr/bin/env node
// Plain-JS shim: check the Node version before any modern syntax loads, then hand over to the built CLI. (V8 is
// tuned for a one-shot request later, just before it is sent: src/cli.ts says why.)
import module from 'node:module';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`error: fcinvoke needs Node.js 20.19 or newer (this is ${process.versions.node})\n`);
  process.exit(2);
}

// Node >= 22.1 caches compiled code on disk between runs; Node 20 has no such API, so this is a no-op there.
module.enableCompileCache?.();

await import('../dist/cli.js');
