/**
 * The CLI side of credential exchanges, in-process: the chain is made to answer an exchange and the clouds'
 * exchange modules are replaced by one that issues the emulator's temporary keys (the real exchanges are tested in
 * their own files), so these tests see prepare-invoke, the cache, --debug, --local, batches and errors as a user does.
 */
import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExchangeSource } from '../../src/core/credential-source.js';
import { ConfigError, CredentialError, EXIT_CODES } from '../../src/core/errors.js';
import { CredentialIssuer, type IssuedKeys } from '../../src/emulator/credentials/issuer.js';
import { DEMO_CREDENTIALS } from '../../src/emulator/demo-credentials.js';
import type { ExchangeContext } from '../../src/engine/credentials/types.js';
import { cleanEnv, runMain } from '../helpers/cli.js';
import { useEmulator } from '../helpers/emulator.js';
import { tempDir } from '../helpers/exchange.js';
import { expectNoSecrets } from '../helpers/secrets.js';

const state = vi.hoisted(() => ({
  exchange: undefined as unknown as ExchangeSource | undefined,
  calls: [] as Array<{ source: ExchangeSource; signer: unknown; context: ExchangeContext }>,
  issued: [] as string[],
  answer: undefined as undefined | (() => Promise<unknown>),
}));

vi.mock('../../src/config/credentials.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/config/credentials.js')>();
  return {
    ...original,
    resolveCredentialChain: async (input: Parameters<typeof original.resolveCredentialChain>[0]) =>
      state.exchange === undefined ? original.resolveCredentialChain(input) : { exchange: state.exchange, source: state.exchange.origin },
  };
});

const fakeExchange = async (source: ExchangeSource, signer: unknown, context: ExchangeContext) => {
  state.calls.push({ source, signer, context });
  if (state.answer !== undefined) return state.answer();
  const keys: IssuedKeys = new CredentialIssuer().issueKeys(source.cloud, 3600);
  state.issued.push(keys.accessKeySecret, keys.securityToken);
  return keys;
};
vi.mock('../../src/engine/credentials/aliyun/index.js', () => ({ exchange: fakeExchange }));
vi.mock('../../src/engine/credentials/tencent/index.js', () => ({ exchange: fakeExchange }));

const emulator = await useEmulator();
const ROLE: ExchangeSource = {
  kind: 'web-identity',
  cloud: 'aliyun',
  origin: 'ALIBABA_CLOUD_ROLE_ARN',
  roleArn: 'acs:ram::1234567890123456:role/ci',
  providerId: 'acs:ram::1234567890123456:oidc-provider/github',
  tokenFile: '/run/oidc/token',
  sessionName: 'build-42',
};
const ASSUME: ExchangeSource = {
  kind: 'assume-role',
  cloud: 'tencent',
  origin: 'profile ci',
  roleArn: 'qcs::cam::uin/100000000001:roleName/ci',
  via: { kind: 'static', cloud: 'tencent', origin: 'TENCENTCLOUD_SECRET_ID', credentials: { kind: 'keys', accessKeyId: 'AKIDuser', accessKeySecret: 'user-secret-0001' } },
};

const invokeArgs = ['invoke', 'aliyun', 'hello', '--region', 'cn-hangzhou', '--account-id', '1234567890123456', '--endpoint', emulator.url, '--allow-insecure-http'];

function run(argv: string[], env: Record<string, string | undefined> = {}, cacheDir = tempDir()) {
  return runMain(argv, { env: cleanEnv({ FCINVOKE_CACHE_DIR: cacheDir, ...env }) });
}

/** Every output of a run is free of the fixed secrets and of every issued temporary secret and token. */
function expectClean(...texts: string[]): void {
  expectNoSecrets(...texts);
  for (const text of texts) for (const secret of [...state.issued, 'user-secret-0001']) expect(text).not.toContain(secret);
}

beforeEach(() => {
  state.exchange = ROLE;
  state.calls.length = 0;
  state.answer = undefined;
});

