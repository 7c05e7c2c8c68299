/**
 * **The provider registry: one entry per provider, and the only list of them.** Ids, aliases, cloud, identifiers
 * and the options that apply, with a lazy loader per provider so `invoke tencent` loads only the Tencent code.
 * Every other list of providers (the config schema's names, the result schema's ids, the emulator's routes, the
 * CLI's help) is derived from this one; docs/architecture.md, "Adding a provider".
 */
import type { EmulatedApi } from './emulator-api.js';
import type { CloudId, Provider } from './types.js';

/** What every floor knows about a provider without loading it. */
export interface ProviderEntryShape {
  id: string;
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
  /** Loads the client half: build, sign, parse (`<id>/index.ts`). */
  load: () => Promise<Provider>;
  /** Loads the emulated API the emulator serves for this provider (`<id>/emulator/index.ts`). */
  emulator: () => Promise<EmulatedApi>;
}

export const PROVIDERS = [
  {
    id: 'tencent',
    aliases: ['scf'],
    cloud: 'tencent',
    title: 'Tencent SCF API 3.0 (InvokeFunction / Invoke, TC3-HMAC-SHA256)',
    identifiers: ['region'],
    options: ['namespace', 'routing-key'],
    // Lazy: each provider is a separate module graph, loaded only when used.
    load: async () => (await import('./tencent/index.js')).tencentProvider,
    emulator: async () => (await import('./tencent/emulator/index.js')).tencentEmulator,
  },
  {
    id: 'tencent-v2',
    aliases: ['scf-v2'],
    cloud: 'tencent',
    title: 'Tencent SCF legacy API v2 (index.php?Action=InvokeFunction, HmacSHA256/HmacSHA1)',
    identifiers: ['region'],
    options: ['signature-method'],
    load: async () => (await import('./tencent-v2/index.js')).tencentV2Provider,
    emulator: async () => (await import('./tencent-v2/emulator/index.js')).tencentV2Emulator,
  },
  {
    id: 'aliyun',
    aliases: ['fc', 'fc3'],
    cloud: 'aliyun',
    title: 'Alibaba Function Compute 3.0 (2023-03-30, ACS3-HMAC-SHA256)',
    identifiers: ['region', 'account-id'],
    options: ['task-id', 'raw-event'],
    load: async () => (await import('./aliyun/index.js')).aliyunProvider,
    emulator: async () => (await import('./aliyun/emulator/index.js')).aliyunEmulator,
  },
  {
    id: 'aliyun-fc2',
    aliases: ['fc2'],
    cloud: 'aliyun',
    title: 'Alibaba Function Compute 2.0 (2016-08-15, FC signature)',
    identifiers: ['region', 'account-id', 'service'],
    options: ['task-id', 'raw-event'],
    load: async () => (await import('./aliyun-fc2/index.js')).aliyunFc2Provider,
    emulator: async () => (await import('./aliyun-fc2/emulator/index.js')).aliyunFc2Emulator,
  },
  {
    id: 'huawei',
    aliases: ['fgs', 'functiongraph'],
    cloud: 'huawei',
    title: 'Huawei Cloud FunctionGraph v2 (SDK-HMAC-SHA256 or X-Auth-Token)',
    identifiers: ['region', 'project-id'],
    options: ['token', 'token-file', 'request-version'],
    load: async () => (await import('./huawei/index.js')).huaweiProvider,
    emulator: async () => (await import('./huawei/emulator/index.js')).huaweiEmulator,
  },
  {
    id: 'otc',
    aliases: ['opentelekomcloud', 'otc-fgs'],
    cloud: 'otc',
    title: 'Open Telekom Cloud FunctionGraph v2 (eu-de, eu-nl; SDK-HMAC-SHA256 or X-Auth-Token)',
    identifiers: ['region', 'project-id'],
    options: ['token', 'token-file', 'request-version'],
    load: async () => (await import('./otc/index.js')).otcProvider,
    emulator: async () => (await import('./otc/emulator/index.js')).otcEmulator,
  },
] as const satisfies readonly ProviderEntryShape[];

/** A provider id, as users type it. */
export type ProviderId = (typeof PROVIDERS)[number]['id'];

/** A registry entry, its id one of {@link ProviderId}. */
export type ProviderEntry = ProviderEntryShape & { id: ProviderId };

/** Every provider id, in registry order (a tuple type, so `z.enum` and `it.each` see each id). */
export const PROVIDER_IDS = PROVIDERS.map((entry) => entry.id) as unknown as IdsOf<typeof PROVIDERS>;

/** Any name a user may type for a provider: an id or an alias. */
export type ProviderName = ProviderId | (typeof PROVIDERS)[number]['aliases'][number];

/** Every id and alias, entry by entry (the config schema's `provider` values). */
export const PROVIDER_NAMES = PROVIDERS.flatMap((entry: ProviderEntry) => [entry.id, ...entry.aliases]) as unknown as readonly [
  ProviderName,
  ...ProviderName[],
];

type IdsOf<T extends readonly { id: string }[]> = { readonly [K in keyof T]: T[K]['id'] };

/** Finds a provider by id or alias (case-insensitive). */
export function findProvider(name: string): ProviderEntry | undefined {
  const wanted = name.toLowerCase();
  return PROVIDERS.find((entry: ProviderEntry) => entry.id === wanted || entry.aliases.includes(wanted));
}

/** Every name a user may type for a provider. */
export function providerNames(): string[] {
  return [...PROVIDER_NAMES];
}
