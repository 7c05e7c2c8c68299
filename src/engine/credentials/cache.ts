/**
 * The disk cache of temporary credentials (docs/config.md, "Temporary credentials: the cache"): one file per
 * source in the user's cache directory, so a CI loop of one-off `fcinvoke invoke` processes makes one exchange.
 *
 * - Where: FCINVOKE_CACHE_DIR, else XDG_CACHE_HOME/fcinvoke or ~/.cache/fcinvoke (macOS ~/Library/Caches/fcinvoke,
 *   Windows %LOCALAPPDATA%\fcinvoke). FCINVOKE_NO_CREDENTIAL_CACHE=1 turns it off (memory only).
 * - What: `<sha256 of the canonical source>.json`; the key covers everything that changes the answer (cloud, kind,
 *   role, session, duration, policy, token file path, endpoints) and a hash of the signing keys, so different keys
 *   never share an entry. The entry holds the temporary secret: directory 0700, file 0600, written to a temporary
 *   file and renamed (two processes racing each rename a complete file; the last one wins).
 * - Trust: a directory or file that others can read, or that another user owns, is never read nor written; one
 *   warning says so. A corrupt entry is a miss (and is overwritten). A failed write is a warning.
 */
import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Credentials } from '../../core/credentials.js';

/** One cached answer of an exchange. */
export interface CacheEntry {
  credentials: Credentials;
  /** When the cloud said they expire. */
  expiresAt: Date;
  /** When they were obtained: the lifetime, for the refresh margin. */
  obtainedAt: Date;
}

/** The format version inside each file; another version is a miss. */
const ENTRY_VERSION = 1;
const FIVE_MINUTES_MS = 5 * 60_000;

/**
 * How long before expiry credentials are refreshed: max(5 min, 10 % of their lifetime), but at most half of it.
 * Five minutes covers the clouds' tolerance for clock skew (Tencent refuses a signature more than 5 minutes off)
 * and an invocation that starts just before expiry; 10 % keeps long-lived sessions (12 h → 72 min) well clear of
 * the edge, as the SDKs do; the cap at half keeps a short session (15 min) usable for a while before its refresh.
 */
export function refreshMarginMs(entry: { expiresAt: Date; obtainedAt: Date }): number {
  const lifetime = Math.max(0, entry.expiresAt.getTime() - entry.obtainedAt.getTime());
  return Math.min(Math.max(FIVE_MINUTES_MS, lifetime / 10), lifetime / 2);
}

/** Whether an entry may still be used at `now` (not within the refresh margin of its expiry). */
export function isUsable(entry: { expiresAt: Date; obtainedAt: Date }, now: Date): boolean {
  return now.getTime() < entry.expiresAt.getTime() - refreshMarginMs(entry);
}

/** The cache key: the SHA-256 of the canonical JSON of `material` (object keys sorted). */
export function cacheKey(material: unknown): string {
  return createHash('sha256').update(canonicalJson(material)).digest('hex');
}

