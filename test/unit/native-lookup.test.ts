import { describe, expect, it } from 'vitest';
import {
  NATIVE_LOOKUP_ORDER,
  STORE_CLOUDS,
  findNativeCredentials,
  maskSecret,
  readNativeStore,
  type NativeStoreId,
} from '../../src/config/native/index.js';
import { ConfigError } from '../../src/core/errors.js';
import { FAKE, KNOWN_SECRETS, expectNoSecrets } from '../helpers/secrets.js';
import { configError, fakeHome, fixture, HOME } from '../fixtures/native/fake-home.js';

/** Every store's fixture at its documented path. */
const everything = {
  '~/.tccli/default.credential': fixture('tccli-new/default.credential'),
  '~/.tccli/default.configure': fixture('tccli-new/default.configure'),
  '~/.tencentcloud/credentials': fixture('tencentcloud/credentials'),
  '~/.aliyun/config.json': fixture('aliyun/config.json'),
  '~/.alibabacloud/credentials': fixture('alibabacloud/credentials'),
  '~/.s/access.yaml': fixture('serverless-devs/access.yaml'),
  '~/.huaweicloud/credentials': fixture('huaweicloud/credentials'),
  '~/.hcloud/config.json': fixture('koocli/config.json'),
};

/** `everything` without the files of the given stores. */
function without(...paths: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(everything).filter(([path]) => !paths.includes(path)));
}

