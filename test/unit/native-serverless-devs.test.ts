import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readNativeStore } from '../../src/config/native/index.js';
import { deriveKeyAndIv } from '../../src/config/native/openssl-aes.js';
import { parseAccessYaml } from '../../src/config/native/serverless-devs.js';
import { ConfigError } from '../../src/core/errors.js';
import { FAKE, expectNoSecrets } from '../helpers/secrets.js';
import { configError, fakeHome, fixture } from '../fixtures/native/fake-home.js';

/** Serverless Devs' `CryptoJS.AES.encrypt(value, 'SecretKey123').toString()`, written with node:crypto. */
function encrypt(value: string): string {
  const salt = randomBytes(8);
  const { key, iv } = deriveKeyAndIv(Buffer.from('SecretKey123'), salt);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([Buffer.from('Salted__'), salt, cipher.update(value, 'utf8'), cipher.final()]).toString('base64');
}

/** An access.yaml as `s config add` writes it (js-yaml dump, two-space indent, every value encrypted). */
function accessYaml(aliases: Record<string, Record<string, string>>): string {
  return Object.entries(aliases)
    .map(([alias, values]) => `${alias}:\n${Object.entries(values).map(([k, v]) => `  ${k}: ${encrypt(v)}\n`).join('')}`)
    .join('');
}

const files = { '~/.s/access.yaml': fixture('serverless-devs/access.yaml') };

describe('Serverless Devs store (fixture encrypted with the OpenSSL CLI)', () => {
  it('uses the alias marked __default for Alibaba, with its AccountID and STS token', async () => {
    expect(await readNativeStore('serverless-devs', 'aliyun', fakeHome(files))).toEqual({
      store: 'serverless-devs',
      cloud: 'aliyun',
      credentials: {
        kind: 'keys',
        accessKeyId: FAKE.aliyun.stsId,
        accessKeySecret: FAKE.aliyun.secret,
        securityToken: FAKE.aliyun.token,
      },
      source: '~/.s/access.yaml alias prod',
      accountId: FAKE.aliyun.account,
    });
  });

  it('reads an explicit alias', async () => {
    const found = await readNativeStore('serverless-devs', 'aliyun', fakeHome(files, { profile: 'default' }));
    expect(found?.credentials).toEqual({ kind: 'keys', accessKeyId: FAKE.aliyun.id, accessKeySecret: FAKE.aliyun.secret });
    expect(found?.accountId).toBe(FAKE.aliyun.account);
  });

  it('reads the Tencent alias (SecretID/SecretKey) when the default alias is Alibaba', async () => {
    const found = await readNativeStore('serverless-devs', 'tencent', fakeHome(files));
    expect(found?.credentials).toEqual({ kind: 'keys', accessKeyId: FAKE.tencent.id, accessKeySecret: FAKE.tencent.secret });
    expect(found?.accountId).toBe('100000000001');
    expect(found?.source).toBe('~/.s/access.yaml alias tencent (the only Tencent Cloud alias)');
  });

  it('reads the Huawei alias (AccessKeyID/SecretAccessKey)', async () => {
    const found = await readNativeStore('serverless-devs', 'huawei', fakeHome(files, { profile: 'huawei' }));
    expect(found?.credentials).toEqual({ kind: 'keys', accessKeyId: FAKE.huawei.id, accessKeySecret: FAKE.huawei.secret });
    expect(found?.source).toBe('~/.s/access.yaml alias huawei');
  });

  it('accepts plaintext values, as Serverless Devs does when a value does not decrypt', async () => {
    const found = await readNativeStore('serverless-devs', 'aliyun', fakeHome(files, { profile: 'legacy-plain' }));
    expect(found?.credentials?.accessKeyId).toBe('LTAI5tFAKEplaintext00002');
    expect(found?.accountId).toBe(FAKE.aliyun.account);
  });

  it('refuses an explicit alias that holds another cloud’s keys, naming both clouds', async () => {
    const error = await configError(readNativeStore('serverless-devs', 'tencent', fakeHome(files, { profile: 'huawei' })));
    expect(error.message).toBe('~/.s/access.yaml alias huawei holds Huawei Cloud keys, not Tencent Cloud keys');
    expectNoSecrets(error.message);
  });

  it('throws for an explicit alias that is missing', async () => {
    const error = await configError(readNativeStore('serverless-devs', 'aliyun', fakeHome(files, { profile: 'staging' })));
    expect(error.message).toBe('~/.s/access.yaml has no alias "staging"');
  });

  it('never leaks a decrypted secret into the source', async () => {
    for (const cloud of ['aliyun', 'tencent', 'huawei'] as const) {
      const found = await readNativeStore('serverless-devs', cloud, fakeHome(files));
      expect(found).toBeDefined();
      expectNoSecrets(found?.source ?? '');
    }
  });
});

