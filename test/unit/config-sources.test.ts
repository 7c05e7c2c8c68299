/**
 * The credential chain with exchanges (issue 14, config floor): the precedence of the new sources for every
 * cloud, profiles that describe roles, agencies, federated OIDC and the instance, chained roles and their cycles,
 * `${env:…}` in role fields, store entries that describe an exchange, and provenance that never holds a secret.
 */
import { describe, expect, it, vi } from 'vitest';
import type { CredentialSource, ExchangeSource } from '../../src/core/credential-source.js';
import { ConfigError } from '../../src/core/errors.js';
import { resolveCredentialChain, type CredentialChainInput } from '../../src/config/credentials.js';
import { describeSource, publicSource } from '../../src/core/describe-source.js';
import { mergeConfigFiles, validateConfig } from '../../src/config/load.js';
import { flattenProfile } from '../../src/config/profile.js';
import type { CloudId } from '../../src/providers/types.js';
import { expectNoSecrets, FAKE } from '../helpers/secrets.js';

// The clouds' exchange variables are each cloud helper's (config/sources/<cloud>.ts); here one stand-in variable
// asks for an exchange, so the chain's order is tested whatever those variables are.
const { asked } = vi.hoisted(() => ({
  asked: (env: Record<string, string | undefined>, cloud?: CloudId): ExchangeSource | undefined =>
    env['TEST_EXCHANGE_VARIABLE'] === undefined ? undefined : { kind: 'instance', cloud: cloud ?? 'huawei', origin: 'TEST_EXCHANGE_VARIABLE' },
}));
vi.mock('../../src/config/sources/tencent.js', () => ({ environmentSource: (env: never) => asked(env, 'tencent') }));
vi.mock('../../src/config/sources/aliyun.js', () => ({ environmentSource: (env: never) => asked(env, 'aliyun') }));
vi.mock('../../src/config/sources/huawei.js', () => ({ environmentSource: asked }));

// No store reader describes an exchange yet (the cloud helpers add them): a stand-in entry in the tccli store.
vi.mock('../../src/config/native/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/config/native/index.js')>();
  const entry = (lookup: { env: Record<string, string | undefined> }) =>
    lookup.env['TEST_STORE_ROLE'] === undefined
      ? undefined
      : {
          store: 'tccli' as const,
          cloud: 'tencent' as const,
          source: '~/.tccli/default.credential',
          region: 'ap-chengdu',
          exchange: { kind: 'instance' as const, cloud: 'tencent' as const, origin: '~/.tccli/default.credential', roleName: lookup.env['TEST_STORE_ROLE'] },
        };
  return {
    ...original,
    readNativeStore: async (...args: Parameters<typeof original.readNativeStore>) => entry(args[2]) ?? original.readNativeStore(...args),
    findNativeCredentials: async (...args: Parameters<typeof original.findNativeCredentials>) => entry(args[1]) ?? original.findNativeCredentials(...args),
  };
});

const CONFIG_FILE = '/work/app/.fcinvokerc';

/** The chain for one profile of an in-memory config file, the stores in `files`. */
function chain(
  cloud: CloudId,
  options: {
    profiles?: Record<string, unknown>;
    profile?: string;
    env?: Record<string, string | undefined>;
    files?: Record<string, string>;
    token?: string | undefined;
  },
) {
  const config =
    options.profiles === undefined
      ? undefined
      : mergeConfigFiles([{ path: CONFIG_FILE, scope: 'project', mode: 0o600, config: validateConfig(CONFIG_FILE, { profiles: options.profiles }) }]);
  const input: CredentialChainInput = {
    cloud,
    env: options.env ?? {},
    token: options.token === undefined ? undefined : { value: options.token, source: '--token' },
    profile: config === undefined ? undefined : flattenProfile(config, { value: options.profile ?? 'ci', source: 'test' }),
    lookup: { home: '/h', readText: async (path: string) => options.files?.[path] },
  };
  return resolveCredentialChain(input);
}

