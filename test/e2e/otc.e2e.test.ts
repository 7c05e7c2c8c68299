/**
 * The built CLI, spawned: what only `otc` (FunctionGraph on the Open Telekom Cloud) has: its endpoint, keeping the
 * two FunctionGraph clouds apart, its IAM token and clouds.yaml. Every exit code and output mode of the contract is
 * in the conformance matrix (conformance/matrix.e2e.test.ts).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_IAM_TOKEN } from '../../src/providers/huawei/emulator/verify.js';
import { DEMO_OTC_IAM_TOKEN } from '../../src/providers/otc/emulator/verify.js';
import { cleanEnv, type CliRun } from '../helpers/cli.js';
import { FAKE } from '../helpers/secrets.js';
import { E2E_CASES } from './conformance/cases.js';
import { checkedCli, connectionsDuring, useProviderCli } from './conformance/harness.js';

const { emulator } = useProviderCli('otc');
const otcEnv = E2E_CASES.find((row) => row.id === 'otc')!.env;
const checked = checkedCli({}, [DEMO_OTC_IAM_TOKEN]);

/** Runs the CLI with `env` as the only cloud variables. */
function cli(args: string[], env: Record<string, string | undefined> = otcEnv): Promise<CliRun> {
  return checked(args, { env: cleanEnv(env) });
}

