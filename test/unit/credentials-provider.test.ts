import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CredentialSource, ExchangeSource } from '../../src/core/credential-source.js';
import { CredentialError, EXIT_CODES } from '../../src/core/errors.js';
import { DiskCredentialCache } from '../../src/engine/credentials/cache.js';
import { createCredentialProvider, type CredentialProviderDeps } from '../../src/engine/credentials/provider.js';
import type { Exchange } from '../../src/engine/credentials/types.js';
import { expectNoSecrets, FAKE } from '../helpers/secrets.js';
import { issuingExchange, tempDir, testExchangeContext, TestClock } from '../helpers/exchange.js';

const STATIC: CredentialSource = {
  kind: 'static',
  cloud: 'aliyun',
  origin: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
  credentials: { kind: 'keys', accessKeyId: FAKE.aliyun.id, accessKeySecret: FAKE.aliyun.secret },
};
const role = (name: string, via: CredentialSource = STATIC): ExchangeSource => ({
  kind: 'assume-role',
  cloud: 'aliyun',
  origin: 'profile ci',
  roleArn: `acs:ram::1234567890123456:role/${name}`,
  sessionName: 'ci-run',
  via,
});
const OIDC: ExchangeSource = {
  kind: 'web-identity',
  cloud: 'tencent',
  origin: 'TKE_ROLE_ARN',
  roleArn: 'qcs::cam::uin/100000000001:roleName/ci',
  providerId: 'github',
  tokenFile: '/var/run/oidc/token',
};

/** A provider on a test clock and (optionally) a disk cache, with the issuing fake exchange. */
function setup(options: { disk?: string; seconds?: number; clock?: TestClock } = {}) {
  const clock = options.clock ?? new TestClock();
  const fake = issuingExchange(clock, options.seconds);
  const warnings: string[] = [];
  const deps = (): CredentialProviderDeps => ({
    context: testExchangeContext(clock),
    disk: options.disk === undefined ? undefined : new DiskCredentialCache(options.disk, (text) => warnings.push(text)),
    exchangeFor: fake.exchangeFor,
  });
  return { clock, calls: fake.calls, warnings, deps, provider: (source: CredentialSource) => createCredentialProvider(source, deps()) };
}