/** The ConfigError a promise rejects with (a resolved promise fails the test). */
const configError = (promise: Promise<unknown>): Promise<ConfigError> =>
  promise.then(
    () => expect.fail('expected a ConfigError'),
    (caught: unknown) => (expect(caught).toBeInstanceOf(ConfigError), caught as ConfigError),
  );

/** What each layer of one cloud looks like: its variables, its profile block, its store file. */
const CLOUDS = [
  {
    cloud: 'tencent',
    keys: { TENCENTCLOUD_SECRET_ID: FAKE.tencent.id, TENCENTCLOUD_SECRET_KEY: FAKE.tencent.secret },
    tokenVariable: undefined,
    profile: { secretId: 'AKIDprofile0000000001', secretKey: '${env:PROFILE_SECRET}' },
    store: { '/h/.tccli/default.credential': JSON.stringify({ secretId: 'AKIDstore00000000001', secretKey: 'storeSECRET' }) },
  },
  {
    cloud: 'aliyun',
    keys: { ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE.aliyun.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: FAKE.aliyun.secret },
    tokenVariable: undefined,
    profile: { accessKeyId: 'LTAIprofile000000001', accessKeySecret: '${env:PROFILE_SECRET}' },
    store: {
      '/h/.aliyun/config.json': JSON.stringify({ current: 'default', profiles: [{ name: 'default', mode: 'AK', access_key_id: 'LTAIstore00000001', access_key_secret: 'storeSECRET' }] }),
    },
  },
  {
    cloud: 'huawei',
    keys: { HUAWEICLOUD_SDK_AK: FAKE.huawei.id, HUAWEICLOUD_SDK_SK: FAKE.huawei.secret },
    tokenVariable: 'HUAWEICLOUD_AUTH_TOKEN',
    profile: { ak: 'PROFILEAK0000000001', sk: '${env:PROFILE_SECRET}' },
    store: { '/h/.huaweicloud/credentials': '[basic]\nak = STOREAK000000000001\nsk = storeSECRET\n' },
  },
  {
    cloud: 'otc',
    keys: { OTC_SDK_AK: FAKE.otc.id, OTC_SDK_SK: FAKE.otc.secret },
    tokenVariable: 'OS_TOKEN',
    profile: { ak: 'PROFILEAK0000000001', sk: '${env:PROFILE_SECRET}' },
    store: { '/h/.config/openstack/clouds.yaml': 'clouds:\n  otc:\n    auth:\n      ak: STOREAK000000000001\n      sk: storeSECRET\n' },
  },
] as const;