/** A one-way fingerprint of signing credentials, for keys: never the secret itself. */
export function credentialFingerprint(credentials: Credentials): string {
  const text =
    credentials.kind === 'token'
      ? `token\n${credentials.token}`
      : `keys\n${credentials.accessKeyId}\n${credentials.accessKeySecret}\n${credentials.securityToken ?? ''}`;
  return createHash('sha256').update(text).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Where the cache lives, or undefined when it is turned off (or no home is known). */
export function cacheDirectory(
  env: Readonly<Record<string, string | undefined>>,
  home: string | undefined,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const off = env['FCINVOKE_NO_CREDENTIAL_CACHE'];
  if (off !== undefined && off !== '' && off !== '0' && off.toLowerCase() !== 'false') return undefined;
  if (env['FCINVOKE_CACHE_DIR']) return env['FCINVOKE_CACHE_DIR'];
  if (platform === 'win32') {
    const local = env['LOCALAPPDATA'];
    return local ? join(local, 'fcinvoke') : undefined;
  }
  if (platform === 'darwin') return home ? join(home, 'Library', 'Caches', 'fcinvoke') : undefined;
  if (env['XDG_CACHE_HOME']) return join(env['XDG_CACHE_HOME'], 'fcinvoke');
  return home ? join(home, '.cache', 'fcinvoke') : undefined;
}

/** The on-disk cache; every failure is a warning or a miss, never an error. */
export class DiskCredentialCache {
  /** Set once the directory was found unsafe: nothing more is read or written. */
  private refused = false;
  private readonly checkOwner: boolean;

  constructor(
    readonly directory: string,
    private readonly warn: (message: string) => void,
    private readonly uid: number | undefined = process.getuid?.(),
  ) {
    // Windows has no POSIX modes or uids: the user's profile directory is what protects the cache there.
    this.checkOwner = uid !== undefined;
  }

  /** The entry for `key`, or undefined (missing, unsafe, corrupt, another version). */
  async read(key: string): Promise<CacheEntry | undefined> {
    if (!(await this.directoryIsSafe(false))) return undefined;
    const path = this.pathOf(key);
    let status;
    try {
      status = await lstat(path);
    } catch {
      return undefined;
    }
    if (!status.isFile()) return undefined;
    if (!this.isPrivate(status)) {
      this.warn(`ignoring the credential cache entry ${path}: ${this.problem(status)}; fcinvoke will make a fresh exchange and replace it`);
      // Replaced, not read: the next write creates a new 0600 file over it.
      return undefined;
    }
    try {
      return parseEntry(await readFile(path, 'utf8'));
    } catch {
      return undefined;
    }
  }

  /** Stores `entry` under `key`: a temporary 0600 file renamed over the old one. */
  async write(key: string, entry: CacheEntry): Promise<void> {
    if (!(await this.directoryIsSafe(true))) return;
    const path = this.pathOf(key);
    const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, serializeEntry(entry), { mode: 0o600, flag: 'wx' });
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      this.warn(`could not write the credential cache entry ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}); continuing without it`);
    }
  }

  /** Forgets `key` (its credentials were refused). */
  async remove(key: string): Promise<void> {
    if (!(await this.directoryIsSafe(false))) return;
    await rm(this.pathOf(key), { force: true }).catch(() => undefined);
  }

  pathOf(key: string): string {
    return join(this.directory, `${key}.json`);
  }

  /** Creates the directory (0700) when asked to, and checks it; a warning the first time it is unsafe. */
  private async directoryIsSafe(create: boolean): Promise<boolean> {
    if (this.refused) return false;
    let status;
    try {
      status = await lstat(this.directory);
    } catch {
      if (!create) return false;
      try {
        await mkdir(this.directory, { recursive: true, mode: 0o700 });
        status = await lstat(this.directory);
      } catch (failure) {
        this.warn(`could not create the credential cache directory ${this.directory} (${(failure as NodeJS.ErrnoException).code ?? 'error'}); continuing without it`);
        this.refused = true;
        return false;
      }
    }
    if (!status.isDirectory() || !this.isPrivate(status)) {
      this.refused = true;
      this.warn(
        `ignoring the credential cache ${this.directory}: ${status.isDirectory() ? this.problem(status) : 'it is not a directory (a symbolic link is not followed)'}; ` +
          `fix it (chmod 700, owned by you) or set FCINVOKE_CACHE_DIR`,
      );
      return false;
    }
    return true;
  }

  private isPrivate(status: { mode: number; uid: number }): boolean {
    if (!this.checkOwner) return true;
    return (status.mode & 0o077) === 0 && status.uid === this.uid;
  }

  private problem(status: { mode: number; uid: number }): string {
    if (this.checkOwner && status.uid !== this.uid) return 'it is owned by another user';
    return `others can read it (mode ${(status.mode & 0o777).toString(8).padStart(3, '0')})`;
  }
}

function serializeEntry(entry: CacheEntry): string {
  return `${JSON.stringify({
    version: ENTRY_VERSION,
    credentials: entry.credentials,
    expiresAt: entry.expiresAt.toISOString(),
    obtainedAt: entry.obtainedAt.toISOString(),
  })}\n`;
}

/** The entry in `text`, or undefined when it is not one (corrupt, truncated, another version). */
function parseEntry(text: string): CacheEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { version, credentials, expiresAt, obtainedAt } = value as Record<string, unknown>;
  if (version !== ENTRY_VERSION) return undefined;
  const expires = typeof expiresAt === 'string' ? new Date(expiresAt) : undefined;
  const obtained = typeof obtainedAt === 'string' ? new Date(obtainedAt) : undefined;
  if (expires === undefined || obtained === undefined || Number.isNaN(expires.getTime()) || Number.isNaN(obtained.getTime())) return undefined;
  const parsed = parseCredentials(credentials);
  return parsed === undefined ? undefined : { credentials: parsed, expiresAt: expires, obtainedAt: obtained };
}

function parseCredentials(value: unknown): Credentials | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (record['kind'] === 'token' && typeof record['token'] === 'string' && record['token'] !== '') {
    return { kind: 'token', token: record['token'] };
  }
  const { accessKeyId, accessKeySecret, securityToken } = record;
  if (record['kind'] !== 'keys' || typeof accessKeyId !== 'string' || typeof accessKeySecret !== 'string') return undefined;
  if (accessKeyId === '' || accessKeySecret === '') return undefined;
  if (securityToken !== undefined && typeof securityToken !== 'string') return undefined;
  return { kind: 'keys', accessKeyId, accessKeySecret, ...(securityToken === undefined ? {} : { securityToken }) };
}
