/**
 * Issue 14's acceptance matrix through the built CLI: for each cloud, a role assumed with static keys, OIDC
 * federation from a token file, and the instance role each invoke a function with the temporary credentials they
 * yield — against an emulator server (FCINVOKE_STS_ENDPOINT / FCINVOKE_METADATA_ENDPOINT) and with `--local`, where
 * the whole chain runs in-process. One table, one driver; the cloud-specific exchanges have their own tests in
 * test/credentials/.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS } from '../../src/emulator/demo-credentials.js';
import { cleanEnv, runCli, type CliRun } from '../helpers/cli.js';
import { useEmulator } from '../helpers/emulator.js';
import { tempDir } from '../helpers/exchange.js';
import { expectNoSecrets } from '../helpers/secrets.js';

const emulator = await useEmulator();
const oidcToken = emulator.issuer.mintOidcToken({ subject: 'project_path:example/app:ref_type:branch:ref:main' });
const runs: CliRun[] = [];
afterEach(() => {
  for (const run of runs.splice(0)) {
    expectNoSecrets(run.stdout, run.stderr);
    for (const demo of Object.values(DEMO_CREDENTIALS)) expect(run.stdout + run.stderr).not.toContain(demo.accessKeySecret);
    expect(run.stdout + run.stderr).not.toContain(oidcToken);
  }
});

type Cloud = 'tencent' | 'aliyun' | 'huawei' | 'otc';
type Kind = 'role from static keys' | 'OIDC token file' | 'instance role';

/** Each cloud's settings, and its credentials block for each kind of source (YAML, `TOKEN` = the token file). */
const CLOUDS: Record<Cloud, { settings: string; service: Record<Kind, string>; yaml: Record<Kind, string>; unsigned?: string }> = {
  tencent: {
    settings: 'region: ap-guangzhou',
    service: { 'role from static keys': 'tencent-sts', 'OIDC token file': 'tencent-sts', 'instance role': 'tencent-metadata' },
    yaml: {
      'role from static keys': `role: {arn: "qcs::cam::uin/100000000001:roleName/deploy", sessionName: e2e}
        source: {secretId: ${DEMO_CREDENTIALS.tencent.accessKeyId}, secretKey: ${DEMO_CREDENTIALS.tencent.accessKeySecret}}`,
      'OIDC token file': `role: {arn: "qcs::cam::uin/100000000001:roleName/ci"}
        source: {oidcTokenFile: TOKEN, providerId: github}`,
      'instance role': 'instance',
    },
  },
  aliyun: {
    settings: 'region: cn-hangzhou\n    accountId: "1234567890123456"',
    service: { 'role from static keys': 'aliyun-sts', 'OIDC token file': 'aliyun-sts', 'instance role': 'aliyun-metadata' },
    yaml: {
      'role from static keys': `role: {arn: "acs:ram::1234567890123456:role/deploy", sessionName: e2e}
        source: {accessKeyId: ${DEMO_CREDENTIALS.aliyun.accessKeyId}, accessKeySecret: ${DEMO_CREDENTIALS.aliyun.accessKeySecret}}`,
      'OIDC token file': `role: {arn: "acs:ram::1234567890123456:role/ci", sessionName: ci}
        source: {oidcTokenFile: TOKEN, providerArn: "acs:ram::1234567890123456:oidc-provider/github"}`,
      'instance role': 'instance',
    },
  },
  huawei: {
    settings: 'region: cn-north-4\n    projectId: 0123456789abcdef0123456789abcdef',
    service: { 'role from static keys': 'huawei-iam', 'OIDC token file': 'huawei-iam', 'instance role': 'huawei-metadata' },
    yaml: {
      'role from static keys': `agency: {name: deploy, domainName: my-account, durationSeconds: 900}
        source: {ak: ${DEMO_CREDENTIALS.huawei.accessKeyId}, sk: ${DEMO_CREDENTIALS.huawei.accessKeySecret}}`,
      'OIDC token file': 'federated: {idpId: github, tokenFile: TOKEN}',
      'instance role': 'instance',
    },
  },
  otc: {
    settings: 'region: eu-de\n    projectId: f0e1d2c3b4a5968778695a4b3c2d1e0f',
    service: { 'role from static keys': 'huawei-iam', 'OIDC token file': 'huawei-iam', 'instance role': 'huawei-metadata' },
    yaml: {
      'role from static keys': `agency: {name: deploy, domainName: my-account, durationSeconds: 900}
        source: {ak: ${DEMO_CREDENTIALS.otc.accessKeyId}, sk: ${DEMO_CREDENTIALS.otc.accessKeySecret}}`,
      'OIDC token file': 'federated: {idpId: gitlab, tokenFile: TOKEN}',
      'instance role': 'instance',
    },
    // The emulator's Huawei and OTC IAM/metadata share their paths: an unsigned call names OTC by `/otc/`.
    unsigned: '/otc',
  },
};

