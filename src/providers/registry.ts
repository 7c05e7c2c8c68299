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
  /**
   * The other options only some providers take, as option names; given on the command line to a provider that
   * does not list it (here or in `identifiers`), an option is refused (cli/applicability.ts).
   */
  options: readonly string[];
  load: () => Promise<Provider>;
}

export const PROVIDERS: readonly ProviderEntry[] = [
  {
    id: 'tencent',
    aliases: ['scf'],
    cloud: 'tencent',
    title: 'Tencent SCF API 3.0 (InvokeFunction / Invoke, TC3-HMAC-SHA256)',
    identifiers: ['region'],
    options: ['namespace', 'routing-key'],
    // Lazy: each provider is a separate module graph, loaded only when used.
    load: async () => (await import('./tencent/index.js')).tencentProvider,
  },
  {
    id: 'tencent-v2',
    aliases: ['scf-v2'],
    cloud: 'tencent',
    title: 'Tencent SCF legacy API v2 (index.php?Action=InvokeFunction, HmacSHA256/HmacSHA1)',
    identifiers: ['region'],
    options: ['signature-method'],
    load: async () => (await import('./tencent-v2/index.js')).tencentV2Provider,
  },
  {
    id: 'aliyun',
    aliases: ['fc', 'fc3'],
    cloud: 'aliyun',
    title: 'Alibaba Function Compute 3.0 (2023-03-30, ACS3-HMAC-SHA256)',
    identifiers: ['region', 'account-id'],
    options: ['task-id'],
    load: async () => (await import('./aliyun/index.js')).aliyunProvider,
  },
  {
    id: 'aliyun-fc2',
    aliases: ['fc2'],
    cloud: 'aliyun',
    title: 'Alibaba Function Compute 2.0 (2016-08-15, FC signature)',
    identifiers: ['region', 'account-id', 'service'],
    options: ['task-id'],
    load: async () => (await import('./aliyun-fc2/index.js')).aliyunFc2Provider,
  },
  {
    id: 'huawei',
    aliases: ['fgs', 'functiongraph'],
    cloud: 'huawei',
    title: 'Huawei Cloud FunctionGraph v2 (SDK-HMAC-SHA256 or X-Auth-Token)',
    identifiers: ['region', 'project-id'],
    options: ['token', 'token-file', 'request-version'],
    load: async () => (await import('./huawei/index.js')).huaweiProvider,
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
