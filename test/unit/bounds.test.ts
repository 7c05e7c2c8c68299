/** One bounds table for flags and config: the flag parsers and the config schema must say the same. */
import { describe, expect, it } from 'vitest';
import { parseBounded } from '../../src/cli/options.js';
import { BOUNDS, MAX_TIMER_MS } from '../../src/config/bounds.js';
import { configFileSchema } from '../../src/config/schema.js';

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

});

