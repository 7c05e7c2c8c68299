import { describe, expect, it } from 'vitest';
import { readAlibabacloud } from '../../src/config/native/alibabacloud.js';
import { readAliyunCli } from '../../src/config/native/aliyun-cli.js';
import { readNativeStore } from '../../src/config/native/index.js';
import { FAKE, expectNoSecrets } from '../helpers/secrets.js';
import { configError, fakeHome, fixture } from '../fixtures/native/fake-home.js';

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

  it('gives the store lookup an exchange profile as the exchange, never its keys as if they were the role', async () => {
    const found = await readNativeStore('aliyun-cli', 'aliyun', fakeHome(cli, { profile: 'assumed' }));
    expect(found).toMatchObject({ store: 'aliyun-cli', source: '~/.aliyun/config.json profile assumed', exchange: { kind: 'assume-role', cloud: 'aliyun' } });
    expect(found?.credentials).toBeUndefined();
    expectNoSecrets(JSON.stringify(found?.source));
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

  it('gives the store lookup a section that describes an exchange as the exchange', async () => {
    const found = await readNativeStore('alibabacloud', 'aliyun', fakeHome(files, { profile: 'ecs' }));
    expect(found).toMatchObject({ store: 'alibabacloud', source: '~/.alibabacloud/credentials [ecs]', exchange: { kind: 'instance', cloud: 'aliyun' } });
    expect(found?.credentials).toBeUndefined();
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

describe('store entries that describe an exchange', () => {
  const ROLE = 'acs:ram::1234567890123456:role/ci';
  const OIDC_PROVIDER = 'acs:ram::1234567890123456:oidc-provider/github';
  const where = '~/.aliyun/config.json profile p';
  const ak = { access_key_id: FAKE.aliyun.id, access_key_secret: FAKE.aliyun.secret };
  const staticVia = {
    kind: 'static',
    cloud: 'aliyun',
    origin: where,
    credentials: { kind: 'keys', accessKeyId: FAKE.aliyun.id, accessKeySecret: FAKE.aliyun.secret },
  };
  const cliFile = (...profiles: Array<Record<string, unknown>>) =>
    fakeHome({ '~/.aliyun/config.json': JSON.stringify({ current: 'p', profiles }) });

  it.each([
    [
      'RamRoleArn',
      { ...ak, ram_role_arn: ROLE, ram_session_name: 'ci-run', expired_seconds: 900, sts_region: 'cn-shanghai', external_id: 'abc' },
      { kind: 'assume-role', roleArn: ROLE, sessionName: 'ci-run', durationSeconds: 900, region: 'cn-shanghai', externalId: 'abc', via: staticVia },
    ],
    ['EcsRamRole', { ram_role_name: 'web' }, { kind: 'instance', roleName: 'web' }],
    ['EcsRamRole', {}, { kind: 'instance' }],
    [
      'OIDC',
      { ram_role_arn: ROLE, oidc_provider_arn: OIDC_PROVIDER, oidc_token_file: '/var/run/token', duration_seconds: 1800, expired_seconds: 0 },
      { kind: 'web-identity', roleArn: ROLE, providerId: OIDC_PROVIDER, tokenFile: '/var/run/token', durationSeconds: 1800 },
    ],
    ['External', { process_command: 'get-creds --json' }, { kind: 'process', command: 'get-creds --json' }],
    ['CredentialsURI', { credentials_uri: 'http://127.0.0.1:9/creds' }, { kind: 'uri', url: 'http://127.0.0.1:9/creds' }],
  ])('mode %s becomes its exchange', async (mode, fields, exchange) => {
    const found = await readAliyunCli('aliyun', cliFile({ name: 'p', mode, region_id: 'cn-beijing', ...fields }));
    expect(found).toEqual({
      store: 'aliyun-cli',
      cloud: 'aliyun',
      source: where,
      region: 'cn-beijing',
      exchange: { cloud: 'aliyun', origin: where, ...exchange },
    });
  });

  it('follows ChainableRamRoleArn through source_profile to the keys, and refuses a cycle', async () => {
    const chained = await readAliyunCli(
      'aliyun',
      cliFile(
        { name: 'p', mode: 'ChainableRamRoleArn', source_profile: 'mid', ram_role_arn: `${ROLE}-2` },
        { name: 'mid', mode: 'RamRoleArn', ...ak, ram_role_arn: ROLE },
      ),
    );
    const exchange = chained !== undefined && 'exchange' in chained ? chained.exchange : undefined;
    expect(exchange).toMatchObject({ kind: 'assume-role', roleArn: `${ROLE}-2`, via: { kind: 'assume-role', roleArn: ROLE, origin: '~/.aliyun/config.json profile mid' } });
    const cycle = await configError(
      readAliyunCli(
        'aliyun',
        cliFile(
          { name: 'p', mode: 'ChainableRamRoleArn', source_profile: 'q', ram_role_arn: ROLE },
          { name: 'q', mode: 'ChainableRamRoleArn', source_profile: 'p', ram_role_arn: ROLE },
        ),
      ),
    );
    expect(cycle.message).toBe('~/.aliyun/config.json profile q (mode ChainableRamRoleArn): source_profile p leads back to itself (p → q → p)');
  });

  it.each([
    ['CloudSSO', {}, 'mode CloudSSO signs in through a browser', 'process_command'],
    ['OAuth', {}, 'mode OAuth signs in through a browser', 'External'],
    ['RsaKeyPair', {}, 'mode RsaKeyPair is retired', 'AK'],
    ['Magic', {}, 'mode Magic is not a mode of the aliyun CLI', 'OIDC'],
    ['RamRoleArn', { ...ak }, '(mode RamRoleArn): ram_role_arn is missing', undefined],
    ['OIDC', { ram_role_arn: ROLE, oidc_provider_arn: OIDC_PROVIDER }, '(mode OIDC): oidc_token_file is missing', undefined],
    ['ChainableRamRoleArn', { ram_role_arn: ROLE, source_profile: 'gone' }, 'source_profile gone is not a profile of ~/.aliyun/config.json', undefined],
    ['RamRoleArn', { ...ak, ram_role_arn: ROLE, expired_seconds: 'soon' }, 'expired_seconds must be a whole number of seconds', undefined],
  ])('refuses mode %s %j clearly', async (mode, fields, message, hint) => {
    const error = await configError(readAliyunCli('aliyun', cliFile({ name: 'p', mode, ...fields })));
    expect(error.message).toContain(message);
    if (hint !== undefined) expect(error.hint).toContain(hint);
    expectNoSecrets(error.message, String(error.hint));
  });

  const ini = (text: string) => fakeHome({ '~/.alibabacloud/credentials': `[default]\n${text}\n` });
  const section = '~/.alibabacloud/credentials [default]';

  it.each([
    [
      'ram_role_arn',
      `access_key_id = ${FAKE.aliyun.id}\naccess_key_secret = ${FAKE.aliyun.secret}\nrole_arn = ${ROLE}\nrole_session_name = ini\npolicy = {"Statement":[]}`,
      {
        kind: 'assume-role',
        roleArn: ROLE,
        sessionName: 'ini',
        policy: '{"Statement":[]}',
        via: { ...staticVia, origin: section },
      },
    ],
    [
      'oidc_role_arn',
      `role_arn = ${ROLE}\noidc_provider_arn = ${OIDC_PROVIDER}\noidc_token_file_path = /tmp/token`,
      { kind: 'web-identity', roleArn: ROLE, providerId: OIDC_PROVIDER, tokenFile: '/tmp/token' },
    ],
    ['ecs_ram_role', 'role_name = web', { kind: 'instance', roleName: 'web' }],
    ['credentials_uri', 'credentials_uri = http://127.0.0.1:9/c', { kind: 'uri', url: 'http://127.0.0.1:9/c' }],
  ])('type %s becomes its exchange', async (type, body, exchange) => {
    expect(await readAlibabacloud('aliyun', ini(`type = ${type}\n${body}`))).toEqual({
      store: 'alibabacloud',
      cloud: 'aliyun',
      source: section,
      exchange: { cloud: 'aliyun', origin: section, ...exchange },
    });
  });

  it.each([
    ['bearer', 'type bearer holds a bearer token'],
    ['rsa_key_pair', 'type rsa_key_pair is retired'],
    ['magic', 'type magic is not a type of the Alibaba Cloud credentials file'],
    ['oidc_role_arn', 'oidc_provider_arn is missing'],
  ])('refuses type %s clearly', async (type, message) => {
    const error = await configError(readAlibabacloud('aliyun', ini(`type = ${type}\nrole_arn = ${ROLE}\naccess_key_secret = ${FAKE.aliyun.secret}`)));
    expect(error.message).toContain(message);
    expectNoSecrets(error.message, String(error.hint));
  });
});
