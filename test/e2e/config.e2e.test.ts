/** Config files, profiles and native stores through the built CLI; no secret ever printed. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { cleanEnv, runCli, type CliRun } from '../helpers/cli.js';
import { makeTree } from '../helpers/config-dir.js';
import { useEmulator } from '../helpers/emulator.js';
import { expectNoSecrets, FAKE } from '../helpers/secrets.js';

const PROFILE_SECRET = 'profileSECRETvalue0000000000000001';
const TCCLI_SECRET = 'tccliSECRETvalue000000000000000001';
const ALIYUN_SECRET = 'aliyunCLIsecretVALUE0000000000001';
let emulator: RunningEmulator;
let root: string;
const runs: CliRun[] = [];

beforeAll(async () => {
  emulator = await useEmulator({
    env: {
      TENCENTCLOUD_SECRET_ID: 'AKIDprofile00000000000000000000000001',
      TENCENTCLOUD_SECRET_KEY: PROFILE_SECRET,
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIaliyuncli000000000001',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: ALIYUN_SECRET,
    },
  });
  root = makeTree({
    'project/.fcinvokerc': {
      mode: 0o644,
      text: [
        'defaultProfile: local',
        'profiles:',
        '  local:',
        '    provider: tencent',
        '    region: ap-guangzhou',
        `    endpoint: ${emulator.url}`,
        '    credentials:',
        '      tencent:',
        '        secretId: AKIDprofile00000000000000000000000001',
        `        secretKey: ${PROFILE_SECRET}`,
        '  native:',
        '    extends: local',
        '    credentials:',
        '      tencent: {from: tccli}',
        '  fc:',
        '    provider: aliyun',
        `    endpoint: ${emulator.url}`,
        '    accountId: "1234567890123456"',
        '',
      ].join('\n'),
    },
    'project/sub/.keep': '',
    'home/.tccli/default.credential': JSON.stringify({ secretId: 'AKIDtccli000000000000000000000000001', secretKey: TCCLI_SECRET }),
    'home/.tccli/default.configure': JSON.stringify({ _sys_param: { region: 'ap-shanghai' } }),
    'home/.aliyun/config.json': JSON.stringify({
      current: 'default',
      profiles: [
        { name: 'default', mode: 'AK', access_key_id: 'LTAIaliyuncli000000000001', access_key_secret: ALIYUN_SECRET, region_id: 'cn-hangzhou' },
      ],
    }),
  });
});

afterEach(() => {
  for (const run of runs.splice(0)) {
    expectNoSecrets(run.stdout, run.stderr);
    for (const secret of [PROFILE_SECRET, TCCLI_SECRET, ALIYUN_SECRET]) {
      expect(run.stdout + run.stderr, 'a secret was printed').not.toContain(secret);
    }
  }
});

async function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const run = await runCli(args, { cwd: join(root, 'project/sub'), env: cleanEnv({ HOME: join(root, 'home'), ...env }) });
  runs.push(run);
  return run;
}

describe('config commands', () => {
  it('config path lists the project file found walking up', async () => {
    const run = await cli(['config', 'path']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${join(root, 'project/.fcinvokerc')}\tproject\n`);
  });

  it('config list marks the selected profile', async () => {
    const run = await cli(['config', 'list']);
    expect(run.stdout).toMatch(/^\*\s+local\s+tencent\s+ap-guangzhou$/m);
    expect(run.stdout).toMatch(/^\s+native\s+-\s+-\s+extends local$/m);
    expect(run.stderr).toMatch(/warning: .*\.fcinvokerc holds a secret and is readable by others \(mode 0644\)/);
  });

  it('config show gives every value with its source and masks the key id', async () => {
    const run = await cli(['config', 'show']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^region\s+ap-guangzhou\s+.*\.fcinvokerc: profiles\.local\.region$/m);
    expect(run.stdout).toMatch(/^timeoutMs\s+930000\s+built-in default for tencent sync invocations$/m);
    expect(run.stdout).toMatch(/^credentials\.tencent\s+AKID…0001 \/ secret \*\*\*\*\s+.*profiles\.local\.credentials\.tencent$/m);
  });

  it('config show ranks the environment over the profile', async () => {
    const run = await cli(['config', 'show', '--json'], { TENCENTCLOUD_REGION: 'ap-beijing' });
    const shown = JSON.parse(run.stdout);
    expect(shown.settings.region).toEqual({ value: 'ap-beijing', source: 'TENCENTCLOUD_REGION' });
  });

  it('config show of a profile reading tccli names the native file', async () => {
    const run = await cli(['config', 'show', 'native']);
    expect(run.stdout).toMatch(/^credentials\.tencent\s+AKID…0001 \/ secret \*\*\*\*\s+.*→ ~\/\.tccli\/default\.credential$/m);
    expect(run.stdout).toMatch(/^extends\s+local$/m);
  });

  it('config validate accepts the file, and refuses a bad one with key paths and exit 2', async () => {
    expect((await cli(['config', 'validate'])).code).toBe(0);
    const bad = join(root, 'bad.yaml');
    writeFileSync(bad, 'profiles:\n  prod:\n    region: 42\n    regoin: x\n');
    const run = await cli(['config', 'validate', bad]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      `error: ${bad}: profiles.prod.region: Invalid input: expected string, received number`,
      `error: ${bad}: profiles.prod: unknown key 'regoin'`,
    ]);
  });

  it('config validate refuses an extends cycle', async () => {
    const cyclic = join(root, 'cycle.yaml');
    writeFileSync(cyclic, 'profiles:\n  a: {extends: b}\n  b: {extends: a}\n');
    const run = await cli(['config', 'validate', cyclic]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('extends forms a cycle');
  });

  it('config schema prints a JSON Schema', async () => {
    const run = await cli(['config', 'schema']);
    expect(JSON.parse(run.stdout).properties.profiles).toBeDefined();
  });
});

describe('invoking with profiles', () => {
  it('takes provider, region, endpoint and keys from the default profile', async () => {
    const run = await cli(['invoke', 'hello', '-e', '{"name":"profile"}']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ message: 'Hello, profile!' });
  });

  it('uses the keys of ~/.tccli when the profile says from: tccli', async () => {
    // The emulator does not know tccli's key, so the signature is refused: proof that those keys were used.
    const run = await cli(['invoke', 'hello', '--profile', 'native', '--json']);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout).error.code).toBe('AuthFailure.SecretIdNotFound');
  });

  it('falls back to the aliyun CLI store and its region when nothing else supplies keys', async () => {
    const run = await cli(['invoke', 'hello', '--profile', 'fc', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ provider: 'aliyun', status: 'ok' });
  });

  it('lets flags beat the profile', async () => {
    const run = await cli(['invoke', 'tencent', 'hello', '--region', 'not a region']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("invalid Tencent region 'not a region'");
  });

  it('names a profile that does not exist', async () => {
    const run = await cli(['invoke', 'hello', '--profile', 'nope']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: profile 'nope' (from --profile) is not defined");
    expect(run.stderr).toContain('hint: defined profiles: local, native, fc');
  });

  it('names a missing environment variable behind ${env:…}', async () => {
    const dir = join(root, 'envref');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, '.fcinvokerc.json'),
      JSON.stringify({ profiles: { default: { provider: 'tencent', region: 'ap-guangzhou', credentials: { tencent: { secretId: 'AKIDx', secretKey: '${env:MY_SECRET}' } } } } }),
    );
    const run = await runCli(['invoke', 'hello', '--endpoint', emulator.url], { cwd: dir, env: cleanEnv({ HOME: join(root, 'home') }) });
    runs.push(run);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/profiles\.default\.credentials\.tencent\.secretKey: environment variable MY_SECRET is not set/);
  });

  it('reports a config file with a wrong type before sending anything', async () => {
    const run = await cli(['invoke', 'hello', '--config', join(root, 'bad.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('profiles.prod.region');
  });

  it('never prints a known secret, even with --debug', async () => {
    const run = await cli(['invoke', 'hello', '--debug', '-e', '{}'], { TENCENTCLOUD_SESSION_TOKEN: FAKE.tencent.token });
    expect(run.stderr).toContain('debug:');
  });
});
