import { describe, expect, it } from 'vitest';
import { readNativeStore } from '../../src/config/native/index.js';
import { ConfigError } from '../../src/core/errors.js';
import { FAKE, expectNoSecrets } from '../helpers/secrets.js';
import { fakeHome, fixture } from '../fixtures/native/fake-home.js';

async function configError(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

const ini = { '~/.huaweicloud/credentials': fixture('huaweicloud/credentials') };

describe('huaweicloud SDK INI store', () => {
  it('reads [basic] with project_id and security_token', async () => {
    expect(await readNativeStore('huaweicloud', 'huawei', fakeHome(ini))).toEqual({
      store: 'huaweicloud',
      cloud: 'huawei',
      credentials: {
        kind: 'keys',
        accessKeyId: FAKE.huawei.id,
        accessKeySecret: FAKE.huawei.secret,
        securityToken: FAKE.huawei.token,
      },
      source: '~/.huaweicloud/credentials [basic]',
      projectId: FAKE.huawei.project,
    });
  });

  it('reads another section when asked, without a project or token it does not have', async () => {
    const found = await readNativeStore('huaweicloud', 'huawei', fakeHome(ini, { profile: 'global' }));
    expect(found?.credentials).toEqual({ kind: 'keys', accessKeyId: FAKE.huawei.id, accessKeySecret: FAKE.huawei.secret });
    expect(found?.projectId).toBeUndefined();
  });

  it('honours HUAWEICLOUD_SDK_CREDENTIALS_FILE', async () => {
    const lookup = fakeHome(
      { '/etc/hw/creds.ini': fixture('huaweicloud/credentials') },
      { env: { HUAWEICLOUD_SDK_CREDENTIALS_FILE: '/etc/hw/creds.ini' } },
    );
    expect((await readNativeStore('huaweicloud', 'huawei', lookup))?.source).toBe('/etc/hw/creds.ini [basic]');
  });

  it('returns undefined for a file without [basic], and throws for a missing explicit section', async () => {
    const onlyGlobal = fakeHome({ '~/.huaweicloud/credentials': '[global]\nak = a\nsk = b\n' });
    expect(await readNativeStore('huaweicloud', 'huawei', onlyGlobal)).toBeUndefined();
    const error = await configError(readNativeStore('huaweicloud', 'huawei', fakeHome(ini, { profile: 'dev' })));
    expect(error.message).toBe('~/.huaweicloud/credentials has no section "dev"');
  });

  it('names a missing sk without printing the ak section contents', async () => {
    const lookup = fakeHome({ '~/.huaweicloud/credentials': `[basic]\nak = ${FAKE.huawei.id}\nsecurity_token = ${FAKE.huawei.token}\n` });
    const error = await configError(readNativeStore('huaweicloud', 'huawei', lookup));
    expect(error.message).toBe('~/.huaweicloud/credentials [basic]: sk is missing');
    expectNoSecrets(error.message);
  });
});

describe('KooCLI store', () => {
  it('reads a plaintext AKSK profile with region and project', async () => {
    const lookup = fakeHome({ '~/.hcloud/config.json': fixture('koocli/config.json') });
    expect(await readNativeStore('koocli', 'huawei', lookup)).toEqual({
      store: 'koocli',
      cloud: 'huawei',
      credentials: { kind: 'keys', accessKeyId: FAKE.huawei.id, accessKeySecret: FAKE.huawei.secret },
      source: '~/.hcloud/config.json profile default',
      region: 'cn-north-4',
      projectId: FAKE.huawei.project,
    });
  });

  it('refuses an encrypted file, explaining why and pointing at another store or env vars', async () => {
    const lookup = fakeHome({ '~/.hcloud/config.json': fixture('koocli/config-encrypted.json') });
    const error = await configError(readNativeStore('koocli', 'huawei', lookup));
    expect(error.code).toBe('config.native_encrypted');
    expect(error.message).toContain('~/.hcloud/config.json profile default');
    expect(error.message).toContain('KooCLI encrypts its keys');
    expect(error.hint).toContain('~/.huaweicloud/credentials');
    expect(error.hint).toContain('HUAWEICLOUD_SDK_AK');
    // The fixture's "ciphertext" embeds the fake secret, so echoing any field would be caught here.
    expectNoSecrets(error.message, String(error.hint));
  });

  it('refuses a profile-level authEncrypt too', async () => {
    const text = JSON.stringify({
      current: 'p',
      profiles: [{ name: 'p', mode: 'AKSK', authEncrypt: true, accessKeyId: 'x', secretAccessKey: 'y' }],
    });
    const error = await configError(readNativeStore('koocli', 'huawei', fakeHome({ '~/.hcloud/config.json': text })));
    expect(error.code).toBe('config.native_encrypted');
  });

  it('refuses modes other than AKSK by name', async () => {
    const lookup = fakeHome({ '~/.hcloud/config.json': fixture('koocli/config.json') }, { profile: 'agency' });
    const error = await configError(readNativeStore('koocli', 'huawei', lookup));
    expect(error.message).toBe('~/.hcloud/config.json profile agency: mode ecsAgency is not supported yet');
  });

  it('returns undefined without the file, and throws for a missing explicit profile', async () => {
    expect(await readNativeStore('koocli', 'huawei', fakeHome({}))).toBeUndefined();
    const lookup = fakeHome({ '~/.hcloud/config.json': fixture('koocli/config.json') }, { profile: 'ghost' });
    const error = await configError(readNativeStore('koocli', 'huawei', lookup));
    expect(error.message).toBe('~/.hcloud/config.json has no profile "ghost"');
  });

  it('reports malformed JSON by file name', async () => {
    const error = await configError(
      readNativeStore('koocli', 'huawei', fakeHome({ '~/.hcloud/config.json': `{"profiles": [${FAKE.huawei.secret}]}` })),
    );
    expect(error.message).toMatch(/^~\/\.hcloud\/config\.json is not valid JSON/);
    expectNoSecrets(error.message);
  });
});
