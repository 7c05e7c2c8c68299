/** OTC credentials: the OTC_SDK_* variables, OS_TOKEN, profiles, and OpenStack clouds.yaml (openstack-clouds). */
import { describe, expect, it } from 'vitest';
import { resolveCredentialChain } from '../../src/config/credentials.js';
import { findNativeCredentials, readNativeStore } from '../../src/config/native/index.js';
import { parseCloudsYaml } from '../../src/config/native/openstack-clouds.js';
import { configFileSchema } from '../../src/config/schema.js';
import { FAKE, expectNoSecrets } from '../helpers/secrets.js';
import { configError, fakeHome, fixture, HOME } from '../fixtures/native/fake-home.js';

const clouds = fixture('openstack/clouds.yaml');
const otcKeys = { kind: 'keys', accessKeyId: FAKE.otc.id, accessKeySecret: FAKE.otc.secret };

describe('openstack-clouds store (clouds.yaml)', () => {
  it('reads the cloud OS_CLOUD names: auth.ak/sk, auth.project_id, region_name', async () => {
    const found = await readNativeStore('openstack-clouds', 'otc', fakeHome({ '~/.config/openstack/clouds.yaml': clouds }, { env: { OS_CLOUD: 'otc' } }));
    expect(found).toEqual({
      store: 'openstack-clouds',
      cloud: 'otc',
      credentials: otcKeys,
      source: '~/.config/openstack/clouds.yaml cloud otc',
      projectId: FAKE.otc.project,
      region: 'eu-de',
    });
  });

  it('reads the Terraform names access_key/secret_key and tenant_id of a cloud asked for by profile', async () => {
    const found = await readNativeStore('openstack-clouds', 'otc', fakeHome({ '/etc/openstack/clouds.yaml': clouds }, { profile: 'otc-nl' }));
    expect(found).toMatchObject({ credentials: otcKeys, projectId: FAKE.otc.project, region: 'eu-nl', source: '/etc/openstack/clouds.yaml cloud otc-nl' });
  });

  it('looks in OS_CLIENT_CONFIG_FILE, ./clouds.yaml, ~/.config/openstack, /etc/openstack, in that order', async () => {
    const lookup = { ...fakeHome({}, { env: { OS_CLIENT_CONFIG_FILE: '/x/my.yaml', OS_CLOUD: 'otc' } }), cwd: '/work/project' };
    expect(await readNativeStore('openstack-clouds', 'otc', lookup)).toBeUndefined();
    expect(lookup.reads).toEqual([
      '/x/my.yaml',
      '/work/project/clouds.yaml',
      `${HOME}/.config/openstack/clouds.yaml`,
      '/etc/openstack/clouds.yaml',
    ]);
    const first = { ...fakeHome({ '/work/project/clouds.yaml': clouds, '/etc/openstack/clouds.yaml': 'clouds: {}' }, { env: { OS_CLOUD: 'otc' } }), cwd: '/work/project' };
    expect((await readNativeStore('openstack-clouds', 'otc', first))?.source).toBe('/work/project/clouds.yaml cloud otc');
  });

  it('merges secure.yaml beside it over clouds.yaml, as openstacksdk does', async () => {
    const publicPart = 'clouds:\n  otc:\n    auth:\n      ak: FAKEOTCAK00000FCINV01\n    region_name: eu-nl\n';
    const secretPart = `clouds:\n  otc:\n    auth:\n      sk: ${FAKE.otc.secret}\n`;
    const found = await readNativeStore(
      'openstack-clouds',
      'otc',
      fakeHome({ '~/.config/openstack/clouds.yaml': publicPart, '~/.config/openstack/secure.yaml': secretPart }),
    );
    // One cloud in the file: it is used without OS_CLOUD.
    expect(found).toMatchObject({ credentials: otcKeys, region: 'eu-nl' });
  });

  it('without OS_CLOUD and with several clouds, reads none; serves no other cloud', async () => {
    const lookup = fakeHome({ '~/.config/openstack/clouds.yaml': clouds });
    expect(await readNativeStore('openstack-clouds', 'otc', lookup)).toBeUndefined();
    expect(await readNativeStore('openstack-clouds', 'huawei', fakeHome({ '~/.config/openstack/clouds.yaml': clouds }, { env: { OS_CLOUD: 'otc' } }))).toBeUndefined();
  });

  it('refuses a named cloud that is missing, or that has only a password, without printing secrets', async () => {
    const missing = await configError(readNativeStore('openstack-clouds', 'otc', fakeHome({ '~/.config/openstack/clouds.yaml': clouds }, { env: { OS_CLOUD: 'nope' } })));
    expect(missing.message).toBe('~/.config/openstack/clouds.yaml has no cloud "nope" (named by OS_CLOUD)');
    const password = await configError(readNativeStore('openstack-clouds', 'otc', fakeHome({ '~/.config/openstack/clouds.yaml': clouds }, { profile: 'password-only' })));
    expect(password.code).toBe('config.native_unsupported');
    expect(password.message).toContain('has no AK/SK');
    expectNoSecrets(missing.message, password.message, password.hint ?? '');
    expect(password.message).not.toContain('hunter2');
  });

  it('reports a malformed line by number, never its text', async () => {
    const bad = `clouds:\n  otc:\n    auth: {sk: ${FAKE.otc.secret}\n      ak: x\n`;
    const error = await configError(readNativeStore('openstack-clouds', 'otc', fakeHome({ '~/.config/openstack/clouds.yaml': bad }, { env: { OS_CLOUD: 'otc' } })));
    expect(error.message).toMatch(/clouds\.yaml line 4: missed comma between flow collection entries/);
    expectNoSecrets(error.message);
  });

  it('reads YAML with every scalar a string: nesting, quotes, comments, lists, anchors', async () => {
    expect(
      await parseCloudsYaml('a:\n  b: "x # y"\n  c: \'it\'\'s\'\n  d:\n  - 1\n  - 2\ne: &e 0123\ng: *e # note\n', 'f'),
    ).toEqual({ a: { b: 'x # y', c: "it's", d: ['1', '2'] }, e: '0123', g: '0123' });
  });

  it('is the store the otc chain looks in', async () => {
    const found = await findNativeCredentials('otc', fakeHome({ '~/.config/openstack/clouds.yaml': clouds }, { env: { OS_CLOUD: 'otc' } }));
    expect(found?.store).toBe('openstack-clouds');
  });
});