describe('createCredentialProvider', () => {
  it('answers static credentials as they are, with their origin', async () => {
    const { provider, calls } = setup();
    expect(await provider(STATIC).get()).toEqual({ credentials: STATIC.credentials, provenance: 'ALIBABA_CLOUD_ACCESS_KEY_ID', fromCache: false });
    expect(calls).toHaveLength(0);
  });

  it('exchanges once, then answers from memory; a new process (provider) answers from disk', async () => {
    const disk = tempDir();
    const { provider, calls } = setup({ disk });
    const first = provider(role('ci'));
    const fresh = await first.get();
    const again = await first.get();
    expect([fresh.fromCache, again.fromCache]).toEqual([false, 'memory']);
    expect(again.credentials).toEqual(fresh.credentials);
    const fromDisk = await provider(role('ci')).get();
    expect(fromDisk.fromCache).toBe('disk');
    expect(fromDisk.credentials).toEqual(fresh.credentials);
    expect(fromDisk.expiresAt).toEqual(fresh.expiresAt);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.signer).toEqual(STATIC.credentials);
  });

  it('refreshes within the margin before expiry, from memory and from disk', async () => {
    const disk = tempDir();
    const { provider, calls, clock } = setup({ disk, seconds: 900 });
    const one = provider(OIDC);
    await one.get();
    // 900 s: refreshed 5 min (300 s) before expiry.
    clock.advance(599_000);
    expect((await one.get()).fromCache).toBe('memory');
    expect((await provider(OIDC).get()).fromCache).toBe('disk');
    clock.advance(1_000);
    const refreshed = await one.get();
    expect(refreshed.fromCache).toBe(false);
    expect(calls).toHaveLength(2);
    // The refreshed entry replaced the old one on disk: another process finds the new credentials.
    expect((await provider(OIDC).get()).credentials).toEqual(refreshed.credentials);
    expect(calls).toHaveLength(2);
  });

  it('an expired disk entry is a fresh exchange', async () => {
    const disk = tempDir();
    const { provider, calls, clock } = setup({ disk, seconds: 900 });
    await provider(OIDC).get();
    clock.advance(3_600_000);
    expect((await provider(OIDC).get()).fromCache).toBe(false);
    expect(calls).toHaveLength(2);
  });

  it('keys entries by role, session and signing keys: none shares another one', async () => {
    const disk = tempDir();
    const { provider, calls } = setup({ disk });
    const otherKeys: CredentialSource = { ...STATIC, credentials: { kind: 'keys', accessKeyId: FAKE.aliyun.id, accessKeySecret: 'another-secret' } };
    const sources = [role('ci'), role('deploy'), { ...role('ci'), sessionName: 'other' }, role('ci', otherKeys), { ...role('ci'), durationSeconds: 900 }];
    for (const source of sources) expect((await provider(source).get()).fromCache).toBe(false);
    expect(calls).toHaveLength(sources.length);
    expect(readdirSync(disk)).toHaveLength(sources.length);
    // The origin (where it was configured) is not part of the key.
    expect((await provider({ ...role('ci'), origin: 'ALIBABA_CLOUD_ROLE_ARN' }).get()).fromCache).toBe('disk');
  });

  it('chains roles: the inner hop signs the outer, each cached on its own', async () => {
    const disk = tempDir();
    const { provider, calls } = setup({ disk });
    const chained = role('outer', role('inner'));
    const chain = provider(chained);
    const answer = await chain.get();
    expect(calls.map((call) => (call.source as { roleArn: string }).roleArn.split('/')[1])).toEqual(['inner', 'outer']);
    expect(calls[1]!.signer).not.toEqual(STATIC.credentials);
    expect(calls[1]!.signer?.kind).toBe('keys');
    expect(answer.provenance).toMatch(/^role acs:ram::1234567890123456:role\/outer, session ci-run, signed with role .*role\/inner, session ci-run, signed with keys LTAI…\w{4} \(ALIBABA_CLOUD_ACCESS_KEY_ID\) \(.*\), expires /);
    // Invalidating the outer hop exchanges it again, signed by the inner hop from memory.
    await chain.invalidate();
    expect((await chain.get()).fromCache).toBe(false);
    expect(calls).toHaveLength(3);
    expect(calls[2]!.signer).toEqual(calls[1]!.signer);
    expect(readdirSync(disk)).toHaveLength(2);
  });

  it.each([
    // The outer STS refuses only the revoked inner keys: the inner hop is exchanged afresh, the outer one retried once.
    ['revoked signer', false, ['inner', 'outer', 'inner', 'outer'], undefined],
    // It refuses whatever signs: after the one retry, the refusal is the answer (no loop).
    ['refused role', true, ['inner', 'outer', 'inner', 'outer'], 3],
  ])('a chained role whose cached signing hop is refused (%s) re-exchanges that hop once', async (_name, alwaysRefuse, attempts, exitCode) => {
    const disk = tempDir();
    const clock = new TestClock();
    const fake = issuingExchange(clock);
    const revoked = new Set<string>();
    const seen: string[] = [];
    const exchange: Exchange = async (source, signer, context) => {
      const name = (source as { roleArn: string }).roleArn.split('/')[1]!;
      seen.push(name);
      if (name === 'outer' && (alwaysRefuse || (signer?.kind === 'keys' && revoked.has(signer.accessKeyId)))) {
        throw new CredentialError('the STS refused AssumeRole for role outer', EXIT_CODES.apiError);
      }
      return fake.exchange(source, signer, context);
    };
    const deps = () => ({ context: testExchangeContext(clock), disk: new DiskCredentialCache(disk, () => undefined), exchangeFor: async () => exchange });
    // The inner hop cached on disk by an earlier process, then revoked.
    const inner = await createCredentialProvider(role('inner'), deps()).get();
    revoked.add((inner.credentials as { accessKeyId: string }).accessKeyId);
    const outcome = await createCredentialProvider(role('outer', role('inner')), deps())
      .get()
      .then((answer) => answer.fromCache, (error: CredentialError) => error.exitCode);
    expect(outcome).toBe(exitCode ?? false);
    expect(seen).toEqual(attempts);
  });

  it('concurrent callers share one exchange', async () => {
    const { provider, calls } = setup();
    const one = provider(OIDC);
    const answers = await Promise.all([one.get(), one.get(), one.get()]);
    expect(calls).toHaveLength(1);
    expect(new Set(answers.map((answer) => answer.credentials.kind === 'keys' && answer.credentials.accessKeyId)).size).toBe(1);
  });

  it('invalidate drops the disk entry too', async () => {
    const disk = tempDir();
    const { provider, calls } = setup({ disk });
    const one = provider(OIDC);
    await one.get();
    await one.invalidate();
    expect(readdirSync(disk)).toEqual([]);
    expect((await provider(OIDC).get()).fromCache).toBe(false);
    expect(calls).toHaveLength(2);
  });

  it('keeps credentials without an expiry in memory only', async () => {
    const disk = tempDir();
    const clock = new TestClock();
    let calls = 0;
    const exchange: Exchange = async () => {
      calls += 1;
      return { kind: 'keys', accessKeyId: 'id', accessKeySecret: 'lasting-secret', expiresAt: undefined };
    };
    const deps = { context: testExchangeContext(clock), disk: new DiskCredentialCache(disk, () => undefined), exchangeFor: async () => exchange };
    const one = createCredentialProvider({ kind: 'process', cloud: 'aliyun', origin: '~/.aliyun/config.json profile ext', command: 'x' }, deps);
    expect((await one.get()).fromCache).toBe(false);
    clock.advance(86_400_000);
    expect((await one.get()).fromCache).toBe('memory');
    expect(calls).toBe(1);
    expect(readdirSync(disk)).toEqual([]);
  });

  it('an exchange error passes through as it is, caches nothing, and the next get tries again', async () => {
    const clock = new TestClock();
    let fail = true;
    const fake = issuingExchange(clock);
    const exchange: Exchange = async (source, signer, context) => {
      if (fail) throw new CredentialError('the STS refused AssumeRole for role ci', EXIT_CODES.apiError, { hint: 'check the trust policy' });
      return fake.exchange(source, signer, context);
    };
    const one = createCredentialProvider(role('ci'), { context: testExchangeContext(clock), exchangeFor: async () => exchange });
    await expect(one.get()).rejects.toMatchObject({ exitCode: 3, hint: 'check the trust policy' });
    fail = false;
    expect((await one.get()).fromCache).toBe(false);
  });

  it.each([
    ['web identity', OIDC, 'role qcs::cam::uin/100000000001:roleName/ci, from the OIDC token in /var/run/oidc/token (provider github), expires 2026-01-01T01:00:00.000Z (fresh exchange)'],
    ['instance', { kind: 'instance', cloud: 'huawei', origin: 'profile ecs' } as ExchangeSource, 'the instance role from the Huawei Cloud metadata service, expires 2026-01-01T01:00:00.000Z (fresh exchange)'],
    [
      'agency',
      { kind: 'agency', cloud: 'otc', origin: 'profile a', agencyName: 'ci', domainName: 'acme', via: { ...STATIC, cloud: 'otc' } } as ExchangeSource,
      'agency ci of acme, assumed with keys LTAI…0001 (ALIBABA_CLOUD_ACCESS_KEY_ID), expires 2026-01-01T01:00:00.000Z (fresh exchange)',
    ],
  ])('provenance of %s names the source and expiry, never a secret', async (_name, source, provenance) => {
    const { provider } = setup();
    const answer = await provider(source).get();
    expect(answer.provenance).toBe(provenance);
    const issued = answer.credentials.kind === 'keys' ? [answer.credentials.accessKeySecret, answer.credentials.securityToken ?? ''] : [];
    for (const secret of issued) expect(answer.provenance).not.toContain(secret);
    expectNoSecrets(answer.provenance);
  });
});
