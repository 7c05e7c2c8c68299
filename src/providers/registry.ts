/**
 * Provider ids, aliases and credential variables, with a lazy loader per provider so `invoke tencent` loads only
 * the Tencent code.
 */
import type { CloudId, Provider, ProviderId } from './types.js';

/** What the CLI knows about a provider without loading it. */
export interface ProviderEntry {
  id: ProviderId;
  aliases: readonly string[];
  cloud: CloudId;
  title: string;
  /** Identifiers the provider needs besides the function name, as option names. */
  identifiers: readonly string[];
  load: () => Promise<Provider>;
}

export const PROVIDERS: readonly ProviderEntry[] = [
  {
    id: 'tencent',
    aliases: ['scf'],
    cloud: 'tencent',
    title: 'Tencent SCF API 3.0 (InvokeFunction / Invoke, TC3-HMAC-SHA256)',
    identifiers: ['region'],
    // Lazy: each provider is a separate module graph, loaded only when used.
    load: async () => (await import('./tencent/index.js')).tencentProvider,
  },
];

/** Finds a provider by id or alias (case-insensitive). */
export function findProvider(name: string): ProviderEntry | undefined {
  const wanted = name.toLowerCase();
  return PROVIDERS.find((entry) => entry.id === wanted || entry.aliases.includes(wanted));
}

/** Every name a user may type for a provider. */
export function providerNames(): string[] {
  return PROVIDERS.flatMap((entry) => [entry.id, ...entry.aliases]);
}
