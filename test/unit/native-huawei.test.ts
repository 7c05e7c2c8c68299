import { describe, expect, it } from 'vitest';
import { readHuaweicloudEntry } from '../../src/config/native/huaweicloud.js';
import { readNativeStore } from '../../src/config/native/index.js';
import { readKoocliEntry } from '../../src/config/native/koocli.js';
import { FAKE, expectNoSecrets } from '../helpers/secrets.js';
import { configError, fakeHome, fixture } from '../fixtures/native/fake-home.js';

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

  it('reads idp_id and id_token_file as federated OIDC (an exchange), which the store lookup passes on', async () => {
    const text = '[basic]\nidp_id = gha\nid_token_file = /run/oidc\nproject_id = p1\niam_endpoint = https://iam.example\n';
    const lookup = fakeHome({ '~/.huaweicloud/credentials': text });
    expect(await readHuaweicloudEntry('huawei', lookup)).toEqual({
      store: 'huaweicloud',
      cloud: 'huawei',
      exchange: {
        kind: 'federated-oidc',
        cloud: 'huawei',
        origin: '~/.huaweicloud/credentials [basic]',
        idpId: 'gha',
        tokenFile: '/run/oidc',
        projectId: 'p1',
        iamEndpoint: 'https://iam.example',
      },
      source: '~/.huaweicloud/credentials [basic]',
      projectId: 'p1',
    });
    expect(await readNativeStore('huaweicloud', 'huawei', lookup)).toEqual(await readHuaweicloudEntry('huawei', lookup));
  });

  it('names the missing half of idp_id / id_token_file', async () => {
    const lookup = fakeHome({ '~/.huaweicloud/credentials': `[basic]\nak = ${FAKE.huawei.id}\nsk = ${FAKE.huawei.secret}\nidp_id = gha\n` });
    const error = await configError(readHuaweicloudEntry('huawei', lookup));
    expect(error.message).toBe('~/.huaweicloud/credentials [basic]: id_token_file is missing (idp_id is set; federated OIDC needs both)');
    expectNoSecrets(error.message);
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

  it('gives the store lookup a profile that describes an exchange as the exchange', async () => {
    const lookup = fakeHome({ '~/.hcloud/config.json': fixture('koocli/config.json') }, { profile: 'agency' });
    expect(await readNativeStore('koocli', 'huawei', lookup)).toEqual(await readKoocliEntry('huawei', lookup));
    expect((await readNativeStore('koocli', 'huawei', lookup))?.exchange?.kind).toBe('instance');
  });

  it('reads mode ecsAgency as the ECS metadata security key (an instance exchange)', async () => {
    const lookup = fakeHome({ '~/.hcloud/config.json': fixture('koocli/config.json') }, { profile: 'agency' });
    expect(await readKoocliEntry('huawei', lookup)).toEqual({
      store: 'koocli',
      cloud: 'huawei',
      exchange: { kind: 'instance', cloud: 'huawei', origin: '~/.hcloud/config.json profile agency' },
      source: '~/.hcloud/config.json profile agency',
      region: 'cn-north-4',
    });
  });

  const keysProfile = { name: 'keys', mode: 'AKSK', accessKeyId: FAKE.huawei.id, secretAccessKey: FAKE.huawei.secret };
  const koocli = (...profiles: object[]) => fakeHome({ '~/.hcloud/config.json': JSON.stringify({ current: 'ci', profiles }) });

  it('reads an agency profile as an agency assumed with its source profile’s keys', async () => {
    const ci = { name: 'ci', mode: 'AKSK', agencyName: 'deployer', agencyDomainName: 'acme', sourceProfile: 'keys', agencyDurationSeconds: '3600' };
    const found = await readKoocliEntry('huawei', koocli(ci, keysProfile));
    expect(found).toMatchObject({
      store: 'koocli',
      source: '~/.hcloud/config.json profile ci',
      exchange: {
        kind: 'agency',
        cloud: 'huawei',
        agencyName: 'deployer',
        domainName: 'acme',
        durationSeconds: 3600,
        via: { kind: 'static', origin: '~/.hcloud/config.json profile keys', credentials: { accessKeyId: FAKE.huawei.id } },
      },
    });
    expectNoSecrets(JSON.stringify({ ...found, exchange: { ...(found as { exchange: object }).exchange, via: undefined } }));
  });

  it('chains agencies through source profiles, and signs with the profile’s own keys without one', async () => {
    const ci = { name: 'ci', mode: 'agency', agencyName: 'second', agencyDomainId: 'd2', sourceProfile: 'hop' };
    const hop = { ...keysProfile, name: 'hop', agencyName: 'first', agencyDomainId: 'd1' };
    const found = await readKoocliEntry('huawei', koocli(ci, hop));
    expect(found).toMatchObject({
      exchange: { agencyName: 'second', domainId: 'd2', via: { kind: 'agency', agencyName: 'first', via: { kind: 'static' } } },
    });
  });

  const refused: Array<[string, object[], string]> = [
    ['an agency without its account', [{ name: 'ci', agencyName: 'x', sourceProfile: 'keys' }, keysProfile],
      '~/.hcloud/config.json profile ci: agencyDomainId or agencyDomainName is missing (the account that owns agency x)'],
    ['a source profile that is not there', [{ name: 'ci', agencyName: 'x', agencyDomainId: 'd', sourceProfile: 'gone' }],
      '~/.hcloud/config.json profile ci: sourceProfile "gone" is not a profile of the file'],
    ['a source profile loop', [{ name: 'ci', agencyName: 'x', agencyDomainId: 'd', sourceProfile: 'ci' }],
      '~/.hcloud/config.json profile ci: sourceProfile chain ci → ci loops or is longer than 5'],
    ['SSO', [{ name: 'ci', mode: 'SSO' }], '~/.hcloud/config.json profile ci: mode SSO cannot be used by fcinvoke (it signs in interactively)'],
  ];
  it.each(refused)('refuses %s by name', async (_name, profiles, message) => {
    const error = await configError(readKoocliEntry('huawei', koocli(...profiles)));
    expect(error.message).toBe(message);
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