describe('the precedence of the credential sources', () => {
  describe.each(CLOUDS)('$cloud', (row) => {
    // Every layer this cloud has, strongest first, with the provenance that shows it won.
    const layers = [
      ...(row.tokenVariable === undefined ? [] : [{ name: 'the token flag', source: /^--token$/ }]),
      { name: 'the static key variables', env: row.keys, source: new RegExp(`^${Object.keys(row.keys).join(', ')}$`) },
      ...(row.tokenVariable === undefined ? [] : [{ name: 'the IAM token variable', env: { [row.tokenVariable]: 'tokenFROMenv' }, source: new RegExp(`^${row.tokenVariable}$`) }]),
      { name: 'the exchange variables', env: { TEST_EXCHANGE_VARIABLE: '1' }, source: /^TEST_EXCHANGE_VARIABLE → the instance role/ },
      { name: 'the selected profile', profile: true, source: new RegExp(`profiles\\.ci\\.credentials\\.${row.cloud}$`) },
      { name: 'the native stores', store: true, source: /^(~|\/h)\// },
    ];

    it.each(layers.map((layer, index) => ({ ...layer, index })))('$name wins over everything after it', async ({ index, source }) => {
      const below = layers.slice(index);
      const env = Object.assign({ PROFILE_SECRET: 'profileSECRET' }, ...below.map((layer) => ('env' in layer ? layer.env : {})));
      const resolved = await chain(row.cloud, {
        env,
        token: below.some((layer) => layer.name === 'the token flag') ? 'tokenFROMflag' : undefined,
        profiles: below.some((layer) => 'profile' in layer) ? { ci: { credentials: { [row.cloud]: row.profile } } } : { ci: {} },
        files: below.some((layer) => 'store' in layer) ? row.store : {},
      });
      expect(resolved.source).toMatch(source);
      // The exchange a variable asks for is the cloud's own: Huawei's variables serve OTC as OTC.
      if (resolved.exchange !== undefined) expect(resolved.exchange.cloud).toBe(row.cloud);
    });

    it('never tries the instance role on its own: nothing configured is the missing-credentials error', async () => {
      const error = await configError(chain(row.cloud, {}));
      expect(error.code).toBe('config.missing_credentials');
    });
  });
});

const BASE = { credentials: { tencent: { secretId: '${env:BASE_ID}', secretKey: '${env:BASE_KEY}' } } };
const BASE_ENV = { BASE_ID: FAKE.tencent.id, BASE_KEY: FAKE.tencent.secret, ROLE_ACCOUNT: '100000000001' };
const ROLE = 'qcs::cam::uin/100000000001:roleName/deploy';

describe('roles in profiles', () => {
  it('assumes a role signed by another profile, expanding ${env:…} in the role fields', async () => {
    const resolved = await chain('tencent', {
      env: BASE_ENV,
      profiles: {
        base: BASE,
        ci: {
          credentials: {
            tencent: {
              role: { arn: 'qcs::cam::uin/${env:ROLE_ACCOUNT}:roleName/deploy', sessionName: 'ci', durationSeconds: 900, externalId: 'x-1', policy: '{"version":"2.0"}', region: 'ap-guangzhou' },
              source: { profile: 'base' },
            },
          },
        },
      },
    });
    expect(resolved.exchange).toEqual({
      kind: 'assume-role',
      cloud: 'tencent',
      origin: `${CONFIG_FILE}: profiles.ci.credentials.tencent`,
      roleArn: ROLE,
      sessionName: 'ci',
      durationSeconds: 900,
      externalId: 'x-1',
      policy: '{"version":"2.0"}',
      region: 'ap-guangzhou',
      via: {
        kind: 'static',
        cloud: 'tencent',
        origin: `${CONFIG_FILE}: profiles.base.credentials.tencent`,
        credentials: { kind: 'keys', accessKeyId: FAKE.tencent.id, accessKeySecret: FAKE.tencent.secret },
      },
    });
    expect(resolved.source).toBe(
      `${CONFIG_FILE}: profiles.ci.credentials.tencent → role ${ROLE}, session ci, 900 s, signed with keys AKID…0001 (${CONFIG_FILE}: profiles.base.credentials.tencent)`,
    );
    expectNoSecrets(resolved.source, JSON.stringify(publicSource(resolved.exchange!)));
  });

  it.each([
    { cloud: 'tencent', source: { oidcTokenFile: 'ci/token', providerId: 'github' }, providerId: 'github', arn: ROLE },
    {
      cloud: 'aliyun',
      source: { oidcTokenFile: 'ci/token', providerArn: 'acs:ram::1234567890123456:oidc-provider/github' },
      providerId: 'acs:ram::1234567890123456:oidc-provider/github',
      arn: 'acs:ram::1234567890123456:role/deploy',
    },
  ] as const)('$cloud: a role with an OIDC token file is the web-identity exchange, the file beside the config', async ({ cloud, source, providerId, arn }) => {
    const resolved = await chain(cloud, { profiles: { ci: { credentials: { [cloud]: { role: { arn, sessionName: 'gh' }, source } } } } });
    expect(resolved.exchange).toMatchObject({ kind: 'web-identity', cloud, roleArn: arn, providerId, tokenFile: '/work/app/ci/token', sessionName: 'gh' });
    expect(resolved.source).toContain(`from the OIDC token in /work/app/ci/token (provider ${providerId})`);
  });

  it('refuses an external id on an OIDC role, at its key', async () => {
    const error = await configError(
      chain('tencent', { profiles: { ci: { credentials: { tencent: { role: { arn: ROLE, externalId: 'x' }, source: { oidcTokenFile: '/t', providerId: 'p' } } } } } }),
    );
    expect(error.message).toMatch(/profiles\.ci\.credentials\.tencent\.role\.externalId: an OIDC role takes no external id/);
  });

  it('chains roles through profiles: each role is signed by the next', async () => {
    const resolved = await chain('tencent', {
      env: BASE_ENV,
      profiles: {
        base: BASE,
        hop: { credentials: { tencent: { role: { arn: 'qcs::cam::uin/1:roleName/hop' }, source: { profile: 'base' } } } },
        ci: { credentials: { tencent: { role: { arn: ROLE }, source: { profile: 'hop' } } } },
      },
    });
    const exchange = resolved.exchange as Extract<CredentialSource, { kind: 'assume-role' }>;
    expect(exchange.via).toMatchObject({ kind: 'assume-role', roleArn: 'qcs::cam::uin/1:roleName/hop', origin: `${CONFIG_FILE}: profiles.hop.credentials.tencent` });
    expect((exchange.via as typeof exchange).via).toMatchObject({ kind: 'static', credentials: { accessKeyId: FAKE.tencent.id } });
    expect(resolved.source).toMatch(/role .*deploy, signed with role qcs::cam::uin\/1:roleName\/hop, signed with keys AKID…0001 .*\(.*profiles\.hop/);
  });

  it.each([
    { name: 'two profiles', profiles: { a: { credentials: { tencent: { role: { arn: ROLE }, source: { profile: 'b' } } } }, b: { credentials: { tencent: { role: { arn: ROLE }, source: { profile: 'a' } } } } }, cycle: 'a → b → a' },
    { name: 'itself', profiles: { a: { credentials: { tencent: { role: { arn: ROLE }, source: { profile: 'a' } } } } }, cycle: 'a → a' },
  ])('names the cycle of roles signed by each other ($name)', async ({ profiles, cycle }) => {
    const error = await configError(chain('tencent', { profiles, profile: 'a' }));
    expect(error.code).toBe('config.credentials_cycle');
    expect(error.message).toMatch(new RegExp(`credentials\\.tencent\\.source\\.profile: the credentials form a cycle: ${cycle}$`));
    expect(error.exitCode).toBe(2);
  });

  it.each([
    { source: { profile: 'nope' }, message: /profile 'nope' \(from .*profiles\.ci\.credentials\.tencent\.source\.profile\) is not defined/ },
    { source: { profile: 'other' }, message: /profiles\.ci\.credentials\.tencent\.source\.profile: profile 'other' has no tencent credentials/ },
  ])('names the key of a source profile that cannot sign: $source.profile', async ({ source, message }) => {
    const profiles = { other: { region: 'x' }, ci: { credentials: { tencent: { role: { arn: ROLE }, source } } } };
    expect((await configError(chain('tencent', { profiles }))).message).toMatch(message);
  });

  it('names the key and the variable when ${env:…} in a role field is not set', async () => {
    const error = await configError(chain('tencent', { profiles: { ci: { credentials: { tencent: { role: { arn: '${env:NO_ROLE}' } } } } } }));
    expect(error.message).toBe(`${CONFIG_FILE}: profiles.ci.credentials.tencent.role.arn: environment variable NO_ROLE is not set`);
  });

  it("signs with the cloud's chain without the profile when no source is given, and says so when there is none", async () => {
    const tccli = { '/h/.tccli/default.credential': JSON.stringify({ secretId: 'AKIDstore00000000001', secretKey: 'storeSECRET' }) };
    const profiles = { ci: { credentials: { tencent: { role: { arn: ROLE } } } } };
    const resolved = await chain('tencent', { profiles, files: tccli });
    expect(resolved.exchange).toMatchObject({ kind: 'assume-role', via: { kind: 'static', origin: '~/.tccli/default.credential' } });
    const error = await configError(chain('tencent', { profiles }));
    expect(error.message).toMatch(/profiles\.ci\.credentials\.tencent\.source: nothing to sign the request with \(no source given\): missing Tencent Cloud credentials/);
  });

  it('signs with a store, or keys written in the source', async () => {
    const tccli = { '/h/.tccli/work.credential': JSON.stringify({ secretId: 'AKIDstore00000000001', secretKey: 'storeSECRET' }) };
    const fromStore = await chain('tencent', { files: tccli, profiles: { ci: { credentials: { tencent: { role: { arn: ROLE }, source: { from: 'tccli', profile: 'work' } } } } } });
    expect(fromStore.exchange).toMatchObject({ via: { kind: 'static', origin: `${CONFIG_FILE}: profiles.ci.credentials.tencent.source → ~/.tccli/work.credential` } });
    const literal = await chain('tencent', { env: BASE_ENV, profiles: { ci: { credentials: { tencent: { role: { arn: ROLE }, source: BASE.credentials.tencent } } } } });
    expect(literal.exchange).toMatchObject({ via: { credentials: { accessKeyId: FAKE.tencent.id, accessKeySecret: FAKE.tencent.secret } } });
  });
});

describe('Huawei and OTC: agencies and federated OIDC', () => {
  it('assumes an agency with another profile, a token or the instance', async () => {
    const base = { credentials: { huawei: { authToken: '${env:TOKEN}' } } };
    const profiles = { base, ci: { credentials: { huawei: { agency: { name: 'deploy', domainName: 'acme', durationSeconds: 3600 }, source: { profile: 'base' } } } } };
    const resolved = await chain('huawei', { profiles, env: { TOKEN: 'fcinvokeDEMOhuaweiIAMtoken00000000000000' } });
    expect(resolved.exchange).toMatchObject({
      kind: 'agency',
      cloud: 'huawei',
      agencyName: 'deploy',
      domainName: 'acme',
      durationSeconds: 3600,
      via: { kind: 'static', credentials: { kind: 'token' } },
    });
    expect(resolved.source).toMatch(/→ agency deploy of acme, 3600 s, assumed with an IAM token \(.*profiles\.base\.credentials\.huawei\)$/);
    expectNoSecrets(resolved.source, JSON.stringify(publicSource(resolved.exchange!)));
    const onInstance = await chain('otc', { profiles: { ci: { credentials: { otc: { agency: { name: 'deploy', domainId: 'd1' }, source: 'instance' } } } } });
    expect(onInstance.exchange).toMatchObject({ kind: 'agency', cloud: 'otc', domainId: 'd1', via: { kind: 'instance', cloud: 'otc' } });
  });

  it('federates an OIDC token file as the cloud asked (OTC stays OTC)', async () => {
    const profiles = { ci: { credentials: { otc: { federated: { idpId: 'gitlab', tokenFile: '/run/oidc', projectId: FAKE.otc.project, durationSeconds: 900 } } } } };
    const resolved = await chain('otc', { profiles });
    expect(resolved.exchange).toEqual({
      kind: 'federated-oidc',
      cloud: 'otc',
      origin: `${CONFIG_FILE}: profiles.ci.credentials.otc`,
      idpId: 'gitlab',
      tokenFile: '/run/oidc',
      projectId: FAKE.otc.project,
      durationSeconds: 900,
    });
    expect(resolved.source).toContain(`federated identity provider gitlab, project ${FAKE.otc.project}, 900 s, from the OIDC token in /run/oidc`);
  });
});

describe('the instance role, processes and URIs', () => {
  it.each([
    { cloud: 'tencent', spec: 'instance', exchange: { kind: 'instance', cloud: 'tencent' }, says: 'the instance role from the Tencent Cloud metadata service' },
    { cloud: 'aliyun', spec: { instance: { role: 'ecs-role' } }, exchange: { kind: 'instance', roleName: 'ecs-role' }, says: 'the instance role ecs-role from the Alibaba Cloud metadata service' },
    { cloud: 'huawei', spec: 'instance', exchange: { kind: 'instance', cloud: 'huawei' }, says: 'the instance role from the Huawei Cloud metadata service' },
    { cloud: 'aliyun', spec: { processCommand: 'get-creds --secret fcinvokeDEMOaccessKEYsecret000000' }, exchange: { kind: 'process' }, says: 'the output of the command get-creds…' },
    { cloud: 'aliyun', spec: { processCommand: 'AK=fcinvokeDEMOaccessKEYsecret000000 get-creds' }, exchange: { kind: 'process' }, says: 'the output of the command AK=…' },
    { cloud: 'aliyun', spec: { credentialsUri: 'http://u:fcinvokeDEMOaccessKEYsecret000000@127.0.0.1:9/creds?token=FAKEsecurityTOKEN+/=' }, exchange: { kind: 'uri' }, says: 'the credentials URI http://127.0.0.1:9/creds' },
  ] as const)('$cloud: $says', async ({ cloud, spec, exchange, says }) => {
    const resolved = await chain(cloud, { profiles: { ci: { credentials: { [cloud]: spec } } } });
    expect(resolved.exchange).toMatchObject(exchange);
    expect(resolved.source).toBe(`${CONFIG_FILE}: profiles.ci.credentials.${cloud} → ${says}`);
    expectNoSecrets(resolved.source, JSON.stringify(publicSource(resolved.exchange!)));
  });
});

describe('store entries that describe an exchange', () => {
  it('flow into the chain as the exchange, with the store as provenance and its identifiers', async () => {
    const resolved = await chain('tencent', { env: { TEST_STORE_ROLE: 'cvm-role' } });
    expect(resolved.exchange).toEqual({ kind: 'instance', cloud: 'tencent', origin: '~/.tccli/default.credential', roleName: 'cvm-role' });
    expect(resolved.source).toBe('~/.tccli/default.credential → the instance role cvm-role from the Tencent Cloud metadata service');
    expect(resolved.native?.region).toBe('ap-chengdu');
  });

  it('behind a profile that names the store, and as the source of a role', async () => {
    const named = await chain('tencent', { env: { TEST_STORE_ROLE: 'r' }, profiles: { ci: { credentials: { tencent: { from: 'tccli' } } } } });
    expect(named.source).toBe(`${CONFIG_FILE}: profiles.ci.credentials.tencent → ~/.tccli/default.credential → the instance role r from the Tencent Cloud metadata service`);
    const signer = await chain('tencent', { env: { TEST_STORE_ROLE: 'r' }, profiles: { ci: { credentials: { tencent: { role: { arn: ROLE } } } } } });
    expect(signer.exchange).toMatchObject({ kind: 'assume-role', via: { kind: 'instance', roleName: 'r' } });
    expect(signer.source).toMatch(/signed with the instance role r from the Tencent Cloud metadata service \(~\/\.tccli\/default\.credential\)$/);
  });
});

describe('describeSource', () => {
  it('masks the key id of a static signer and never prints its secret or token', () => {
    const text = describeSource({
      kind: 'static',
      cloud: 'aliyun',
      origin: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
      credentials: { kind: 'keys', accessKeyId: FAKE.aliyun.id, accessKeySecret: FAKE.aliyun.secret, securityToken: FAKE.aliyun.token },
    });
    expect(text).toBe('keys LTAI…0001 (ALIBABA_CLOUD_ACCESS_KEY_ID)');
    expectNoSecrets(text);
  });
});