describe('lookup order', () => {
  it('is documented per cloud and only lists stores that serve that cloud', () => {
    expect(NATIVE_LOOKUP_ORDER).toEqual({
      tencent: ['tccli', 'tencentcloud', 'serverless-devs'],
      aliyun: ['aliyun-cli', 'alibabacloud', 'serverless-devs'],
      huawei: ['huaweicloud', 'serverless-devs', 'koocli'],
      otc: ['openstack-clouds'],
    });
    for (const [cloud, stores] of Object.entries(NATIVE_LOOKUP_ORDER)) {
      for (const store of stores) expect(STORE_CLOUDS[store]).toContain(cloud);
    }
    const listed = new Set(Object.values(NATIVE_LOOKUP_ORDER).flat());
    expect([...listed].sort()).toEqual(Object.keys(STORE_CLOUDS).sort());
  });

  it('lets the first store with keys win, for every cloud', async () => {
    const lookup = fakeHome(everything);
    expect((await findNativeCredentials('tencent', lookup))?.store).toBe('tccli');
    expect((await findNativeCredentials('aliyun', lookup))?.store).toBe('aliyun-cli');
    expect((await findNativeCredentials('huawei', lookup))?.store).toBe('huaweicloud');
  });

  it('moves on to the next store when an earlier one has no file', async () => {
    const noClis = fakeHome(without('~/.tccli/default.credential', '~/.tccli/default.configure', '~/.aliyun/config.json'));
    expect((await findNativeCredentials('tencent', noClis))?.store).toBe('tencentcloud');
    expect((await findNativeCredentials('aliyun', noClis))?.store).toBe('alibabacloud');
    const onlyS = fakeHome({ '~/.s/access.yaml': fixture('serverless-devs/access.yaml') });
    for (const cloud of ['tencent', 'aliyun', 'huawei'] as const) {
      expect((await findNativeCredentials(cloud, onlyS))?.store).toBe('serverless-devs');
    }
  });

  it('reaches KooCLI last for Huawei', async () => {
    const lookup = fakeHome({ '~/.hcloud/config.json': fixture('koocli/config.json') });
    expect((await findNativeCredentials('huawei', lookup))?.store).toBe('koocli');
  });

  it('reports an encrypted KooCLI only when no other Huawei store had keys', async () => {
    const encrypted = { '~/.hcloud/config.json': fixture('koocli/config-encrypted.json') };
    const error = await configError(findNativeCredentials('huawei', fakeHome(encrypted)));
    expect(error.code).toBe('config.native_encrypted');
    const withIni = fakeHome({ ...encrypted, '~/.huaweicloud/credentials': fixture('huaweicloud/credentials') });
    expect((await findNativeCredentials('huawei', withIni))?.store).toBe('huaweicloud');
  });

  it('returns undefined when no store has a file, reading only documented paths under home', async () => {
    for (const cloud of ['tencent', 'aliyun', 'huawei'] as const) {
      const lookup = fakeHome({});
      expect(await findNativeCredentials(cloud, lookup)).toBeUndefined();
      for (const path of lookup.reads) expect(path.startsWith(`${HOME}/`) || path === '/etc/tencentcloud/credentials').toBe(true);
    }
  });

  it('stops at a malformed file instead of silently using a later store', async () => {
    const lookup = fakeHome({ ...everything, '~/.aliyun/config.json': '{' });
    const error = await configError(findNativeCredentials('aliyun', lookup));
    expect(error.message).toContain('~/.aliyun/config.json');
  });

  it('finds an explicit profile in whichever store has it', async () => {
    const lookup = fakeHome(everything, { profile: 'project' });
    const found = await findNativeCredentials('aliyun', lookup);
    expect(found?.store).toBe('alibabacloud');
    expect(found?.source).toContain('[project]');
  });

  it('throws one ConfigError naming the profile and every file when no store has it', async () => {
    const error = await configError(findNativeCredentials('aliyun', fakeHome(everything, { profile: 'nowhere' })));
    expect(error.code).toBe('config.native_profile_missing');
    expect(error.message).toContain('"nowhere"');
    for (const file of ['~/.aliyun/config.json', '~/.alibabacloud/credentials', '~/.s/access.yaml']) {
      expect(error.message).toContain(file);
    }
  });

  it('fills in the Alibaba AccountID from an access.yaml alias with the same AccessKeyID', async () => {
    const found = await findNativeCredentials('aliyun', fakeHome(everything));
    expect(found?.store).toBe('aliyun-cli');
    expect(found?.accountId).toBe(FAKE.aliyun.account);
    expect(found?.source).toBe('~/.aliyun/config.json profile default; AccountID from ~/.s/access.yaml alias default');
  });

  it('does not borrow an AccountID for different keys', async () => {
    const found = await findNativeCredentials('aliyun', fakeHome(everything, { profile: 'temp' }));
    expect(found?.credentials?.accessKeyId).toBe(FAKE.aliyun.stsId);
    // The prod alias holds the same STS id, so its account is used; an id no alias holds gets none.
    expect(found?.accountId).toBe(FAKE.aliyun.account);
    const other = JSON.parse(fixture('aliyun/config.json')) as { profiles: Array<Record<string, unknown>> };
    other.profiles[0]!.access_key_id = 'LTAI5tFAKEunrelated00009';
    const unrelated = await findNativeCredentials(
      'aliyun',
      fakeHome({ ...everything, '~/.aliyun/config.json': JSON.stringify(other) }),
    );
    expect(unrelated?.accountId).toBeUndefined();
    expect(unrelated?.source).toBe('~/.aliyun/config.json profile default');
  });

  it('never puts a known secret in any source', async () => {
    const stores = Object.keys(STORE_CLOUDS) as NativeStoreId[];
    for (const store of stores) {
      for (const cloud of STORE_CLOUDS[store]) {
        const found = await readNativeStore(store, cloud, fakeHome(everything));
        if (found !== undefined) expectNoSecrets(found.source);
      }
    }
  });
});

describe('maskSecret', () => {
  it('shows at most the first and last four characters', () => {
    expect(maskSecret(FAKE.tencent.id)).toBe('AKID…0001');
    expect(maskSecret(FAKE.aliyun.secret)).toBe('fcin…0001');
  });

  it('never shows more than half of a shorter value, and hides very short ones', () => {
    expect(maskSecret('abcdefghij')).toBe('ab…ij');
    expect(maskSecret('1234567')).toBe('****');
    expect(maskSecret('')).toBe('****');
  });

  it('hides the middle of every known secret', () => {
    for (const secret of KNOWN_SECRETS) expect(maskSecret(secret)).not.toContain(secret.slice(4, -4));
  });
});
