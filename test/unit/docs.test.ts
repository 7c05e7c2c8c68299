/** Docs that must match the code: the exit-code tables. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT_CODE_DESCRIPTIONS, EXIT_CODES } from '../../src/core/errors.js';
import { exitCodeForStatus } from '../../src/core/result.js';
import { RETRY_RULES } from '../../src/engine/retry.js';

function table(path: string): Array<[number, string]> {
  const text = readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  return [...text.matchAll(/^\| (\d+) \| ([^|]+) \|/gm)].map((match) => [Number(match[1]), match[2]!.trim()]);
}

describe('exit-code tables', () => {
  it('docs/exit-codes.md lists every code with the same words as the code', () => {
    expect(table('docs/exit-codes.md')).toEqual(EXIT_CODE_DESCRIPTIONS.map(([code, text]) => [code, text]));
  });

  it('README.md lists the same table', () => {
    expect(table('README.md')).toEqual(EXIT_CODE_DESCRIPTIONS.map(([code, text]) => [code, text]));
  });

  it('describes every code in EXIT_CODES exactly once', () => {
    expect(EXIT_CODE_DESCRIPTIONS.map(([code]) => code).sort((a, b) => a - b)).toEqual(
      Object.values(EXIT_CODES).sort((a, b) => a - b),
    );
  });
});

describe('the retry table', () => {
  it('docs/exit-codes.md prints RETRY_RULES row for row', () => {
    const text = readFileSync(new URL('../../docs/exit-codes.md', import.meta.url), 'utf8');
    const section = text.slice(text.indexOf('## What is retried'), text.indexOf('## Batch mode'));
    const rows = [...section.matchAll(/^\| (?!response class|---)(.+) \|$/gm)].map((match) => match[1]!.split(' | '));
    expect(rows).toEqual(
      RETRY_RULES.map((rule) => [rule.name, `\`${rule.status}\``, String(exitCodeForStatus(rule.status)), rule.verdict, rule.why]),
    );
  });
});