describe('the otc credential chain', () => {
  const files: Record<string, string> = { [`${HOME}/.config/openstack/clouds.yaml`]: clouds };
  const lookup = { home: HOME, readText: async (path: string) => files[path] };
  const profile = (credentials: Record<string, unknown>) =>
    ({ name: 'p', values: { credentials }, origins: {}, credentialOrigins: { otc: 'f: profiles.p.credentials.otc' }, chain: ['p'] }) as never;

  it('takes --token first, then OTC_SDK_AK/SK, then OS_TOKEN', async () => {
    const env = { OTC_SDK_AK: 'envak', OTC_SDK_SK: 'envsk', OS_TOKEN: 'ostoken', OS_CLOUD: 'otc' };
    const flag = await resolveCredentialChain({ cloud: 'otc', env, token: { value: 'flagtoken', source: '--token' }, lookup });
    expect(flag).toMatchObject({ credentials: { kind: 'token', token: 'flagtoken' }, source: '--token' });
    const keys = await resolveCredentialChain({ cloud: 'otc', env, lookup });
    expect(keys).toMatchObject({ credentials: { kind: 'keys', accessKeyId: 'envak', accessKeySecret: 'envsk' }, source: 'OTC_SDK_AK, OTC_SDK_SK' });
    const token = await resolveCredentialChain({ cloud: 'otc', env: { OS_TOKEN: 'ostoken', OS_CLOUD: 'otc' }, lookup });
    expect(token).toMatchObject({ credentials: { kind: 'token', token: 'ostoken' }, source: 'OS_TOKEN' });
  });

  it('does not take Huawei Cloud variables for OTC, nor OTC variables for Huawei Cloud', async () => {
    const huaweiOnly = { HUAWEICLOUD_SDK_AK: 'h', HUAWEICLOUD_SDK_SK: 'h' };
    const error = await configError(resolveCredentialChain({ cloud: 'otc', env: huaweiOnly, lookup: { home: HOME, readText: async () => undefined } }));
    expect(error.message).toBe(
      'missing Open Telekom Cloud credentials: set OTC_SDK_AK and OTC_SDK_SK (or OS_TOKEN), add them to a profile, or configure openstack-clouds',
    );
    await configError(resolveCredentialChain({ cloud: 'huawei', env: { OTC_SDK_AK: 'o', OTC_SDK_SK: 'o' }, lookup: { home: HOME, readText: async () => undefined } }));
  });

  it('takes profile credentials.otc over clouds.yaml, and clouds.yaml last', async () => {
    const fromProfile = await resolveCredentialChain({ cloud: 'otc', env: { OS_CLOUD: 'otc' }, profile: profile({ otc: { ak: 'pak', sk: 'psk' } }), lookup });
    expect(fromProfile).toMatchObject({ credentials: { accessKeyId: 'pak' }, source: 'f: profiles.p.credentials.otc' });
    const fromStore = await resolveCredentialChain({ cloud: 'otc', env: { OS_CLOUD: 'otc' }, lookup });
    expect(fromStore).toMatchObject({ credentials: otcKeys, source: '~/.config/openstack/clouds.yaml cloud otc' });
    expect(fromStore.native?.projectId).toBe(FAKE.otc.project);
  });

  it('accepts credentials.otc (keys, token or from: openstack-clouds) in the config schema', () => {
    for (const otc of [{ ak: 'a', sk: 'b' }, { authToken: '${env:T}' }, { from: 'openstack-clouds', profile: 'otc' }]) {
      expect(configFileSchema.safeParse({ profiles: { p: { provider: 'otc', credentials: { otc } } } }).success).toBe(true);
    }
  });
});
