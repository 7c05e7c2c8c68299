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

const cli = { '~/.aliyun/config.json': fixture('aliyun/config.json') };

describe('aliyun CLI store', () => {
  it('reads the current profile in AK mode, with its region and no account ID', async () => {
    expect(await readNativeStore('aliyun-cli', 'aliyun', fakeHome(cli))).toEqual({
      store: 'aliyun-cli',
      cloud: 'aliyun',
      credentials: { kind: 'keys', accessKeyId: FAKE.aliyun.id, accessKeySecret: FAKE.aliyun.secret },
      source: '~/.aliyun/config.json profile default',
      region: 'cn-hangzhou',
    });
  });

  it('reads a StsToken profile with its security token', async () => {
    const found = await readNativeStore('aliyun-cli', 'aliyun', fakeHome(cli, { profile: 'temp' }));
    expect(found?.credentials).toEqual({
      kind: 'keys',
      accessKeyId: FAKE.aliyun.stsId,
      accessKeySecret: FAKE.aliyun.secret,
      securityToken: FAKE.aliyun.token,
    });
    expect(found?.region).toBe('cn-shanghai');
  });

  it('follows `current` when nothing else names a profile', async () => {
    const config = JSON.parse(fixture('aliyun/config.json')) as Record<string, unknown>;
    const lookup = fakeHome({ '~/.aliyun/config.json': JSON.stringify({ ...config, current: 'temp' }) });
    expect((await readNativeStore('aliyun-cli', 'aliyun', lookup))?.source).toBe('~/.aliyun/config.json profile temp');
  });

  it.each(['ALIBABACLOUD_PROFILE', 'ALIBABA_CLOUD_PROFILE', 'ALICLOUD_PROFILE'])(
    'lets %s override `current`',
    async (variable) => {
      const found = await readNativeStore('aliyun-cli', 'aliyun', fakeHome(cli, { env: { [variable]: 'temp' } }));
      expect(found?.credentials?.accessKeyId).toBe(FAKE.aliyun.stsId);
    },
  );

  it('reads ALIBABACLOUD_PROFILE before ALIBABA_CLOUD_PROFILE, as the CLI does', async () => {
    const env = { ALIBABACLOUD_PROFILE: 'temp', ALIBABA_CLOUD_PROFILE: 'default' };
    expect((await readNativeStore('aliyun-cli', 'aliyun', fakeHome(cli, { env })))?.source).toContain('profile temp');
  });

  it('refuses other modes with an error that names the mode and the profile', async () => {
    const error = await configError(readNativeStore('aliyun-cli', 'aliyun', fakeHome(cli, { profile: 'assumed' })));
    expect(error.message).toBe('~/.aliyun/config.json profile assumed: mode RamRoleArn is not supported yet');
    expect(error.code).toBe('config.native_unsupported');
    expect(error.hint).toContain('AK');
    expectNoSecrets(error.message, String(error.hint));
  });

  it('throws for an explicit or environment-named profile that is missing', async () => {
    const explicit = await configError(readNativeStore('aliyun-cli', 'aliyun', fakeHome(cli, { profile: 'nope' })));
    expect(explicit.message).toBe('~/.aliyun/config.json has no profile "nope"');
    const byEnv = await configError(
      readNativeStore('aliyun-cli', 'aliyun', fakeHome(cli, { env: { ALIBABA_CLOUD_PROFILE: 'nope' } })),
    );
    expect(byEnv.message).toBe('~/.aliyun/config.json has no profile "nope" (named by ALIBABA_CLOUD_PROFILE)');
  });

  it('returns undefined when `current` names no profile and nothing was asked for', async () => {
    const lookup = fakeHome({ '~/.aliyun/config.json': '{"current": "gone", "profiles": []}' });
    expect(await readNativeStore('aliyun-cli', 'aliyun', lookup)).toBeUndefined();
  });

  it('skips the file when ALIBABA_CLOUD_IGNORE_PROFILE=TRUE or ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true', async () => {
    for (const env of [{ ALIBABA_CLOUD_IGNORE_PROFILE: 'TRUE' }, { ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true' }]) {
      expect(await readNativeStore('aliyun-cli', 'aliyun', fakeHome(cli, { env }))).toBeUndefined();
    }
  });

  it('names the missing key of a StsToken profile without a token', async () => {
    const text = JSON.stringify({
      current: 'x',
      profiles: [{ name: 'x', mode: 'StsToken', access_key_id: FAKE.aliyun.stsId, access_key_secret: FAKE.aliyun.secret }],
    });
    const error = await configError(readNativeStore('aliyun-cli', 'aliyun', fakeHome({ '~/.aliyun/config.json': text })));
    expect(error.message).toBe('~/.aliyun/config.json profile x (mode StsToken): sts_token is missing');
    expectNoSecrets(error.message);
  });

  it('reports malformed JSON and a wrong shape by file name, never quoting the content', async () => {
    const broken = `{"profiles": [{"name": "default", "access_key_secret": "${FAKE.aliyun.secret}"`;
    const error = await configError(readNativeStore('aliyun-cli', 'aliyun', fakeHome({ '~/.aliyun/config.json': broken })));
    expect(error.message).toMatch(/^~\/\.aliyun\/config\.json is not valid JSON/);
    expectNoSecrets(error.message);
    const shape = await configError(
      readNativeStore('aliyun-cli', 'aliyun', fakeHome({ '~/.aliyun/config.json': '{"profiles": {}}' })),
    );
    expect(shape.message).toBe('~/.aliyun/config.json: profiles must be an array');
  });

  it('returns undefined when the file does not exist', async () => {
    expect(await readNativeStore('aliyun-cli', 'aliyun', fakeHome({}))).toBeUndefined();
  });
});

describe('alibabacloud SDK INI store', () => {
  const files = { '~/.alibabacloud/credentials': fixture('alibabacloud/credentials') };

  it('reads an access_key section', async () => {
    expect(await readNativeStore('alibabacloud', 'aliyun', fakeHome(files))).toEqual({
      store: 'alibabacloud',
      cloud: 'aliyun',
      credentials: { kind: 'keys', accessKeyId: FAKE.aliyun.id, accessKeySecret: FAKE.aliyun.secret },
      source: '~/.alibabacloud/credentials [default]',
    });
  });

  it('reads an sts section chosen by ALIBABA_CLOUD_PROFILE, with token and region', async () => {
    const found = await readNativeStore(
      'alibabacloud',
      'aliyun',
      fakeHome(files, { env: { ALIBABA_CLOUD_PROFILE: 'project' } }),
    );
    expect(found?.credentials?.securityToken).toBe(FAKE.aliyun.token);
    expect(found?.region).toBe('cn-beijing');
    expect(found?.source).toBe('~/.alibabacloud/credentials [project]');
  });

  it('refuses types that need a network exchange, naming the type', async () => {
    const error = await configError(readNativeStore('alibabacloud', 'aliyun', fakeHome(files, { profile: 'ecs' })));
    expect(error.message).toBe('~/.alibabacloud/credentials [ecs]: type ecs_ram_role is not supported yet');
  });

  it('honours ALIBABA_CLOUD_CREDENTIALS_FILE', async () => {
    const lookup = fakeHome(
      { '/opt/ali/creds': fixture('alibabacloud/credentials') },
      { env: { ALIBABA_CLOUD_CREDENTIALS_FILE: '/opt/ali/creds' } },
    );
    expect((await readNativeStore('alibabacloud', 'aliyun', lookup))?.source).toBe('/opt/ali/creds [default]');
  });

  it('throws for a missing explicit section and returns undefined for a missing default one', async () => {
    const error = await configError(readNativeStore('alibabacloud', 'aliyun', fakeHome(files, { profile: 'gone' })));
    expect(error.message).toBe('~/.alibabacloud/credentials has no section "gone"');
    const noDefault = fakeHome({ '~/.alibabacloud/credentials': '[other]\ntype = access_key\n' });
    expect(await readNativeStore('alibabacloud', 'aliyun', noDefault)).toBeUndefined();
  });
});
