#!/usr/bin/env node
// Plain-JS shim: check the Node version before any modern syntax loads, then hand over to the built CLI.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`error: fcinvoke needs Node.js 20.19 or newer (this is ${process.versions.node})\n`);
  process.exit(2);
}
import('node:module')
  .then((module) => module.enableCompileCache?.())
  .catch(() => undefined)
  .finally(() => import('../dist/cli.js'));
