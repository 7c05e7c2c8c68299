/**
 * The built CLI, spawned: what only `aliyun-fc2` (FC 2.0, functions inside services) has. Every exit code and
 * output mode of the contract is in the conformance matrix (conformance/matrix.e2e.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { cleanEnv } from '../helpers/cli.js';
import { FAKE } from '../helpers/secrets.js';
import { connectionsDuring, useProviderCli } from './conformance/harness.js';
import { useStsEmulator } from './conformance/sts.js';

const { env, cli, url } = useProviderCli('aliyun-fc2');
const sts = useStsEmulator('aliyun');

describe('fcinvoke invoke aliyun-fc2 (built CLI)', () => {
  it('accepts a bare name with --service and a qualifier', async () => {
    const run = await cli(['invoke', 'aliyun-fc2', 'echo', '--service', 'any_service', '-q', '3', '-e', '[1,"二"]', '--endpoint', url()]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([1, '二']);
    expect(run.stderr).toContain('echo:3');
  });

  it('reports the qualifier asked for with --json, not the version FC says ran', async () => {
    const asked = await cli(['invoke', 'fc2', 'demo/hello', '--json', '-q', 'prod', '--endpoint', url()]);
    expect(JSON.parse(asked.stdout)).toMatchObject({ status: 'ok', qualifier: 'prod' });
  });

  it('exits 2 naming --service when the function has no service, and sends nothing', async () => {
    let stderr = '';
    const connections = await connectionsDuring(async (url) => {
      const run = await cli(['invoke', 'fc2', 'hello', '--endpoint', url]);
      expect(run.code).toBe(2);
      stderr = run.stderr;
    });
    expect(stderr).toContain('--service');
    expect(connections).toBe(0);
  });

  it('signs with STS keys and the security token from the environment, and never prints the token', async () => {
    const run = await cli(['invoke', 'fc2', 'demo/hello', '--endpoint', sts().url, '--debug'], {
      env: { ...env, ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE.aliyun.stsId, ALIBABA_CLOUD_SECURITY_TOKEN: FAKE.aliyun.token },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('x-fc-security-token');
    expect(JSON.parse(run.stdout)).toEqual({ message: 'Hello, world!' });
  });

  it('runs a function of any service with --local and no credentials at all', async () => {
    const run = await cli(['invoke', 'fc2', 'my-service/hello', '--local', '-e', '{"name":"Ada"}'], { env: cleanEnv() });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ message: 'Hello, Ada!' });
  });
});
