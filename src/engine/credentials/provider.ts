/**
 * The credential orchestrator: turns a {@link CredentialSource} into credentials that sign, exchanging them through
 * the cloud's module (`./<cloud>/index.ts`) when the source needs it, and caching what comes back — in memory for
 * the process, and on disk (cache.ts) so one-off processes share an exchange. Chained roles resolve `via` first;
 * each hop is cached on its own. Credentials are refreshed before they expire (cache.ts `refreshMarginMs`), so
 * a long batch that asks before each line never signs with credentials about to lapse.
 */
import { describeSource } from '../../core/describe-source.js';
import type { CredentialSource, ExchangeSource, SourceCloud } from '../../core/credential-source.js';
import type { Credentials } from '../../core/credentials.js';
import { CredentialError, EXIT_CODES } from '../../core/errors.js';
import { cacheDirectory, cacheKey, credentialFingerprint, DiskCredentialCache, isUsable, type CacheEntry } from './cache.js';
import { createExchangeContext, type ExchangeContextOptions } from './context.js';
import type { Exchange, ExchangeContext } from './types.js';

/** What {@link CredentialProvider.get} answers. */
export interface ProvidedCredentials {
  credentials: Credentials;
  /** When they expire; undefined for static credentials and for exchanges that gave no expiry. */
  expiresAt?: Date | undefined;
  /** Where they came from, for `--debug` and `config show`: never a secret or a token. */
  provenance: string;
  /** Whether they came from the memory or the disk cache, or from a fresh exchange (false; also for static ones). */
  fromCache: 'memory' | 'disk' | false;
}

/** Credentials from one source, cached and refreshed. */
export interface CredentialProvider {
  readonly source: CredentialSource;
  get(): Promise<ProvidedCredentials>;
  /** Forgets the cached answer of the source (memory and disk), so the next `get` exchanges afresh. */
  invalidate(): Promise<void>;
  /**
   * What the caches hold for the source now, without exchanging (`config show`): where usable credentials are and
   * when they expire, or undefined when the next `get` would exchange. Static sources: undefined.
   */
  cached(): Promise<{ where: 'memory' | 'disk'; expiresAt: Date | undefined } | undefined>;
}

/** What {@link createCredentialProvider} needs. */
export interface CredentialProviderDeps {
  context: ExchangeContext;
  /** The disk cache; undefined keeps credentials in memory only. */
  disk?: DiskCredentialCache | undefined;
  /** The exchange of a cloud. @default the cloud's module, loaded on first use */
  exchangeFor?: ((cloud: SourceCloud) => Promise<Exchange>) | undefined;
}

/** The cloud module that serves `cloud`'s exchanges: Huawei's serves both Huawei Cloud and OTC. */
export async function loadExchange(cloud: SourceCloud): Promise<Exchange> {
  switch (cloud) {
    case 'tencent':
      return (await import('./tencent/index.js')).exchange;
    case 'aliyun':
      return (await import('./aliyun/index.js')).exchange;
    case 'huawei':
    case 'otc':
      return (await import('./huawei/index.js')).exchange;
  }
}

/** A provider for `source`; static sources answer their credentials as they are. */
export function createCredentialProvider(source: CredentialSource, deps: CredentialProviderDeps): CredentialProvider {
  return source.kind === 'static' ? new StaticProvider(source) : new ExchangeHop(source, deps);
}

/** What {@link openCredentialProvider} needs: the process's parts, each replaceable. */
export interface OpenCredentialProviderOptions extends ExchangeContextOptions {
  /** The home directory, for the default cache directory. */
  home: string | undefined;
  /** Use the disk cache (docs/config.md; FCINVOKE_NO_CREDENTIAL_CACHE=1 also turns it off). @default true */
  diskCache?: boolean | undefined;
  /** Called with each cache warning (an unsafe directory, a failed write), once per text. */
  warn?: ((message: string) => void) | undefined;
  /** The exchange of a cloud, instead of fcinvoke's own (tests; a cloud fcinvoke does not know). */
  exchangeFor?: ((cloud: SourceCloud) => Promise<Exchange>) | undefined;
}

/**
 * A provider wired to the process: the exchange context from the environment (FCINVOKE_STS_ENDPOINT and
 * FCINVOKE_METADATA_ENDPOINT checked: a ConfigError when junk) and the disk cache in the user's cache directory.
 */
export function openCredentialProvider(source: CredentialSource, options: OpenCredentialProviderOptions): CredentialProvider {
  const warned = new Set<string>();
  const warn = (text: string) => {
    if (warned.has(text)) return;
    warned.add(text);
    options.warn?.(text);
  };
  const directory = options.diskCache === false ? undefined : cacheDirectory(options.env, options.home);
  return createCredentialProvider(source, {
    context: createExchangeContext(options),
    disk: directory === undefined ? undefined : new DiskCredentialCache(directory, warn),
    exchangeFor: options.exchangeFor,
  });
}

class StaticProvider implements CredentialProvider {
  constructor(readonly source: Extract<CredentialSource, { kind: 'static' }>) {}

  async get(): Promise<ProvidedCredentials> {
    return { credentials: this.source.credentials, provenance: this.source.origin, fromCache: false };
  }

  async invalidate(): Promise<void> {}

  async cached(): Promise<undefined> {
    return undefined;
  }
}

