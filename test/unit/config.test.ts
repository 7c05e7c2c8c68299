/** Config discovery, validation, merging, profiles, settings precedence and the credential chain. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { loadConfigContext } from '../../src/config/context.js';
import { resolveCredentialChain } from '../../src/config/credentials.js';
import { findConfigFiles } from '../../src/config/find.js';
import { loadConfig, validateConfig } from '../../src/config/load.js';
import { permissionWarnings } from '../../src/config/permissions.js';
import { flattenProfile } from '../../src/config/profile.js';
import { expandEnv } from '../../src/config/resolve.js';
import { resolveSettings } from '../../src/config/settings.js';
import { SETTING_KEYS } from '../../src/config/schema.js';
import { makeTree } from '../helpers/config-dir.js';

const noEnv = {};

function thrown(action: () => unknown): ConfigError {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

async function rejected(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('finding config files', () => {
  it('finds the nearest project file walking up, and the global file, in that order', async () => {
    const root = makeTree({
      'home/.config/fcinvoke/config.yaml': 'profiles: {}\n',
      'work/.fcinvokerc.json': '{}',
      'work/app/src/.keep': '',
    });
    const found = await findConfigFiles({ cwd: join(root, 'work/app/src'), home: join(root, 'home'), env: noEnv });
    expect(found).toEqual([
      { path: join(root, 'work/.fcinvokerc.json'), scope: 'project' },
      { path: join(root, 'home/.config/fcinvoke/config.yaml'), scope: 'global' },
    ]);
  });

  it('honours XDG_CONFIG_HOME for the global file', async () => {
    const root = makeTree({ 'xdg/fcinvoke/config.json': '{}', 'cwd/.keep': '' });
    const found = await findConfigFiles({ cwd: join(root, 'cwd'), home: join(root, 'nohome'), env: { XDG_CONFIG_HOME: join(root, 'xdg') } });
    expect(found).toEqual([{ path: join(root, 'xdg/fcinvoke/config.json'), scope: 'global' }]);
  });

  it('takes package.json only when it has an "fcinvoke" key', async () => {
    const root = makeTree({
      '.fcinvokerc': '{}',
      'app/package.json': '{"name":"app"}',
      'app/with-key/package.json': '{"name":"x","fcinvoke":{"profiles":{}}}',
    });
    expect((await findConfigFiles({ cwd: join(root, 'app'), home: join(root, 'h'), env: noEnv }))[0]?.path).toBe(join(root, '.fcinvokerc'));
    expect((await findConfigFiles({ cwd: join(root, 'app/with-key'), home: join(root, 'h'), env: noEnv }))[0]?.path).toBe(
      join(root, 'app/with-key/package.json'),
    );
  });

  it('prefers .fcinvokerc over fcinvoke.config.mjs in the same directory', async () => {
    const root = makeTree({ '.fcinvokerc': '{}', 'fcinvoke.config.mjs': 'export default {}' });
    expect((await findConfigFiles({ cwd: root, home: join(root, 'h'), env: noEnv }))[0]?.path).toBe(join(root, '.fcinvokerc'));
  });

  it('uses only the explicit file with --config or FCINVOKE_CONFIG', async () => {
    const root = makeTree({ '.fcinvokerc': '{}', 'other.yaml': 'profiles: {}', 'h/.config/fcinvoke/config.json': '{}' });
    const explicit = await findConfigFiles({ cwd: root, home: join(root, 'h'), env: noEnv, explicitPath: 'other.yaml' });
    expect(explicit).toEqual([{ path: join(root, 'other.yaml'), scope: 'explicit' }]);
    const fromEnv = await findConfigFiles({ cwd: root, home: join(root, 'h'), env: { FCINVOKE_CONFIG: join(root, 'other.yaml') } });
    expect(fromEnv).toEqual([{ path: join(root, 'other.yaml'), scope: 'explicit' }]);
  });
});

describe('loading and merging', () => {
  it('reads YAML, JSON, JS modules and the package.json key', async () => {
    const root = makeTree({
      'yaml/.fcinvokerc': 'profiles:\n  default:\n    region: ap-guangzhou\n',
      'json/.fcinvokerc.json': '{"profiles":{"default":{"region":"cn-hangzhou"}}}',
      'js/fcinvoke.config.mjs': 'export default { profiles: { default: { region: "cn-north-4" } } };',
      'pkg/package.json': '{"fcinvoke":{"profiles":{"default":{"region":"ap-tokyo"}}}}',
    });
    for (const [dir, region] of [['yaml', 'ap-guangzhou'], ['json', 'cn-hangzhou'], ['js', 'cn-north-4'], ['pkg', 'ap-tokyo']] as const) {
      const loaded = await loadConfig({ cwd: join(root, dir), home: join(root, 'h'), env: noEnv });
      expect(loaded?.profiles['default']?.values.region).toBe(region);
    }
  });

  it('merges project over global, field by field, remembering each field\'s file', async () => {
    const root = makeTree({
      'h/.config/fcinvoke/config.yaml': 'profiles:\n  default:\n    region: global-region\n    namespace: global-ns\n',
      'p/.fcinvokerc': 'profiles:\n  default:\n    region: ap-shanghai\n',
    });
    const loaded = await loadConfig({ cwd: join(root, 'p'), home: join(root, 'h'), env: noEnv });
    const profile = loaded!.profiles['default']!;
    expect(profile.values).toMatchObject({ region: 'ap-shanghai', namespace: 'global-ns' });
    expect(profile.origins.region).toBe(join(root, 'p/.fcinvokerc'));
    expect(profile.origins.namespace).toBe(join(root, 'h/.config/fcinvoke/config.yaml'));
  });

  it('returns nothing when there is no file', async () => {
    const root = makeTree({ '.keep': '' });
    expect(await loadConfig({ cwd: root, home: root, env: noEnv })).toBeUndefined();
  });
});

describe('validation', () => {
  it('names the file and key path of a wrong type', () => {
    const error = thrown(() => validateConfig('.fcinvokerc', { profiles: { prod: { region: 42 } } }));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe('.fcinvokerc: profiles.prod.region: Invalid input: expected string, received number');
  });

  it('refuses an unknown key, a typo included', () => {
    expect(thrown(() => validateConfig('f', { profiles: { prod: { regoin: 'x' } } })).message).toBe(
      "f: profiles.prod: unknown key 'regoin'",
    );
  });

  it('refuses an unknown provider', () => {
    expect(thrown(() => validateConfig('f', { profiles: { p: { provider: 'aws' } } })).message).toMatch(/^f: profiles\.p\.provider: /);
  });

  it('gives one line per problem', () => {
    const error = thrown(() => validateConfig('f', { profiles: { a: { timeoutMs: -1, log: 'yes' } } }));
    expect(error.message.split('\n')).toHaveLength(2);
  });

  it('refuses credentials that are none of the forms, and names the missing key of the form they almost are', () => {
    expect(thrown(() => validateConfig('f', { profiles: { a: { credentials: { tencent: { token: 'x' } } } } })).message).toMatch(
      /^f: profiles\.a\.credentials\.tencent: expected keys \(secretId\/secretKey\), \{from: <store>\}/,
    );
    expect(thrown(() => validateConfig('f', { profiles: { a: { credentials: { tencent: { secretId: 'x' } } } } })).message).toMatch(
      /^f: profiles\.a\.credentials\.tencent\.secretKey: /,
    );
  });

  it('names the file, line, column and reason of a YAML syntax error, on one line', async () => {
    const root = makeTree({ '.fcinvokerc': 'profiles:\n  default:\n    region: x\n   bad: y\n' });
    const error = await rejected(loadConfig({ cwd: root, home: root, env: noEnv }));
    expect(error.message).toBe(
      `${join(root, '.fcinvokerc')}: YAML syntax error at line 4, column 4: bad indentation of a mapping entry`,
    );
    expect(error.exitCode).toBe(2);
  });

  it('places an unclosed YAML collection at the end of the file', async () => {
    const root = makeTree({ '.fcinvokerc.yaml': 'profiles: [unclosed\n' });
    const error = await rejected(loadConfig({ cwd: root, home: root, env: noEnv }));
    expect(error.message).toBe(
      `${join(root, '.fcinvokerc.yaml')}: YAML syntax error at line 2, column 1: unexpected end of the stream within a flow collection`,
    );
  });

  it('names the file, line, column and reason of a JSON syntax error, on one line', async () => {
    const root = makeTree({ '.fcinvokerc.json': '{\n  "profiles": {\n    "default": {"region": "x",}\n  }\n}\n' });
    const error = await rejected(loadConfig({ cwd: root, home: root, env: noEnv }));
    expect(error.message).toMatch(
      new RegExp(`^${join(root, '.fcinvokerc.json')}: JSON syntax error at line 3, column 31: \\S.*$`),
    );
    expect(error.message).not.toContain('\n');
  });

  it('says a --config that names a directory is one', async () => {
    const root = makeTree({ 'dir/.keep': '' });
    const error = await rejected(loadConfig({ cwd: root, home: root, env: noEnv, explicitPath: join(root, 'dir') }));
    expect(error.message).toBe(`config file ${join(root, 'dir')} is a directory, not a file`);
  });

  it('refuses timeoutMs and retries outside the bounds the flags use, naming range and value', () => {
    expect(thrown(() => validateConfig('f', { profiles: { p: { timeoutMs: 2_147_483_648 } } })).message).toBe(
      'f: profiles.p.timeoutMs: takes a whole number of milliseconds from 1 to 2147483647, not 2147483648',
    );
    expect(thrown(() => validateConfig('f', { profiles: { p: { timeoutMs: 0 } } })).message).toBe(
      'f: profiles.p.timeoutMs: takes a whole number of milliseconds from 1 to 2147483647, not 0',
    );
    expect(thrown(() => validateConfig('f', { profiles: { p: { retries: 11 } } })).message).toBe(
      'f: profiles.p.retries: takes a whole number from 0 to 10, not 11',
    );
    expect(validateConfig('f', { profiles: { p: { timeoutMs: 2_147_483_647, retries: 10 } } }).profiles?.['p']).toEqual({
      timeoutMs: 2_147_483_647,
      retries: 10,
    });
  });

  it('refuses blank strings as it refuses empty ones', () => {
    expect(thrown(() => validateConfig('f', { profiles: { p: { endpoint: '   ' } } })).message).toBe(
      'f: profiles.p.endpoint: expected a non-empty string',
    );
  });

  it('accepts the example file shipped at the top of the repository', async () => {
    const example = new URL('../../.fcinvokerc.example', import.meta.url).pathname;
    const loaded = await loadConfig({ cwd: '/', home: '/', env: noEnv, explicitPath: example });
    expect(Object.keys(loaded!.profiles)).toEqual(expect.arrayContaining(['default', 'legacy', 'fc', 'fc2', 'huawei']));
    for (const name of Object.keys(loaded!.profiles)) flattenProfile(loaded, { value: name, source: 'test' });
  });
});

describe('profiles', () => {
  async function context(text: string, options: { profile?: string; env?: Record<string, string> } = {}) {
    const root = makeTree({ '.fcinvokerc': text });
    return loadConfigContext({ cwd: root, home: join(root, 'h'), env: options.env ?? {}, profileFlag: options.profile });
  }

  it('flattens extends, the nearer profile winning, and keeps the origin of each value', async () => {
    const ctx = await context(
      'profiles:\n  base:\n    region: r-base\n    timeoutMs: 1000\n  prod:\n    extends: base\n    region: r-prod\n',
      { profile: 'prod' },
    );
    expect(ctx.profile?.values).toMatchObject({ region: 'r-prod', timeoutMs: 1000 });
    expect(ctx.profile?.origins.timeoutMs).toMatch(/\.fcinvokerc: profiles\.base\.timeoutMs$/);
    expect(ctx.profile?.chain).toEqual(['prod', 'base']);
  });

  it('refuses an extends cycle', async () => {
    const error = await rejected(context('profiles:\n  a: {extends: b}\n  b: {extends: a}\n', { profile: 'a' }));
    expect(error.message).toBe('profiles.a: extends forms a cycle: a → b → a');
    expect(error.exitCode).toBe(2);
  });

  it('selects --profile over FCINVOKE_PROFILE over defaultProfile over default', async () => {
    const text = 'defaultProfile: d\nprofiles:\n  default: {region: r0}\n  d: {region: r1}\n  e: {region: r2}\n  f: {region: r3}\n';
    expect((await context(text)).profile?.values.region).toBe('r1');
    expect((await context(text, { env: { FCINVOKE_PROFILE: 'e' } })).profile?.values.region).toBe('r2');
    expect((await context(text, { profile: 'f', env: { FCINVOKE_PROFILE: 'e' } })).profile?.values.region).toBe('r3');
    expect((await context('profiles:\n  default: {region: r0}\n')).profile?.values.region).toBe('r0');
  });

  it('names a missing profile and lists the defined ones', async () => {
    const error = await rejected(context('profiles:\n  a: {}\n  b: {}\n', { profile: 'nope' }));
    expect(error.message).toBe("profile 'nope' (from --profile) is not defined");
    expect(error.hint).toBe('defined profiles: a, b');
  });
});

describe('settings precedence', () => {
  const profile = {
    name: 'p',
    values: { region: 'from-profile', namespace: '${env:NS}', timeoutMs: 1234 },
    origins: { region: 'f: profiles.p.region', namespace: 'f: profiles.p.namespace', timeoutMs: 'f: profiles.p.timeoutMs' },
    credentialOrigins: {},
    chain: ['p'],
  };

  it('ranks flag > environment > profile > native > built-in', () => {
    const base = { env: {}, cloud: 'tencent' as const, profile, native: { region: { value: 'from-native', source: '~/.tccli' } } };
    const keys = ['region'] as const;
    expect(resolveSettings({ ...base, flags: { region: { value: 'from-flag', source: '--region' } } }, keys).region).toEqual({
      value: 'from-flag',
      source: '--region',
    });
    expect(resolveSettings({ ...base, flags: {}, env: { TENCENTCLOUD_REGION: 'from-env' } }, keys).region).toEqual({
      value: 'from-env',
      source: 'TENCENTCLOUD_REGION',
    });
    expect(resolveSettings({ ...base, flags: {} }, keys).region).toEqual({ value: 'from-profile', source: 'f: profiles.p.region' });
    expect(resolveSettings({ ...base, flags: {}, profile: undefined }, keys).region).toEqual({ value: 'from-native', source: '~/.tccli' });
    expect(resolveSettings({ ...base, flags: {}, profile: undefined }, ['retries']).retries).toEqual({
      value: 2,
      source: 'built-in default',
    });
  });

  it('takes the timeout default from the caller (the provider), not a fixed built-in', () => {
    const base = { env: {}, cloud: 'tencent' as const, flags: {} };
    expect(resolveSettings(base, ['timeoutMs']).timeoutMs).toBeUndefined();
    const defaults = { timeoutMs: { value: 930_000, source: 'built-in default for tencent sync invocations' } };
    expect(resolveSettings({ ...base, defaults }, ['timeoutMs']).timeoutMs).toEqual(defaults.timeoutMs);
    expect(resolveSettings({ ...base, defaults, profile }, ['timeoutMs']).timeoutMs?.value).toBe(1234);
  });

  it('treats an environment variable set to an empty or blank value as not set', () => {
    const base = { flags: {}, cloud: 'tencent' as const, profile };
    expect(resolveSettings({ ...base, env: { TENCENTCLOUD_REGION: '' } }, ['region']).region?.source).toBe('f: profiles.p.region');
    expect(resolveSettings({ ...base, env: { TENCENTCLOUD_REGION: '  ' } }, ['region']).region?.source).toBe('f: profiles.p.region');
  });

  it('reads each cloud\'s own variables', () => {
    const settings = resolveSettings(
      { flags: {}, env: { ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou', ALIBABA_CLOUD_ACCOUNT_ID: '42', TENCENTCLOUD_REGION: 'no' }, cloud: 'aliyun' },
      SETTING_KEYS,
    );
    expect(settings.region?.value).toBe('cn-hangzhou');
    expect(settings.accountId).toEqual({ value: '42', source: 'ALIBABA_CLOUD_ACCOUNT_ID' });
  });

  it('expands ${env:NAME} in profile values, and names a missing variable', () => {
    expect(resolveSettings({ flags: {}, env: { NS: 'team-a' }, cloud: 'tencent', profile }, ['namespace']).namespace?.value).toBe('team-a');
    expect(() => resolveSettings({ flags: {}, env: {}, cloud: 'tencent', profile }, ['namespace'])).toThrow(
      'f: profiles.p.namespace: environment variable NS is not set',
    );
  });

  it('expands several references in one string', () => {
    expect(expandEnv('${env:A}-${env:B}', { A: 'x', B: 'y' }, 'w')).toBe('x-y');
  });
});

describe('the credential chain', () => {
  const tccli = { '/h/.tccli/default.credential': '{"secretId":"AKIDnative0001","secretKey":"nativeSECRET000000001"}' };
  const lookup = (files: Record<string, string> = {}) => ({
    home: '/h',
    readText: async (path: string) => files[path],
  });
  const profileWith = (credentials: Record<string, unknown>) => ({
    name: 'p',
    values: { credentials },
    origins: {},
    credentialOrigins: { tencent: 'f: profiles.p.credentials.tencent', huawei: 'f: profiles.p.credentials.huawei' },
    chain: ['p'],
  });

  it('prefers the environment over a profile and native stores', async () => {
    const resolved = await resolveCredentialChain({
      cloud: 'tencent',
      env: { TENCENTCLOUD_SECRET_ID: 'AKIDenv', TENCENTCLOUD_SECRET_KEY: 'envsecret', TENCENTCLOUD_TOKEN: 'tok' },
      profile: profileWith({ tencent: { secretId: 'AKIDprofile', secretKey: 'p' } }) as never,
      lookup: lookup(tccli),
    });
    expect(resolved.credentials).toEqual({ kind: 'keys', accessKeyId: 'AKIDenv', accessKeySecret: 'envsecret', securityToken: 'tok' });
    expect(resolved.source).toBe('TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, TENCENTCLOUD_TOKEN');
  });

  it('prefers a profile over native stores, expanding ${env:…}', async () => {
    const resolved = await resolveCredentialChain({
      cloud: 'tencent',
      env: { MY_KEY: 'expanded-secret' },
      profile: profileWith({ tencent: { secretId: 'AKIDprofile', secretKey: '${env:MY_KEY}' } }) as never,
      lookup: lookup(tccli),
    });
    expect(resolved.credentials).toMatchObject({ accessKeyId: 'AKIDprofile', accessKeySecret: 'expanded-secret' });
    expect(resolved.source).toBe('f: profiles.p.credentials.tencent');
  });

  it('reads the store a profile names with from:', async () => {
    const resolved = await resolveCredentialChain({
      cloud: 'tencent',
      env: {},
      profile: profileWith({ tencent: { from: 'tccli' } }) as never,
      lookup: lookup(tccli),
    });
    expect(resolved.credentials).toMatchObject({ accessKeyId: 'AKIDnative0001' });
    expect(resolved.source).toContain('→');
  });

  it('falls back to the native stores when nothing else supplies keys', async () => {
    const resolved = await resolveCredentialChain({ cloud: 'tencent', env: {}, lookup: lookup(tccli) });
    expect(resolved.credentials).toMatchObject({ accessKeyId: 'AKIDnative0001', accessKeySecret: 'nativeSECRET000000001' });
    expect(resolved.native?.store).toBe('tccli');
  });

  it('uses a Huawei IAM token from --token first, and HUAWEICLOUD_AUTH_TOKEN only without keys', async () => {
    const withFlag = await resolveCredentialChain({
      cloud: 'huawei',
      env: { HUAWEICLOUD_SDK_AK: 'a', HUAWEICLOUD_SDK_SK: 'b' },
      token: { value: 't1', source: '--token-file' },
      lookup: lookup(),
    });
    expect(withFlag.credentials).toEqual({ kind: 'token', token: 't1' });
    expect(withFlag.source).toBe('--token-file');
    const keysWin = await resolveCredentialChain({ cloud: 'huawei', env: { HUAWEICLOUD_SDK_AK: 'a', HUAWEICLOUD_SDK_SK: 'b', HUAWEICLOUD_AUTH_TOKEN: 't2' }, lookup: lookup() });
    expect(keysWin.credentials?.kind).toBe('keys');
    const tokenOnly = await resolveCredentialChain({ cloud: 'huawei', env: { HUAWEICLOUD_AUTH_TOKEN: 't2' }, lookup: lookup() });
    expect(tokenOnly.credentials).toEqual({ kind: 'token', token: 't2' });
  });

  it('names the variables, the profile and the stores when nothing supplies keys', async () => {
    const error = await rejected(resolveCredentialChain({ cloud: 'aliyun', env: {}, lookup: lookup() }));
    expect(error.message).toBe(
      'missing Alibaba Cloud credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, add them to a profile, or configure aliyun-cli, alibabacloud, serverless-devs',
    );
    expect(error.exitCode).toBe(2);
  });

  it('names the missing variable behind ${env:…} in credentials', async () => {
    const error = await rejected(
      resolveCredentialChain({
        cloud: 'tencent',
        env: {},
        profile: profileWith({ tencent: { secretId: 'AKID', secretKey: '${env:NOPE}' } }) as never,
        lookup: lookup(),
      }),
    );
    expect(error.message).toBe('f: profiles.p.credentials.tencent.secretKey: environment variable NOPE is not set');
  });
});

describe('the readable-secret warning', () => {
  async function files(text: string, mode: number) {
    const root = makeTree({ '.fcinvokerc': { text, mode } });
    const loaded = await loadConfig({ cwd: root, home: join(root, 'h'), env: noEnv });
    return permissionWarnings(loaded!.files);
  }
  const literal = 'profiles:\n  p:\n    credentials:\n      tencent: {secretId: AKIDx, secretKey: plainSECRETvalue}\n';

  it('fires for a 0644 file holding a literal secret', async () => {
    const warnings = await files(literal, 0o644);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/holds a secret and is readable by others \(mode 0644\); fix it with: chmod 600 /);
    expect(warnings[0]).not.toContain('plainSECRETvalue');
  });

  it('stays quiet for 0600', async () => {
    expect(await files(literal, 0o600)).toEqual([]);
  });

  it('stays quiet for ${env:…} and from: values', async () => {
    expect(
      await files('profiles:\n  p:\n    credentials:\n      tencent: {secretId: AKIDx, secretKey: "${env:K}"}\n      aliyun: {from: aliyun-cli}\n', 0o644),
    ).toEqual([]);
  });
});
