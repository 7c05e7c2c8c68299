/**
 * The range of every numeric option and config value, in one table. The flag parsers (cli/options.ts) and the
 * config schema (config/schema.ts) both read it, so a flag and the profile key behind it cannot drift apart, and
 * docs/cli.md lists the same rows (a test checks that).
 */

/** Node's timers wait at most 2^31 − 1 ms; a longer delay is replaced by 1 ms, so it would fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/** One numeric option: its flag, its profile key (when a config file may set it too), and its range. */
export interface Bound {
  flag: `--${string}`;
  /** The profile key that sets the same value. */
  configKey?: 'timeoutMs' | 'retries' | undefined;
  min: number;
  max: number;
  /** What the number counts, as the error line says it. */
  unit: 'milliseconds' | 'seconds' | 'count';
}

/**
 * Every numeric option. Timers stop at {@link MAX_TIMER_MS} (about 24.8 days): anything longer would fire after
 * 1 ms. The longest sync run any provider allows is 24 h (Function Compute), so the per-provider default
 * timeouts (providers/<p>/limits.ts) fit well inside.
 */
export const BOUNDS = {
  /** Per-attempt timeout, connect to last byte. */
  timeout: { flag: '--timeout', configKey: 'timeoutMs', min: 1, max: MAX_TIMER_MS, unit: 'milliseconds' },
  /** All attempts (and a whole batch) together. */
  deadline: { flag: '--deadline', min: 1, max: MAX_TIMER_MS, unit: 'milliseconds' },
  /** Retries of throttled or never-sent requests: more than 10 only hammers a throttled API. */
  retries: { flag: '--retries', configKey: 'retries', min: 0, max: 10, unit: 'count' },
  /** Batch invocations in flight at once. */
  concurrency: { flag: '--concurrency', min: 1, max: 1024, unit: 'count' },
  /** Batch repetitions of one event: a million is already hours of invocations. */
  repeat: { flag: '--repeat', min: 1, max: 1_000_000, unit: 'count' },
} as const satisfies Record<string, Bound>;

export type BoundName = keyof typeof BOUNDS;

/**
 * The session lengths the clouds' credential exchanges accept (profile keys only, no flag): Tencent STS
 * `DurationSeconds` 0–43200 (0: the default, 1800 s), Alibaba STS 900–43200, Huawei/OTC IAM security tokens
 * 900–86400. A cloud may refuse a length inside the range when the role's own maximum is lower.
 */
export const SESSION_BOUNDS = {
  tencent: { configKey: 'durationSeconds', min: 0, max: 43_200, unit: 'seconds' },
  aliyun: { configKey: 'durationSeconds', min: 900, max: 43_200, unit: 'seconds' },
  huawei: { configKey: 'durationSeconds', min: 900, max: 86_400, unit: 'seconds' },
} as const satisfies Record<string, Omit<Bound, 'flag' | 'configKey'> & { configKey: string }>;

/** What a value must be, for error lines: `a whole number of milliseconds from 1 to 2147483647`. */
export function describeBound(bound: Pick<Bound, 'unit' | 'min' | 'max'>): string {
  return `a whole number${bound.unit === 'count' ? '' : ` of ${bound.unit}`} from ${bound.min} to ${bound.max}`;
}

/** True when `value` is a whole number inside the bound. */
export function withinBound(bound: Bound, value: number): boolean {
  return Number.isSafeInteger(value) && value >= bound.min && value <= bound.max;
}