/** One exchange of a chain, with its own cache entry. */
class ExchangeHop implements CredentialProvider {
  private memory: CacheEntry | undefined;
  /** An answer not cached on disk because it has no expiry: kept for the process. */
  private lasting: Credentials | undefined;
  /** The exchange in progress: concurrent callers (a batch's lines) share it. */
  private pending: Promise<ProvidedCredentials> | undefined;
  private readonly via: CredentialProvider | undefined;

  constructor(
    readonly source: ExchangeSource,
    private readonly deps: CredentialProviderDeps,
  ) {
    this.via = 'via' in source ? createCredentialProvider(source.via, deps) : undefined;
  }

  async get(): Promise<ProvidedCredentials> {
    const now = this.deps.context.now();
    if (this.lasting !== undefined) return this.answer(this.lasting, undefined, 'memory');
    if (this.memory !== undefined && isUsable(this.memory, now)) return this.answer(this.memory.credentials, this.memory.expiresAt, 'memory');
    this.pending ??= this.load().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  async cached(): Promise<{ where: 'memory' | 'disk'; expiresAt: Date | undefined } | undefined> {
    const now = this.deps.context.now();
    if (this.lasting !== undefined) return { where: 'memory', expiresAt: undefined };
    if (this.memory !== undefined && isUsable(this.memory, now)) return { where: 'memory', expiresAt: this.memory.expiresAt };
    const entry = await this.deps.disk?.read(this.key());
    return entry !== undefined && isUsable(entry, now) ? { where: 'disk', expiresAt: entry.expiresAt } : undefined;
  }

  async invalidate(): Promise<void> {
    this.memory = undefined;
    this.lasting = undefined;
    await this.deps.disk?.remove(this.key());
  }

  private async load(): Promise<ProvidedCredentials> {
    const { context, disk } = this.deps;
    const key = this.key();
    const cached = await disk?.read(key);
    if (cached !== undefined && isUsable(cached, context.now())) {
      this.memory = cached;
      return this.answer(cached.credentials, cached.expiresAt, 'disk');
    }
    const via = this.via === undefined ? undefined : await this.via.get();
    const exchange = await (this.deps.exchangeFor ?? loadExchange)(this.source.cloud);
    const obtainedAt = context.now();
    let temporary;
    try {
      temporary = await exchange(this.source, via?.credentials, context);
    } catch (error) {
      // The signing hop's cached credentials were refused (revoked): it exchanges afresh, and this hop tries once more.
      if (!(error instanceof CredentialError) || error.exitCode !== EXIT_CODES.apiError || via === undefined || via.fromCache === false) throw error;
      await this.via!.invalidate();
      temporary = await exchange(this.source, (await this.via!.get()).credentials, context);
    }
    const credentials: Credentials =
      temporary.kind === 'token'
        ? { kind: 'token', token: temporary.token }
        : {
            kind: 'keys',
            accessKeyId: temporary.accessKeyId,
            accessKeySecret: temporary.accessKeySecret,
            ...(temporary.securityToken === undefined ? {} : { securityToken: temporary.securityToken }),
          };
    if (temporary.expiresAt === undefined) {
      this.lasting = credentials;
      return this.answer(credentials, undefined, false);
    }
    const entry: CacheEntry = { credentials, expiresAt: temporary.expiresAt, obtainedAt };
    this.memory = entry;
    if (isUsable(entry, obtainedAt)) await disk?.write(key, entry);
    return this.answer(credentials, entry.expiresAt, false);
  }

  private answer(credentials: Credentials, expiresAt: Date | undefined, fromCache: ProvidedCredentials['fromCache']): ProvidedCredentials {
    const expiry = expiresAt === undefined ? '' : `, expires ${expiresAt.toISOString()}`;
    const how = fromCache === false ? 'fresh exchange' : `${fromCache} cache hit`;
    return { credentials, expiresAt, provenance: `${describeSource(this.source)}${expiry} (${how})`, fromCache };
  }

  /** The cache key of this hop: what it asks for, where it asks, and who signs (see {@link keyMaterial}). */
  private key(): string {
    return cacheKey(keyMaterial(this.source, this.deps.context));
  }
}

/**
 * What decides an exchange's answer, as data: the source without its `origin` (where it was configured does not
 * change the answer), the signing source in place of `via` (static keys as a fingerprint; a role as its own
 * material, so refreshing the inner role does not orphan the outer entry), the endpoints, and the clouds' own
 * endpoint variables.
 */
export function keyMaterial(source: CredentialSource, context: Pick<ExchangeContext, 'stsEndpoint' | 'metadataEndpoint' | 'env'>): unknown {
  if (source.kind === 'static') return { kind: 'static', cloud: source.cloud, signer: credentialFingerprint(source.credentials) };
  const { origin: _origin, ...rest } = source;
  const material: Record<string, unknown> = { ...rest, version: 1 };
  if ('via' in source) material['via'] = keyMaterial(source.via, context);
  if (source.kind === 'instance') material['metadataEndpoint'] = context.metadataEndpoint;
  else if (source.kind !== 'process' && source.kind !== 'uri') {
    material['stsEndpoint'] = context.stsEndpoint;
    material['cloudEndpoints'] = CLOUD_ENDPOINT_VARIABLES.map((name) => context.env[name]);
  }
  return material;
}

/** The clouds' own variables that move an STS or IAM endpoint. */
const CLOUD_ENDPOINT_VARIABLES = [
  'HUAWEICLOUD_SDK_IAM_ENDPOINT',
  'ALIBABA_CLOUD_STS_REGION',
  'ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED',
  'TENCENTCLOUD_STS_ENDPOINT',
] as const;