describe('invoke with credentials from an exchange', () => {
  it('exchanges before sending, shows the provenance with --debug, and the next process hits the disk cache', async () => {
    const cacheDir = tempDir();
    const first = await run([...invokeArgs, '--debug'], {}, cacheDir);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(
      /debug: credentials: role acs:ram::1234567890123456:role\/ci, session build-42, from the OIDC token in \/run\/oidc\/token \(provider \S+\), expires \S+ \(fresh exchange\)/,
    );
    const second = await run([...invokeArgs, '--debug'], {}, cacheDir);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('(disk cache hit)');
    expect(state.calls).toHaveLength(1);
    expect(readdirSync(cacheDir)).toHaveLength(1);
    expectClean(first.stdout, first.stderr, second.stdout, second.stderr);
  });

  it('a batch makes one exchange for all its lines', async () => {
    const result = await run([...invokeArgs, '--repeat', '5', '--json']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(6);
    expect(state.calls).toHaveLength(1);
    expectClean(result.stdout, result.stderr);
  });

  it('a batch whose credentials lapse refreshes them between lines, says so with --debug, and masks the new ones', async () => {
    const keyIds: string[] = [];
    // Keys the emulator accepts for an hour, reported as already expired: every line must ask for fresh ones.
    state.answer = async () => {
      const keys = new CredentialIssuer().issueKeys('aliyun', 3600);
      state.issued.push(keys.accessKeySecret, keys.securityToken);
      keyIds.push(keys.accessKeyId);
      return { ...keys, expiresAt: new Date(Date.now() - 1000) };
    };
    const result = await run([...invokeArgs, '--repeat', '3', '--concurrency', '1', '--json', '--debug']);
    expect(result.code, result.stderr).toBe(0);
    expect(state.calls).toHaveLength(4);
    expect(result.stderr.match(/debug: credentials refreshed: role acs:ram::1234567890123456:role\/ci, .*\(fresh exchange\)/g)).toHaveLength(3);
    // Each line's request dump is masked with the keys it was signed with: no key id in full, no secret, no token.
    expect(result.stderr.match(/debug: line \d+: /g)).toHaveLength(3);
    for (const keyId of keyIds) expect(result.stderr).not.toContain(keyId);
    expectClean(result.stdout, result.stderr);
  });

  it('FCINVOKE_NO_CREDENTIAL_CACHE=1 writes nothing to disk', async () => {
    const cacheDir = tempDir();
    expect((await run(invokeArgs, { FCINVOKE_NO_CREDENTIAL_CACHE: '1' }, cacheDir)).code).toBe(0);
    expect((await run(invokeArgs, { FCINVOKE_NO_CREDENTIAL_CACHE: '1' }, cacheDir)).code).toBe(0);
    expect(readdirSync(cacheDir)).toEqual([]);
    expect(state.calls).toHaveLength(2);
  });

  it('passes the endpoint overrides to the exchange', async () => {
    expect((await run(invokeArgs, { FCINVOKE_STS_ENDPOINT: 'http://127.0.0.1:9', FCINVOKE_METADATA_ENDPOINT: 'http://169.254.0.9' })).code).toBe(0);
    expect([state.calls[0]!.context.stsEndpoint, state.calls[0]!.context.metadataEndpoint]).toEqual(['http://127.0.0.1:9', 'http://169.254.0.9']);
  });

  it('a cached entry the cloud refuses is dropped and replaced by one fresh exchange', async () => {
    const cacheDir = tempDir();
    expect((await run(invokeArgs, {}, cacheDir)).code).toBe(0);
    // Revoked: the cached keys are replaced by keys the emulator never issued.
    const [file] = readdirSync(cacheDir);
    const entry = { version: 1, credentials: { kind: 'keys', accessKeyId: 'STS.REVOKED', accessKeySecret: 'revoked-secret', securityToken: 'revoked-token' }, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), obtainedAt: new Date().toISOString() };
    writeFileSync(join(cacheDir, file!), JSON.stringify(entry), { mode: 0o600 });
    const again = await run([...invokeArgs, '--debug'], {}, cacheDir);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('debug: cached credentials were refused; credentials: role acs:ram::1234567890123456:role/ci');
    expect(state.calls).toHaveLength(2);
    expectClean(again.stdout, again.stderr);
    expect(again.stderr).not.toContain('revoked-token');
  });

  it('fresh credentials that are refused are not exchanged again (no loop)', async () => {
    state.answer = async () => ({ kind: 'keys', accessKeyId: 'STS.NEVERISSUED', accessKeySecret: 'never-secret', securityToken: 'never-token', expiresAt: new Date(Date.now() + 3_600_000) });
    const result = await run(invokeArgs);
    expect(result.code).toBe(EXIT_CODES.apiError);
    expect(state.calls).toHaveLength(1);
    expect(result.stderr).not.toContain('never-secret');
    expect(result.stderr).not.toContain('never-token');
  });

  it('a cache directory others can read is ignored with one warning', async () => {
    const cacheDir = tempDir();
    chmodSync(cacheDir, 0o755);
    const result = await run(invokeArgs, {}, cacheDir);
    expect(result.code).toBe(0);
    expect(result.stderr.match(/warning: ignoring the credential cache/g)).toHaveLength(1);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it.each([
    ['refused', () => new CredentialError('the STS refused AssumeRoleWithOIDC for role ci: the token subject is not trusted', EXIT_CODES.apiError, { hint: 'check the trust policy of role ci' }), 3],
    ['unreachable', () => new CredentialError('cannot reach the STS endpoint: ECONNREFUSED', EXIT_CODES.transport), 4],
    ['misconfigured', () => new ConfigError('ALIBABA_CLOUD_OIDC_TOKEN_FILE /run/oidc/token does not exist'), 2],
  ])('an exchange that is %s keeps its exit code, prints one error line and sends nothing', async (_name, error, code) => {
    state.answer = async () => {
      throw error();
    };
    const before = emulator.ledger().requests;
    const result = await run(invokeArgs);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(/^error: .+\n/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(emulator.ledger().requests).toBe(before);
  });

  it('a junk FCINVOKE_STS_ENDPOINT is exit 2 with nothing exchanged or sent', async () => {
    const result = await run(invokeArgs, { FCINVOKE_STS_ENDPOINT: 'sts.example.com' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: FCINVOKE_STS_ENDPOINT is not a URL');
    expect(state.calls).toHaveLength(0);
  });
});

describe('invoke --local with an exchange', () => {
  it('runs the chain against the in-process emulator, signing with the demo keys', async () => {
    state.exchange = ASSUME;
    const result = await run(['invoke', 'tencent', 'hello', '--local', '--debug']);
    expect(result.code).toBe(0);
    const [call] = state.calls;
    expect(call!.context.stsEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(call!.context.metadataEndpoint).toBe(call!.context.stsEndpoint);
    expect(call!.signer).toEqual(DEMO_CREDENTIALS.tencent);
    expect(result.stderr).toContain('signed with keys AKID…0000 (--local demo keys)');
    expectClean(result.stdout, result.stderr);
  });

  it('keeps the demo keys when the chain names no exchange', async () => {
    state.exchange = undefined;
    const result = await run(['invoke', 'tencent', 'hello', '--local']);
    expect(result.code).toBe(0);
    expect(state.calls).toHaveLength(0);
  });
});

describe('emulator --print-oidc-token', () => {
  it('prints one demo token the issuer accepts, with the subject asked for, and starts no server', async () => {
    const result = await runMain(['emulator', '--print-oidc-token', '--oidc-subject', 'project_path:group/app:ref_type:branch:ref:main', '--oidc-ttl', '60']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(result.stderr).toBe('');
    expect(new CredentialIssuer().verifyOidcToken(result.stdout)).toEqual({ ok: true, subject: 'project_path:group/app:ref_type:branch:ref:main' });
    // 60 s: refused once expired.
    expect(new CredentialIssuer(() => new Date(Date.now() + 61_000)).verifyOidcToken(result.stdout)).toEqual({ ok: false, reason: 'the token has expired' });
  });

  it.each([
    [['--print-oidc-token', '--oidc-ttl', '0'], "--oidc-ttl takes seconds from 1 to 86400, not '0'"],
    [['--print-oidc-token', '--oidc-ttl', '86401'], "--oidc-ttl takes seconds from 1 to 86400, not '86401'"],
    [['--oidc-subject', 'x'], '--oidc-subject applies to --print-oidc-token only'],
  ])('refuses %j (exit 2)', async (args, message) => {
    const result = await runMain(['emulator', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: ${message}`);
    expect(result.stdout).toBe('');
  });
});
