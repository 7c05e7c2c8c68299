/**
 * `--query <path>`: a small dotted/bracket path into the JSON result, e.g. `result.items[0].id`, `metrics.durationMs`,
 * `result["odd key"]` — enough for shell use without jq. Pure.
 */
import { UsageError } from '../core/errors.js';

/** One step of a path: an object key or an array index. */
export type QueryStep = string | number;

/** Parses a path; throws UsageError (before anything is sent) when it is malformed. */
export function parseQuery(path: string): QueryStep[] {
  const steps: QueryStep[] = [];
  let rest = path.trim();
  if (rest === '') throw new UsageError('--query needs a path such as result.items[0].id');
  let first = true;
  while (rest !== '') {
    let match: RegExpExecArray | null;
    if ((match = /^\[(\d+)\]/.exec(rest)) !== null) {
      steps.push(Number(match[1]));
    } else if ((match = /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest)) !== null) {
      steps.push(JSON.parse(match[1]!) as string);
    } else if ((match = (first ? /^([A-Za-z_$][\w$-]*)/ : /^\.([A-Za-z_$][\w$-]*)/).exec(rest)) !== null) {
      steps.push(match[1]!);
    } else {
      throw new UsageError(`--query: cannot read '${rest}' in '${path}' (use a.b, a[0] or a["key"])`);
    }
    rest = rest.slice(match[0].length);
    first = false;
  }
  return steps;
}

/** The value at `steps`, or undefined when the path leads nowhere. */
export function selectQuery(value: unknown, steps: readonly QueryStep[]): unknown {
  let current = value;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return undefined;
      current = current[step];
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, step)) {
        return undefined;
      }
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}

/** How a selected value prints, like `jq -r`: strings bare, everything else as JSON, nothing as `null`. */
export function renderQueryValue(value: unknown): string {
  if (typeof value === 'string') return `${value}\n`;
  return `${JSON.stringify(value === undefined ? null : value)}\n`;
}
