#!/usr/bin/env node
// Runs the test suite (or the files given) with every test's assertion count recorded, then prints the totals:
// tests, assertions, and per folder. `--json FILE` writes the per-file counts too. See test/helpers/count-assertions.ts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonFile = jsonAt === -1 ? undefined : args[jsonAt + 1];
const files = jsonAt === -1 ? args : args.filter((_, index) => index !== jsonAt && index !== jsonAt + 1);
const dir = mkdtempSync(join(tmpdir(), 'fcinvoke-assertions-'));
const log = join(dir, 'counts.ndjson');
writeFileSync(log, '');
const run = spawnSync('npx', ['vitest', 'run', ...files], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, FCINVOKE_COUNT_ASSERTIONS: log },
});
const rows = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
rmSync(dir, { recursive: true, force: true });
const byFile = new Map();
for (const row of rows) {
  const entry = byFile.get(row.file) ?? { tests: 0, assertions: 0 };
  entry.tests += 1;
  entry.assertions += row.assertions;
  byFile.set(row.file, entry);
}
const byFolder = new Map();
for (const [file, entry] of byFile) {
  const folder = file.split('/').slice(0, 2).join('/');
  const sum = byFolder.get(folder) ?? { tests: 0, assertions: 0 };
  sum.tests += entry.tests;
  sum.assertions += entry.assertions;
  byFolder.set(folder, sum);
}
for (const [folder, sum] of [...byFolder].sort()) console.log(`${folder}\t${sum.tests} tests\t${sum.assertions} assertions`);
const total = rows.reduce((sum, row) => sum + row.assertions, 0);
console.log(`total\t${rows.length} tests\t${total} assertions\t(vitest exit ${run.status})`);
if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(Object.fromEntries([...byFile].sort()), null, 1)}\n`);