describe('Serverless Devs store (written by the test as `s config add` would)', () => {
  it('falls back to the alias named default when no alias is marked __default', async () => {
    const text = accessYaml({
      other: { AccessKeyID: 'LTAI5tFAKEother0000003', AccessKeySecret: FAKE.aliyun.secret, __provider: 'Alibaba Cloud' },
      default: { AccountID: FAKE.aliyun.account, AccessKeyID: FAKE.aliyun.id, AccessKeySecret: FAKE.aliyun.secret, __provider: 'Alibaba Cloud' },
    });
    const found = await readNativeStore('serverless-devs', 'aliyun', fakeHome({ '~/.s/access.yaml': text }));
    expect(found?.source).toBe('~/.s/access.yaml alias default');
    expect(found?.credentials?.accessKeyId).toBe(FAKE.aliyun.id);
  });

  it('returns undefined when several aliases could serve the cloud and none is the default', async () => {
    const text = accessYaml({
      a: { SecretID: FAKE.tencent.id, SecretKey: FAKE.tencent.secret },
      b: { SecretID: FAKE.tencent.id, SecretKey: FAKE.tencent.secret },
    });
    expect(await readNativeStore('serverless-devs', 'tencent', fakeHome({ '~/.s/access.yaml': text }))).toBeUndefined();
  });

  it('tells clouds apart by key names when __provider is absent', async () => {
    const text = accessYaml({
      default: { AccessKeyID: FAKE.huawei.id, SecretAccessKey: FAKE.huawei.secret },
    });
    const lookup = fakeHome({ '~/.s/access.yaml': text });
    expect((await readNativeStore('serverless-devs', 'huawei', lookup))?.credentials?.accessKeyId).toBe(FAKE.huawei.id);
    expect(await readNativeStore('serverless-devs', 'aliyun', lookup)).toBeUndefined();
  });

  it('reads access.yml and honours serverless_devs_config_home', async () => {
    const text = accessYaml({ default: { AccessKeyID: FAKE.aliyun.id, AccessKeySecret: FAKE.aliyun.secret } });
    const lookup = fakeHome({ '/data/s-home/access.yml': text }, { env: { serverless_devs_config_home: '/data/s-home' } });
    expect((await readNativeStore('serverless-devs', 'aliyun', lookup))?.source).toBe('/data/s-home/access.yml alias default');
    expect(lookup.reads).toEqual(['/data/s-home/access.yaml', '/data/s-home/access.yml']);
  });

  it('reads `${aliyun-cli}` as the aliyun CLI current profile', async () => {
    const lookup = fakeHome(
      { '~/.aliyun/config.json': fixture('aliyun/config.json') },
      { profile: '${aliyun-cli}' },
    );
    const found = await readNativeStore('serverless-devs', 'aliyun', lookup);
    expect(found?.store).toBe('aliyun-cli');
    expect(found?.source).toBe('~/.aliyun/config.json profile default');
  });

  it('names the missing key of an incomplete alias', async () => {
    const text = accessYaml({ default: { SecretID: FAKE.tencent.id, __provider: 'Tencent Cloud' } });
    const error = await configError(readNativeStore('serverless-devs', 'tencent', fakeHome({ '~/.s/access.yaml': text })));
    expect(error.message).toBe('~/.s/access.yaml alias default: SecretKey is missing');
  });

  it('returns undefined when there is no access file', async () => {
    expect(await readNativeStore('serverless-devs', 'aliyun', fakeHome({}))).toBeUndefined();
  });
});

describe('parseAccessYaml', () => {
  it('reads quoted keys and values, comments, CRLF and empty aliases', () => {
    const text = "# written by s\r\n'quoted alias':\r\n  AccountID: '1234'\r\n  AccessKeyID: \"LTAI\\u0041\"\r\n  __provider: Alibaba Cloud # note\r\nempty: {}\r\n";
    expect(parseAccessYaml(text, '~/.s/access.yaml')).toEqual({
      'quoted alias': { AccountID: '1234', AccessKeyID: 'LTAIA', __provider: 'Alibaba Cloud' },
      empty: {},
    });
  });

  it('refuses YAML it does not understand, naming the line but not its text', () => {
    const cases: Array<[string, number]> = [
      [`default:\n  AccessKeySecret: |\n    ${FAKE.aliyun.secret}\n`, 2],
      [`default:\n  AccessKeyID: a\n    AccessKeySecret: ${FAKE.aliyun.secret}\n`, 3],
      [`  AccessKeySecret: ${FAKE.aliyun.secret}\n`, 1],
      [`default: ${FAKE.aliyun.secret}\n`, 1],
      [`default:\n  ${FAKE.aliyun.secret}\n`, 2],
    ];
    for (const [text, line] of cases) {
      let caught: unknown;
      try {
        parseAccessYaml(text, '~/.s/access.yaml');
      } catch (error) {
        caught = error;
      }
      expect(caught, text).toBeInstanceOf(ConfigError);
      expect((caught as Error).message).toMatch(new RegExp(`^~/\\.s/access\\.yaml line ${line}: `));
      expectNoSecrets((caught as Error).message);
    }
  });
});
