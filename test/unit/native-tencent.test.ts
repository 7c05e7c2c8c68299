import { describe, expect, it } from 'vitest';
import { readNativeStore } from '../../src/config/native/index.js';
import { ConfigError } from '../../src/core/errors.js';
import { FAKE, expectNoSecrets } from '../helpers/secrets.js';
import { configError, fakeHome, fixture } from '../fixtures/native/fake-home.js';

/** The ConfigError a promise rejects with (fails the test if it resolves or throws something else). */
/** A store entry assuming `qcs::cam::uin/100000000001:roleName/ci` with the fake keys found beside it. */
function roleEntry(store: 'tccli' | 'tencentcloud', where: string, roleKey: string, idKey: string, sessionName: string) {
  return {
    store,
    cloud: 'tencent',
    exchange: {
      kind: 'assume-role',
      cloud: 'tencent',
      origin: `${where} ${roleKey}`,
      roleArn: 'qcs::cam::uin/100000000001:roleName/ci',
      sessionName,
      via: {
        kind: 'static',
        cloud: 'tencent',
        origin: `${where} ${idKey}`,
        credentials: { kind: 'keys', accessKeyId: FAKE.tencent.id, accessKeySecret: FAKE.tencent.secret },
      },
    },
  };
}

const newLayout = {
  '~/.tccli/default.credential': fixture('tccli-new/default.credential'),
  '~/.tccli/default.configure': fixture('tccli-new/default.configure'),
  '~/.tccli/work.credential': fixture('tccli-new/work.credential'),
  '~/.tccli/work.configure': fixture('tccli-new/work.configure'),
  '~/.tccli/cvm.credential': fixture('tccli-new/cvm.credential'),
};