describe('fcinvoke invoke otc (built CLI)', () => {
  it('shows the OTC endpoint in --dry-run', async () => {
    const run = await cli(['invoke', 'otc', 'hello', '--region', 'eu-de', '--dry-run']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      `'https://functiongraph.eu-de.otc.t-systems.com/v2/${FAKE.otc.project}/fgs/functions/urn:fss:eu-de:${FAKE.otc.project}:function:default:hello:latest/invocations'`,
    );
    const nl = await cli(['invoke', 'opentelekomcloud', 'hello', '--region', 'eu-nl', '--dry-run']);
    expect(nl.stdout).toContain('https://functiongraph.eu-nl.otc.t-systems.com/');
  });

  it('invokes with OTC_SDK_* keys; the emulator counts it as otc', async () => {
    emulator().resetLedger();
    const run = await cli(['invoke', 'otc', 'hello', '-e', '{"name":"Ada"}', '--endpoint', emulator().url]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ message: 'Hello, Ada!' });
    expect(run.stderr).toMatch(/✔ ok\s+otc hello/);
    expect(emulator().ledger().invocations.map((entry) => entry.provider)).toEqual(['otc']);
  });

  it('signs with the OTC IAM token from OS_TOKEN or --token-file; a Huawei token is refused', async () => {
    const token = await cli(['invoke', 'otc', 'hello', '--endpoint', emulator().url], {
      OS_TOKEN: DEMO_OTC_IAM_TOKEN,
      OTC_SDK_REGION: 'eu-de',
      OTC_SDK_PROJECT_ID: FAKE.otc.project,
    });
    expect(token.code, token.stderr).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'fcinvoke-otc-'));
    writeFileSync(join(dir, 'token'), `${DEMO_IAM_TOKEN}\n`);
    const huawei = await cli(['invoke', 'otc', 'hello', '--endpoint', emulator().url, '--token-file', join(dir, 'token')]);
    expect(huawei.code).toBe(3);
    expect(huawei.stderr).toContain('APIGW.0301');
  });

  it('keeps the clouds apart: OTC keys are not Huawei keys, and the other way round', async () => {
    const huaweiWithOtcKeys = await cli(
      ['invoke', 'huawei', 'hello', '--region', 'cn-north-4', '--project-id', FAKE.huawei.project, '--endpoint', emulator().url],
      { HUAWEICLOUD_SDK_AK: FAKE.otc.id, HUAWEICLOUD_SDK_SK: FAKE.otc.secret },
    );
    expect(huaweiWithOtcKeys.code).toBe(3);
    expect(huaweiWithOtcKeys.stderr).toContain('APIGW.0301');
    const otcWithHuaweiKeys = await cli(['invoke', 'otc', 'hello', '--endpoint', emulator().url], {
      OTC_SDK_AK: FAKE.huawei.id,
      OTC_SDK_SK: FAKE.huawei.secret,
      OTC_SDK_REGION: 'eu-de',
      OTC_SDK_PROJECT_ID: FAKE.otc.project,
    });
    expect(otcWithHuaweiKeys.code).toBe(3);
    expect(otcWithHuaweiKeys.stderr).toContain('APIGW.0301');
    expect(otcWithHuaweiKeys.stderr).toContain('OTC_SDK_AK');
    const noOtc = await cli(['invoke', 'otc', 'hello', '--region', 'eu-de', '--project-id', FAKE.otc.project], {
      HUAWEICLOUD_SDK_AK: FAKE.huawei.id,
      HUAWEICLOUD_SDK_SK: FAKE.huawei.secret,
    });
    expect(noOtc.code).toBe(2);
    expect(noOtc.stderr).toContain('missing Open Telekom Cloud credentials: set OTC_SDK_AK and OTC_SDK_SK');
  });

  it('refuses a region outside OTC, and huawei refuses an OTC region naming otc; nothing is sent', async () => {
    const connections = await connectionsDuring(async (url) => {
      const otc = await cli(['invoke', 'otc', 'hello', '--region', 'cn-north-4', '--endpoint', url]);
      expect(otc.code).toBe(2);
      expect(otc.stderr).toContain("invalid Open Telekom Cloud region 'cn-north-4' (its regions are eu-de, eu-nl)");
      const urn = await cli(['invoke', 'otc', `urn:fss:ap-southeast-1:${FAKE.otc.project}:function:default:hello:latest`, '--endpoint', url], {
        OTC_SDK_AK: FAKE.otc.id,
        OTC_SDK_SK: FAKE.otc.secret,
      });
      expect(urn.code).toBe(2);
      const huawei = await cli(['invoke', 'huawei', 'hello', '--region', 'eu-de', '--project-id', FAKE.huawei.project, '--endpoint', url], {
        HUAWEICLOUD_SDK_AK: FAKE.huawei.id,
        HUAWEICLOUD_SDK_SK: FAKE.huawei.secret,
      });
      expect(huawei.code).toBe(2);
      expect(huawei.stderr).toContain('error: eu-de is not a Huawei Cloud FunctionGraph region');
      expect(huawei.stderr).toContain('hint: eu-de belongs to another cloud: invoke it with the otc provider');
    });
    expect(connections).toBe(0);
  });

  it('reads AK/SK, project id and region from clouds.yaml selected by OS_CLOUD', async () => {
    const home = mkdtempSync(join(tmpdir(), 'fcinvoke-otc-home-'));
    mkdirSync(join(home, '.config', 'openstack'), { recursive: true });
    writeFileSync(
      join(home, '.config', 'openstack', 'clouds.yaml'),
      `clouds:\n  prod:\n    auth:\n      ak: ${FAKE.otc.id}\n      sk: ${FAKE.otc.secret}\n      project_id: ${FAKE.otc.project}\n    region_name: eu-nl\n  other:\n    auth:\n      username: u\n`,
    );
    const run = await cli(['invoke', 'otc', 'hello', '--endpoint', emulator().url, '--json'], { HOME: home, OS_CLOUD: 'prod' });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'ok', provider: 'otc' });
    const shown = await cli(['config', 'show'], { HOME: home, OS_CLOUD: 'prod' });
    expect(shown.stdout).toMatch(/credentials\.otc .* ~\/\.config\/openstack\/clouds\.yaml cloud prod/);
  });

  it('is listed by fcinvoke providers with its variables', async () => {
    const run = await cli(['providers', '--json'], {});
    const otc = (JSON.parse(run.stdout) as { id: string; aliases: string[]; credentials: Record<string, unknown>; identifiers: unknown[] }[]).find(
      (row) => row.id === 'otc',
    );
    expect(otc).toMatchObject({
      aliases: ['opentelekomcloud', 'otc-fgs'],
      credentials: { id: 'OTC_SDK_AK', secret: 'OTC_SDK_SK', iamToken: 'OS_TOKEN' },
      identifiers: [
        { flag: '--region', env: 'OTC_SDK_REGION' },
        { flag: '--project-id', env: 'OTC_SDK_PROJECT_ID' },
      ],
    });
  });
});
