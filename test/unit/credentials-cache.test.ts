import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cacheDirectory,
  cacheKey,
  DiskCredentialCache,
  isUsable,
  refreshMarginMs,
  type CacheEntry,
} from '../../src/engine/credentials/cache.js';
import { tempDir } from '../helpers/exchange.js';

const KEYS = { kind: 'keys', accessKeyId: 'STS.TEMPID', accessKeySecret: 'temp-secret-value', securityToken: 'temp-token-value' } as const;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const entry = (lifetimeMs = 3_600_000): CacheEntry => ({ credentials: { ...KEYS }, obtainedAt: new Date(T0), expiresAt: new Date(T0 + lifetimeMs) });

function cacheIn(directory: string, uid?: number) {
  const warnings: string[] = [];
  return { cache: new DiskCredentialCache(directory, (text) => warnings.push(text), uid ?? process.getuid?.()), warnings };
}

describe('cacheDirectory', () => {
  it.each([
    ['FCINVOKE_CACHE_DIR wins', { FCINVOKE_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' }, 'linux', '/c'],
    ['XDG_CACHE_HOME on Linux', { XDG_CACHE_HOME: '/x' }, 'linux', '/x/fcinvoke'],
    ['~/.cache on Linux', {}, 'linux', '/home/u/.cache/fcinvoke'],
    ['~/Library/Caches on macOS', { XDG_CACHE_HOME: '/x' }, 'darwin', '/home/u/Library/Caches/fcinvoke'],
    ['%LOCALAPPDATA% on Windows', { LOCALAPPDATA: 'C:/AppData/Local' }, 'win32', join('C:/AppData/Local', 'fcinvoke')],
    ['off with FCINVOKE_NO_CREDENTIAL_CACHE=1', { FCINVOKE_NO_CREDENTIAL_CACHE: '1', FCINVOKE_CACHE_DIR: '/c' }, 'linux', undefined],
    ['on with FCINVOKE_NO_CREDENTIAL_CACHE=0', { FCINVOKE_NO_CREDENTIAL_CACHE: '0' }, 'linux', '/home/u/.cache/fcinvoke'],
  ] as const)('%s', (_name, env, platform, expected) => {
    expect(cacheDirectory(env, '/home/u', platform)).toBe(expected);
  });
});

describe('refresh margin', () => {
  it.each([
    // lifetime, margin: 5 min floor; 10 % of a long one; half of a short one.
    [1_800_000, 300_000],
    [43_200_000, 4_320_000],
    [240_000, 120_000],
  ])('a lifetime of %i ms is refreshed %i ms before expiry', (lifetime, margin) => {
    const e = entry(lifetime);
    expect(refreshMarginMs(e)).toBe(margin);
    expect(isUsable(e, new Date(T0 + lifetime - margin - 1))).toBe(true);
    expect(isUsable(e, new Date(T0 + lifetime - margin))).toBe(false);
  });
});

describe('cacheKey', () => {
  it('ignores key order and undefined fields, and differs for any changed value', () => {
    expect(cacheKey({ a: 1, b: { c: 'x', d: undefined } })).toBe(cacheKey({ b: { c: 'x' }, a: 1 }));
    expect(cacheKey({ a: 1, b: { c: 'x' } })).not.toBe(cacheKey({ a: 1, b: { c: 'y' } }));
    expect(cacheKey({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('DiskCredentialCache', () => {
  it('creates the directory 0700 and the entry 0600, and reads it back', async () => {
    const directory = join(tempDir(), 'nested', 'fcinvoke');
    const { cache, warnings } = cacheIn(directory);
    await cache.write('k1', entry());
    expect(statSync(directory).mode & 0o777).toBe(0o700);
    expect(statSync(cache.pathOf('k1')).mode & 0o777).toBe(0o600);
    expect(await cache.read('k1')).toEqual(entry());
    expect(await cache.read('other')).toBeUndefined();
    // Only the entry: no temporary file is left behind.
    expect(readdirSync(directory)).toEqual(['k1.json']);
    expect(warnings).toEqual([]);
  });

  it('refuses an entry others can read, with one warning, and replaces it on the next write', async () => {
    const directory = tempDir();
    chmodSync(directory, 0o700);
    const { cache, warnings } = cacheIn(directory);
    await cache.write('k', entry());
    chmodSync(cache.pathOf('k'), 0o644);
    expect(await cache.read('k')).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('others can read it (mode 644)');
    expect(warnings[0]).not.toContain(KEYS.accessKeySecret);
    await cache.write('k', entry());
    expect(statSync(cache.pathOf('k')).mode & 0o777).toBe(0o600);
    expect(await cache.read('k')).toEqual(entry());
  });

  it('neither reads nor writes in a directory others can read', async () => {
    const directory = tempDir();
    const { cache: setup } = cacheIn(directory);
    chmodSync(directory, 0o700);
    await setup.write('k', entry());
    chmodSync(directory, 0o755);
    const { cache, warnings } = cacheIn(directory);
    expect(await cache.read('k')).toBeUndefined();
    await cache.write('new', entry());
    expect(readdirSync(directory)).toEqual(['k.json']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/ignoring the credential cache .*mode 755.*chmod 700/);
  });

  it('does not follow a symbolic link in place of the directory', async () => {
    const target = tempDir();
    chmodSync(target, 0o700);
    const link = join(tempDir(), 'fcinvoke');
    symlinkSync(target, link);
    const { cache, warnings } = cacheIn(link);
    await cache.write('k', entry());
    expect(readdirSync(target)).toEqual([]);
    expect(warnings[0]).toContain('it is not a directory (a symbolic link is not followed)');
  });

  it('refuses a directory owned by another user', async () => {
    // The owner check compares with the uid the cache is given: a uid that owns nothing here stands for "another
    // user" without needing two accounts (and works when the tests run as root).
    const directory = tempDir();
    chmodSync(directory, 0o700);
    const { cache: mine } = cacheIn(directory);
    await mine.write('k', entry());
    const { cache, warnings } = cacheIn(directory, 4242);
    expect(await cache.read('k')).toBeUndefined();
    expect(warnings[0]).toContain('owned by another user');
  });

  it.each([
    ['not JSON', '{"version":1,'],
    ['another version', JSON.stringify({ version: 2, credentials: KEYS, expiresAt: '2026-01-01T01:00:00Z', obtainedAt: '2026-01-01T00:00:00Z' })],
    ['no secret', JSON.stringify({ version: 1, credentials: { kind: 'keys', accessKeyId: 'x' }, expiresAt: '2026-01-01T01:00:00Z', obtainedAt: '2026-01-01T00:00:00Z' })],
    ['a bad date', JSON.stringify({ version: 1, credentials: KEYS, expiresAt: 'soon', obtainedAt: '2026-01-01T00:00:00Z' })],
  ])('a corrupt entry (%s) is a miss, and is overwritten', async (_name, text) => {
    const directory = tempDir();
    chmodSync(directory, 0o700);
    const { cache, warnings } = cacheIn(directory);
    writeFileSync(cache.pathOf('k'), text, { mode: 0o600 });
    expect(await cache.read('k')).toBeUndefined();
    await cache.write('k', entry());
    expect(JSON.parse(readFileSync(cache.pathOf('k'), 'utf8')).version).toBe(1);
    expect(warnings).toEqual([]);
  });

  it('a failed write is a warning, not an error', async () => {
    const parent = tempDir();
    // A file where the directory should be: mkdir fails.
    writeFileSync(join(parent, 'blocked'), '');
    const { cache, warnings } = cacheIn(join(parent, 'blocked', 'fcinvoke'));
    await expect(cache.write('k', entry())).resolves.toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not create the credential cache directory .*continuing without it/);
  });

  it('remove forgets an entry', async () => {
    const directory = tempDir();
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    chmodSync(directory, 0o700);
    const { cache } = cacheIn(directory);
    await cache.write('k', entry());
    await cache.remove('k');
    expect(await cache.read('k')).toBeUndefined();
  });
});
