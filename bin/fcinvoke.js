#!/usr/bin/env node
// Plain-JS shim: check the Node version before any modern syntax loads, then hand over to the built CLI. (V8 is
// tuned for a one-shot request later, just before it is sent: src/cli.ts says why.)
import module from 'node:module';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`error: fcinvoke needs Node.js 20.19 or newer (this is ${process.versions.node})\n`);
  process.exit(2);
}

// `fcinvoke --version` alone is answered here: loading the CLI (commander) for it cost ~13 ms over a ~25 ms floor in
// a clean environment (docs/performance.md). The same text as the CLI's `--version` (test/unit/bin-version.test.ts);
// a write that fails for another reason than a closed pipe goes to the CLI, which reports it.
if (!(process.argv.length === 3 && (process.argv[2] === '--version' || process.argv[2] === '-V') && (await printVersion()))) {
  // Node >= 22.1 caches compiled code on disk between runs; Node 20 has no such API, so this is a no-op there.
  module.enableCompileCache?.();
  await import('../dist/cli.js');
}

async function printVersion() {
  const { readFileSync, writeSync } = await import('node:fs');
  try {
    writeSync(1, `${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
    return true;
  } catch (error) {
    return error?.code === 'EPIPE';
  }
}
