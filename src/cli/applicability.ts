/**
 * Options that apply only to some providers or some kinds of invocation. Given on the command line where they do
 * not apply, they are refused (exit 2, nothing sent) rather than ignored. Values from a profile are never refused:
 * profiles are shared across providers, so a value another provider needs is simply unused.
 */
import { UsageError } from '../core/errors.js';
import { PROVIDERS, type ProviderEntry } from '../providers/registry.js';

/** What kind of invocation the command line asks for. */
export interface InvocationMode {
  async: boolean;
  /** `--events-file` or `--repeat`. */
  batch: boolean;
}

/** An option that applies only in one kind of invocation, whatever the provider. */
interface ModeRule {
  scope: string;
  applies: (mode: InvocationMode) => boolean;
}

/**
 * The mode rules, by option name. The providers an option applies to come from the registry (its `identifiers`
 * and `options`), so this table holds only what the registry cannot say.
 */
export const MODE_RULES: Readonly<Record<string, ModeRule>> = {
  // FC 3.0 x-fc-async-task-id and FC 2.0 X-Fc-Stateful-Async-Invocation-Id name async tasks only (providers.md §3.2, §4.2).
  'task-id': { scope: 'async invocations', applies: (mode) => mode.async },
  // FunctionGraph's X-CFF-Request-Version shapes the synchronous answer only (seed, Table 2).
  'request-version': { scope: 'sync invocations', applies: (mode) => !mode.async },
  concurrency: { scope: 'batches (--events-file or --repeat)', applies: (mode) => mode.batch },
  unordered: { scope: 'batches (--events-file or --repeat)', applies: (mode) => mode.batch },
};

/** Each provider-specific option and the providers that take it, from the registry. */
export function providerOptions(): Map<string, string[]> {
  const takers = new Map<string, string[]>();
  for (const entry of PROVIDERS) {
    for (const option of [...entry.identifiers, ...entry.options]) takers.set(option, [...(takers.get(option) ?? []), entry.id]);
  }
  // An option every provider takes is not provider-specific.
  for (const [option, ids] of takers) if (ids.length === PROVIDERS.length) takers.delete(option);
  return takers;
}

/**
 * Throws a UsageError for the first option in `explicit` (commander's attribute names of the options given on the
 * command line) that does not apply to `entry` in `mode`: `--task-id applies to aliyun and aliyun-fc2 async
 * invocations only`.
 */
export function refuseInapplicable(entry: ProviderEntry, mode: InvocationMode, explicit: ReadonlySet<string>): void {
  const takers = providerOptions();
  for (const option of new Set([...takers.keys(), ...Object.keys(MODE_RULES)])) {
    if (!explicit.has(attributeName(option))) continue;
    const providers = takers.get(option);
    const rule = MODE_RULES[option];
    const providerFits = providers === undefined || providers.includes(entry.id);
    const modeFits = rule === undefined || rule.applies(mode);
    if (providerFits && modeFits) continue;
    const who = [providers === undefined ? undefined : listing(providers), rule?.scope].filter(Boolean).join(' ');
    throw new UsageError(`--${option} applies to ${who} only`, { code: 'usage.inapplicable' });
  }
}

/** Commander's attribute name of an option: `task-id` → `taskId`. */
function attributeName(option: string): string {
  return option.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

function listing(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
