/**
 * The built CLI, spawned: what only `aliyun` (FC 3.0) has. Every exit code and output mode of the contract is in
 * the conformance matrix (conformance/matrix.e2e.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { cleanEnv } from '../helpers/cli.js';
import { FAKE } from '../helpers/secrets.js';
import { useProviderCli } from './conformance/harness.js';
import { useStsEmulator } from './conformance/sts.js';

const { env, cli, at } = useProviderCli('aliyun');
const sts = useStsEmulator('aliyun');

describe('fcinvoke invoke aliyun (built CLI)', () => {
  it('sends the STS token from ALIBABA_CLOUD_SECURITY_TOKEN', async () => {
    const stsEnv = { ...env, ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE.aliyun.stsId, ALIBABA_CLOUD_SECURITY_TOKEN: FAKE.aliyun.token };
    const run = await cli(['invoke', 'aliyun', 'hello', '--endpoint', sts().url], { env: stsEnv });
    expect(run.code).toBe(0);
    const { ALIBABA_CLOUD_SECURITY_TOKEN: _token, ...withoutToken } = stsEnv;
    const refused = await cli(['invoke', 'aliyun', 'hello', '--endpoint', sts().url], { env: withoutToken });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('InvalidSecurityToken');
  });

  it('shows the task id FC generated for an --async call without --task-id, with --local too', async () => {
    const run = await cli(['invoke', 'aliyun', 'echo', '--async', '--local', '--json'], { env: cleanEnv() });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'ok', functionRequestId: expect.stringMatching(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/) });
  });

  it('takes --region and --account-id flags over the environment', async () => {
    const run = await cli(at('hello', '--region', 'cn-shanghai', '--account-id', '5555000011112222'), {
      env: cleanEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE.aliyun.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: FAKE.aliyun.secret }),
    });
    expect(run.code).toBe(0);
  });
});
