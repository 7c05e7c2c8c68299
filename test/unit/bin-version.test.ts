/**
 * `fcinvoke --version` alone is answered by the bin shim without loading the CLI (docs/performance.md): it must
 * print what the CLI prints.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';

const BIN = fileURLToPath(new URL('../../bin/fcinvoke.js', import.meta.url));

describe('the bin shim answers --version', () => {
  for (const flag of ['--version', '-V']) {
    it(`prints the CLI's version for ${flag}`, async () => {
      const cli = await runMain([flag]);
      const shim = spawnSync(process.execPath, [BIN, flag], { encoding: 'utf8' });
      expect(shim.status).toBe(0);
      expect(shim.stderr).toBe('');
      expect(shim.stdout).toBe(cli.stdout);
      expect(cli.code).toBe(0);
    });
  }
});