describe('tccli store', () => {
  it('reads the old layout: flat credential and a flat .configure with region at the top', async () => {
    const lookup = fakeHome({
      '~/.tccli/default.credential': fixture('tccli-old/default.credential'),
      '~/.tccli/default.configure': fixture('tccli-old/default.configure'),
    });
    expect(await readNativeStore('tccli', 'tencent', lookup)).toEqual({
      store: 'tccli',
      cloud: 'tencent',
      credentials: { kind: 'keys', accessKeyId: FAKE.tencent.id, accessKeySecret: FAKE.tencent.secret },
      source: '~/.tccli/default.credential',
      region: 'ap-shanghai',
    });
  });

  it('reads the new layout: token, oauth expiry in the source, and the region under _sys_param', async () => {
    const found = await readNativeStore('tccli', 'tencent', fakeHome(newLayout));
    expect(found?.credentials).toEqual({
      kind: 'keys',
      accessKeyId: FAKE.tencent.id,
      accessKeySecret: FAKE.tencent.secret,
      securityToken: FAKE.tencent.token,
    });
    expect(found?.region).toBe('ap-guangzhou');
    expect(found?.source).toBe('~/.tccli/default.credential (oauth, expires 2023-11-14T22:13:20.000Z)');
    expectNoSecrets(found?.source ?? '');
  });

  it('prefers _sys_param.region over a stale top-level region', async () => {
    const lookup = fakeHome({
      '~/.tccli/default.credential': fixture('tccli-old/default.credential'),
      '~/.tccli/default.configure': JSON.stringify({ region: 'ap-beijing', _sys_param: { region: 'ap-chengdu' } }),
    });
    expect((await readNativeStore('tccli', 'tencent', lookup))?.region).toBe('ap-chengdu');
  });

  it('has no region when there is no .configure file', async () => {
    const lookup = fakeHome({ '~/.tccli/default.credential': fixture('tccli-old/default.credential') });
    const found = await readNativeStore('tccli', 'tencent', lookup);
    expect(found?.region).toBeUndefined();
    expect(found?.credentials?.accessKeyId).toBe(FAKE.tencent.id);
  });

  it('selects the profile from TCCLI_PROFILE, and an explicit profile over it', async () => {
    const byEnv = await readNativeStore('tccli', 'tencent', fakeHome(newLayout, { env: { TCCLI_PROFILE: 'work' } }));
    expect(byEnv?.source).toBe('~/.tccli/work.credential');
    expect(byEnv?.region).toBe('ap-singapore');
    const explicit = await readNativeStore(
      'tccli',
      'tencent',
      fakeHome(newLayout, { env: { TCCLI_PROFILE: 'work' }, profile: 'default' }),
    );
    expect(explicit?.source).toMatch(/^~\/\.tccli\/default\.credential/);
  });

  it('returns undefined when tccli has no files at all, even for a named profile', async () => {
    expect(await readNativeStore('tccli', 'tencent', fakeHome({}))).toBeUndefined();
    expect(await readNativeStore('tccli', 'tencent', fakeHome({}, { profile: 'work' }))).toBeUndefined();
  });

  it('throws a ConfigError naming an explicit profile that tccli does not have', async () => {
    const error = await configError(readNativeStore('tccli', 'tencent', fakeHome(newLayout, { profile: 'staging' })));
    expect(error.message).toBe('~/.tccli has no profile "staging"');
    expect(error.code).toBe('config.native_profile_missing');
  });

  it('says which variable named a missing profile', async () => {
    const error = await configError(
      readNativeStore('tccli', 'tencent', fakeHome(newLayout, { env: { TCCLI_PROFILE: 'staging' } })),
    );
    expect(error.message).toContain('TCCLI_PROFILE');
  });

  it('reads a cvm-role profile (use-cvm-role true) as the CVM instance role exchange', async () => {
    expect(await readNativeStore('tccli', 'tencent', fakeHome(newLayout, { profile: 'cvm' }))).toEqual({
      store: 'tccli',
      cloud: 'tencent',
      exchange: { kind: 'instance', cloud: 'tencent', origin: '~/.tccli/cvm.credential type cvm-role' },
      source: '~/.tccli/cvm.credential (CVM instance role)',
    });
  });

  it('reads role-arn and role-session-name as AssumeRole signed with the profile keys, never the keys as if they were the role', async () => {
    const text = JSON.stringify({
      secretId: FAKE.tencent.id,
      secretKey: FAKE.tencent.secret,
      'role-arn': 'qcs::cam::uin/100000000001:roleName/ci',
      'role-session-name': 'nightly',
    });
    const lookup = fakeHome({ '~/.tccli/default.credential': text, '~/.tccli/default.configure': fixture('tccli-new/default.configure') });
    const found = await readNativeStore('tccli', 'tencent', lookup);
    expect(found).toEqual({
      ...roleEntry('tccli', '~/.tccli/default.credential', 'role-arn', 'secretId', 'nightly'),
      source: '~/.tccli/default.credential (role qcs::cam::uin/100000000001:roleName/ci)',
      region: 'ap-guangzhou',
    });
    expectNoSecrets(found?.source ?? '');
    // Never the source keys standing for the role: the entry carries no `credentials` of its own.
    expect(found?.credentials).toBeUndefined();
  });

  it('refuses a role-arn profile without keys to sign the AssumeRole call', async () => {
    const text = JSON.stringify({ 'role-arn': 'qcs::cam::uin/1:roleName/x', 'role-session-name': 'y' });
    const error = await configError(readNativeStore('tccli', 'tencent', fakeHome({ '~/.tccli/default.credential': text })));
    expect(error.message).toBe('~/.tccli/default.credential: secretId is missing');
  });

  it('still refuses a credential type it cannot use, naming it', async () => {
    const text = JSON.stringify({ type: 'saml', secretId: FAKE.tencent.id, secretKey: FAKE.tencent.secret });
    const error = await configError(readNativeStore('tccli', 'tencent', fakeHome({ '~/.tccli/default.credential': text })));
    expect(error.message).toBe('~/.tccli/default.credential: type saml is not supported');
    expect(error.code).toBe('config.native_unsupported');
    expectNoSecrets(error.message, String(error.hint));
  });

  it('treats the "None" tccli writes for an empty answer as a missing key', async () => {
    const text = JSON.stringify({ secretId: 'None', secretKey: FAKE.tencent.secret });
    const error = await configError(readNativeStore('tccli', 'tencent', fakeHome({ '~/.tccli/default.credential': text })));
    expect(error.message).toBe('~/.tccli/default.credential: secretId is missing');
    expectNoSecrets(error.message);
  });

  it('reports malformed JSON with the file and a position, never the file text', async () => {
    const text = `{"secretId": "${FAKE.tencent.id}", "secretKey": "${FAKE.tencent.secret}",,}`;
    const error = await configError(readNativeStore('tccli', 'tencent', fakeHome({ '~/.tccli/default.credential': text })));
    expect(error.message).toMatch(/^~\/\.tccli\/default\.credential is not valid JSON( at line 1, column \d+)?$/);
    expect(error.code).toBe('config.native_malformed');
    expectNoSecrets(error.message, String(error.hint));
    expect(error.cause).toBeUndefined();
  });

  it('reports a malformed .configure file by name', async () => {
    const lookup = fakeHome({
      '~/.tccli/default.credential': fixture('tccli-old/default.credential'),
      '~/.tccli/default.configure': '[1, 2',
    });
    const error = await configError(readNativeStore('tccli', 'tencent', lookup));
    expect(error.message).toContain('~/.tccli/default.configure is not valid JSON');
  });

  it('rejects a wrongly typed key by name without printing its value', async () => {
    const text = JSON.stringify({ secretId: FAKE.tencent.id, secretKey: [FAKE.tencent.secret] });
    const error = await configError(readNativeStore('tccli', 'tencent', fakeHome({ '~/.tccli/default.credential': text })));
    expect(error.message).toBe('~/.tccli/default.credential: secretKey must be a string');
    expectNoSecrets(error.message);
  });

  it('refuses profile names that would read outside ~/.tccli', async () => {
    const lookup = fakeHome(newLayout, { profile: '../.aliyun/config' });
    await configError(readNativeStore('tccli', 'tencent', lookup));
    expect(lookup.reads).toEqual([]);
  });

  it('serves only Tencent', async () => {
    expect(await readNativeStore('tccli', 'aliyun', fakeHome(newLayout))).toBeUndefined();
  });
});

