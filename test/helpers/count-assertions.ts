/**
 * With FCINVOKE_COUNT_ASSERTIONS=<file>, appends one line per test to <file>: the test file, the test's name and
 * how many `expect` assertions it ran. `node scripts/count-assertions.mjs` sums them, so a refactoring of the
 * tests can show it lost no assertion that could fail (issue 12). Without the variable this does nothing.
 */
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import { afterEach, expect } from 'vitest';

const target = process.env.FCINVOKE_COUNT_ASSERTIONS;
if (target) {
  afterEach((context) => {
    const { assertionCalls, testPath } = expect.getState();
    const file = relative(process.cwd(), testPath ?? context.task.file?.filepath ?? '');
    appendFileSync(target, `${JSON.stringify({ file, test: context.task.name, assertions: assertionCalls })}\n`);
  });
}