const KINDS: readonly Kind[] = ['role from static keys', 'OIDC token file', 'instance role'];
const CASES = (Object.keys(CLOUDS) as Cloud[]).flatMap((cloud) => KINDS.map((kind) => [cloud, kind] as const));

function configFor(cloud: Cloud, kind: Kind): { dir: string; config: string } {
  const dir = tempDir();
  const tokenFile = join(dir, 'oidc-token');
  writeFileSync(tokenFile, `${oidcToken}\n`);
  const block = CLOUDS[cloud].yaml[kind].replace('TOKEN', JSON.stringify(tokenFile));
  const config = join(dir, 'fcinvoke.yaml');
  writeFileSync(config, `profiles:\n  default:\n    ${CLOUDS[cloud].settings}\n    credentials:\n      ${cloud}:\n        ${block}\n`, { mode: 0o600 });
  return { dir, config };
}

async function cli(args: string[], env: Record<string, string | undefined>): Promise<CliRun> {
  const run = await runCli(args, { env: cleanEnv(env) });
  runs.push(run);
  return run;
}

describe.each(CASES)('%s: %s', (cloud, kind) => {
  it('invokes on an emulator server with the temporary credentials, exchanging once', async () => {
    const { dir, config } = configFor(cloud, kind);
    const service = CLOUDS[cloud].service[kind];
    const before = emulator.exchanges()[service] ?? 0;
    const signed = kind === 'role from static keys';
    const origin = `${emulator.url}${signed ? '' : (CLOUDS[cloud].unsigned ?? '')}`;
    const env = { FCINVOKE_STS_ENDPOINT: origin, FCINVOKE_METADATA_ENDPOINT: origin, FCINVOKE_CACHE_DIR: join(dir, 'cache') };
    const args = ['invoke', cloud, 'hello', '--event', '{"name":"Ada"}', '--config', config, '--endpoint', emulator.url, '--debug'];
    const cacheState = async () => {
      const shown = await cli(['config', 'show', '--json', '--config', config], env);
      expect(shown.code, shown.stderr).toBe(0);
      return (JSON.parse(shown.stdout) as { credentials: Record<string, { cache: { state: string; expiresAt?: string } }> }).credentials[cloud]!.cache;
    };
    expect(await cacheState()).toEqual({ state: 'none' });
    const first = await cli(args, env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Hello, Ada!');
    expect(first.stderr).toMatch(/debug: credentials: .*\(fresh exchange\)/);
    const made = (emulator.exchanges()[service] ?? 0) - before;
    expect(made).toBeGreaterThanOrEqual(1);
    // `config show` reads the cache, and sends nothing.
    const cached = await cacheState();
    expect(cached.state).toBe('cached');
    expect(Date.parse(cached.expiresAt!)).toBeGreaterThan(Date.now());
    expect((emulator.exchanges()[service] ?? 0) - before).toBe(made);
    // The next one-off process finds them on disk: no exchange.
    const second = await cli(args, env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('(disk cache hit)');
    expect((emulator.exchanges()[service] ?? 0) - before).toBe(made);
  });

  it('runs the whole chain in-process with --local', async () => {
    const { config } = configFor(cloud, kind);
    const run = await cli(['invoke', cloud, 'hello', '--event', '{"name":"Ada"}', '--config', config, '--local', '--debug'], {});
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Hello, Ada!');
    expect(run.stderr).toMatch(/debug: credentials: .*\(fresh exchange\)/);
  });
});

describe('refusals keep the contract', () => {
  it('a role the STS refuses is exit 3, names the role and its trust policy, and sends nothing to the function', async () => {
    const { dir, config } = configFor('tencent', 'role from static keys');
    writeFileSync(config, `profiles:\n  default:\n    region: ap-guangzhou\n    credentials:\n      tencent:\n        role: {arn: "qcs::cam::uin/100000000001:roleName/fcinvoke-denied"}\n        source: {secretId: ${DEMO_CREDENTIALS.tencent.accessKeyId}, secretKey: ${DEMO_CREDENTIALS.tencent.accessKeySecret}}\n`);
    const run = await cli(['invoke', 'tencent', 'hello', '--config', config, '--endpoint', emulator.url], {
      FCINVOKE_STS_ENDPOINT: emulator.url,
      FCINVOKE_CACHE_DIR: join(dir, 'cache'),
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('fcinvoke-denied');
    expect(run.stderr).toMatch(/trust policy/);
    expect(run.stderr.trim().split('\n').filter((line) => line.startsWith('error:'))).toHaveLength(1);
  });

  it('an unreachable metadata service is exit 4', async () => {
    const { dir, config } = configFor('aliyun', 'instance role');
    const run = await cli(['invoke', 'aliyun', 'hello', '--config', config, '--endpoint', emulator.url], {
      FCINVOKE_METADATA_ENDPOINT: 'http://127.0.0.1:9',
      FCINVOKE_CACHE_DIR: join(dir, 'cache'),
    });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/metadata/i);
  });
});
