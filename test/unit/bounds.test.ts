/**
 * One bounds table for flags and config, one applicability table, one default timeout per provider: the flag
 * parsers, the config schema and docs/cli.md must all say the same.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODE_RULES, providerOptions } from '../../src/cli/applicability.js';
import { parseBounded } from '../../src/cli/options.js';
import { BOUNDS, MAX_TIMER_MS } from '../../src/config/bounds.js';
import { configFileSchema } from '../../src/config/schema.js';
import { PROVIDERS } from '../../src/providers/registry.js';

const CLI_DOC = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');

/** The rows of the markdown table whose header row is `| <header cells> |`. */
function docTable(...header: string[]): string[][] {
  const lines = CLI_DOC.split('\n');
  const start = lines.findIndex((line) => line === `| ${header.join(' | ')} |`);
  expect(start, `docs/cli.md has a table headed ${header.join(', ')}`).toBeGreaterThan(-1);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|').slice(1, -1).map((cell) => cell.trim()));
  }
  return rows;
}

describe('the bounds table', () => {
  it('keeps every timer at or under the longest delay Node honours', () => {
    expect(MAX_TIMER_MS).toBe(2 ** 31 - 1);
    expect(BOUNDS.timeout.max).toBeLessThanOrEqual(MAX_TIMER_MS);
    expect(BOUNDS.deadline.max).toBeLessThanOrEqual(MAX_TIMER_MS);
  });

  it.each(Object.values(BOUNDS).filter((bound) => 'configKey' in bound))(
    'gives $flag and its config key the same range and the same words',
    (bound) => {
      const key = (bound as { configKey: string }).configKey;
      const profile = (value: number) => configFileSchema.safeParse({ profiles: { p: { [key]: value } } });
      expect(profile(bound.min).success).toBe(true);
      expect(profile(bound.max).success).toBe(true);
      for (const outside of [bound.min - 1, bound.max + 1]) {
        const result = profile(outside);
        expect(result.success).toBe(false);
        const flagMessage = (() => {
          try {
            parseBounded(String(outside), bound);
          } catch (error) {
            return (error as Error).message;
          }
          return undefined;
        })();
        // Outside values below 0 are not numbers to the flag parser ("-1"), so compare only the range words.
        const words = /takes a whole number.* from \d+ to \d+/;
        expect(result.error?.issues[0]?.message).toMatch(words);
        expect(result.error?.issues[0]?.message.match(words)?.[0]).toBe(flagMessage?.match(words)?.[0]);
      }
    },
  );

  it('is the table docs/cli.md prints', () => {
    const rows = docTable('option', 'config key', 'range');
    expect(rows).toEqual(
      Object.values(BOUNDS).map((bound) => [
        `\`${bound.flag}\``,
        'configKey' in bound ? `\`${bound.configKey}\`` : '',
        `${bound.min} to ${bound.max}${bound.unit === 'milliseconds' ? ' ms' : ''}`,
      ]),
    );
  });
});

describe('the applicability table', () => {
  it('takes the providers of each option from the registry, leaving out what every provider takes', () => {
    const takers = providerOptions();
    expect(takers.get('task-id')).toEqual(['aliyun', 'aliyun-fc2']);
    expect(takers.get('token')).toEqual(['huawei', 'otc']);
    expect(takers.get('token-file')).toEqual(['huawei', 'otc']);
    expect(takers.get('namespace')).toEqual(['tencent']);
    expect(takers.get('service')).toEqual(['aliyun-fc2']);
    expect(takers.has('region')).toBe(false);
  });

  it('is the table docs/cli.md prints', () => {
    const documented = new Map<string, string>();
    for (const [options = '', appliesTo = ''] of docTable('option', 'applies to')) {
      for (const option of options.matchAll(/`(?:-[a-z]\/)?--([a-z-]+)`/g)) documented.set(option[1]!, appliesTo);
    }
    for (const [option, providers] of providerOptions()) {
      const listed = documented.get(option);
      expect(listed, `docs/cli.md lists --${option}`).toBeDefined();
      for (const provider of PROVIDERS) {
        expect(new RegExp(`\\b${provider.id}(,|\\s|$)`).test(listed!), `--${option} / ${provider.id}`).toBe(providers.includes(provider.id));
      }
    }
    for (const option of Object.keys(MODE_RULES)) expect(documented.has(option), `docs/cli.md lists --${option}`).toBe(true);
  });
});

describe('the default timeouts', () => {
  it('outlast the longest sync run by 30 s, are 60 s for async calls, and match docs/cli.md', async () => {
    const documented = new Map(docTable('provider', 'longest sync run', 'default `--timeout` (sync)', 'source').map((row) => [row[0], row]));
    for (const entry of PROVIDERS) {
      const { limits } = await entry.load();
      const row = documented.get(entry.id);
      expect(row, `docs/cli.md lists ${entry.id}`).toBeDefined();
      const longestRunSeconds = Number(row![1]!.replace(/ s$/, ''));
      expect(limits.defaultTimeoutMs.sync).toBe(longestRunSeconds * 1000 + 30_000);
      expect(row![2]).toBe(`${limits.defaultTimeoutMs.sync} ms`);
      expect(limits.defaultTimeoutMs.async).toBe(60_000);
      expect(limits.defaultTimeoutMs.sync).toBeLessThanOrEqual(BOUNDS.timeout.max);
    }
  });
});