describe('tencentcloud SDK INI store', () => {
  const files = { '~/.tencentcloud/credentials': fixture('tencentcloud/credentials') };

  it('reads [default] by default', async () => {
    expect(await readNativeStore('tencentcloud', 'tencent', fakeHome(files))).toEqual({
      store: 'tencentcloud',
      cloud: 'tencent',
      credentials: { kind: 'keys', accessKeyId: FAKE.tencent.id, accessKeySecret: FAKE.tencent.secret },
      source: '~/.tencentcloud/credentials [default]',
    });
  });

  it('reads another section, with its token, when asked', async () => {
    const found = await readNativeStore('tencentcloud', 'tencent', fakeHome(files, { profile: 'temporary' }));
    expect(found?.credentials?.securityToken).toBe(FAKE.tencent.token);
    expect(found?.source).toBe('~/.tencentcloud/credentials [temporary]');
  });

  it('throws for an explicit section that is missing', async () => {
    const error = await configError(readNativeStore('tencentcloud', 'tencent', fakeHome(files, { profile: 'nope' })));
    expect(error.message).toBe('~/.tencentcloud/credentials has no section "nope"');
  });

  it('returns undefined when the file has no [default] and no section was asked for', async () => {
    const lookup = fakeHome({ '~/.tencentcloud/credentials': '[other]\nsecret_id = a\nsecret_key = b\n' });
    expect(await readNativeStore('tencentcloud', 'tencent', lookup)).toBeUndefined();
  });

  it('honours TENCENTCLOUD_CREDENTIALS_FILE and shows the path as given', async () => {
    const lookup = fakeHome(
      { '/srv/keys/tencent.ini': fixture('tencentcloud/credentials') },
      { env: { TENCENTCLOUD_CREDENTIALS_FILE: '/srv/keys/tencent.ini' } },
    );
    expect((await readNativeStore('tencentcloud', 'tencent', lookup))?.source).toBe('/srv/keys/tencent.ini [default]');
    expect(lookup.reads).toEqual(['/srv/keys/tencent.ini']);
  });

  it('falls back to /etc/tencentcloud/credentials like the Node SDK, only without an override', async () => {
    const lookup = fakeHome({ '/etc/tencentcloud/credentials': fixture('tencentcloud/credentials') });
    expect((await readNativeStore('tencentcloud', 'tencent', lookup))?.source).toBe('/etc/tencentcloud/credentials [default]');
    const overridden = fakeHome(
      { '/etc/tencentcloud/credentials': fixture('tencentcloud/credentials') },
      { env: { TENCENTCLOUD_CREDENTIALS_FILE: '/missing' } },
    );
    expect(await readNativeStore('tencentcloud', 'tencent', overridden)).toBeUndefined();
  });

  it('reads role_arn and role_session_name as AssumeRole signed with the section keys (Go SDK profile provider)', async () => {
    const lookup = fakeHome({
      '~/.tencentcloud/credentials': `[default]\nsecret_id = ${FAKE.tencent.id}\nsecret_key = ${FAKE.tencent.secret}\nrole_arn = qcs::cam::uin/100000000001:roleName/ci\nrole_session_name = deploy\n`,
    });
    const found = await readNativeStore('tencentcloud', 'tencent', lookup);
    expect(found).toEqual({
      ...roleEntry('tencentcloud', '~/.tencentcloud/credentials [default]', 'role_arn', 'secret_id', 'deploy'),
      source: '~/.tencentcloud/credentials [default] (role qcs::cam::uin/100000000001:roleName/ci)',
    });
    expectNoSecrets(found?.source ?? '');
  });

  it('names the missing key of an incomplete section', async () => {
    const lookup = fakeHome({ '~/.tencentcloud/credentials': `[default]\nsecret_id = ${FAKE.tencent.id}\n` });
    const error = await configError(readNativeStore('tencentcloud', 'tencent', lookup));
    expect(error.message).toBe('~/.tencentcloud/credentials [default]: secret_key is missing');
  });

  it('reports an unreadable line by number without echoing it', async () => {
    const lookup = fakeHome({ '~/.tencentcloud/credentials': `[default]\n${FAKE.tencent.secret}\n` });
    const error = await configError(readNativeStore('tencentcloud', 'tencent', lookup));
    expect(error.message).toBe('~/.tencentcloud/credentials line 2: expected key = value');
    expectNoSecrets(error.message);
  });
});
