/**
 * The built CLI, spawned: what only `huawei` (FunctionGraph) has. Every exit code and output mode of the contract
 * is in the conformance matrix (conformance/matrix.e2e.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { DEMO_IAM_TOKEN } from '../../src/providers/huawei/emulator/verify.js';
import { FAKE } from '../helpers/secrets.js';
import { connectionsDuring, useProviderCli } from './conformance/harness.js';
import { cleanEnv } from '../helpers/cli.js';

const { cli, at, url } = useProviderCli('huawei');

describe('fcinvoke invoke huawei (built CLI)', () => {
  it('asks for the v0 or v1 answer with --request-version and reads either (seed: X-CFF-Request-Version)', async () => {
    for (const version of ['v0', 'v1']) {
      const run = await cli(at('hello', '--event', '{"name":"Ada"}', '--request-version', version, '--json'));
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ status: 'ok', result: { message: 'Hello, Ada!' }, qualifier: null });
    }
    const refused = await cli(at('hello', '--request-version', 'v2'));
    expect(refused.code).toBe(2);
  });

  it('accepts a full alias URN and --qualifier alias:name', async () => {
    const urn = `urn:fss:cn-north-4:${FAKE.huawei.project}:function:default:echo:!prod`;
    const byUrn = await cli(['invoke', 'fgs', urn, '-e', '{"list":[1,2]}', '--endpoint', url(), '--json']);
    expect(byUrn.code).toBe(0);
    expect(JSON.parse(byUrn.stdout)).toMatchObject({ qualifier: '!prod', result: { list: [1, 2] } });
    const byAlias = await cli(['invoke', 'functiongraph', 'echo', '-q', 'alias:prod', '-e', '{"a":1}', '--endpoint', url(), '--json']);
    expect(JSON.parse(byAlias.stdout)).toMatchObject({ qualifier: '!prod', result: { a: 1 } });
  });

  it('authenticates with an IAM token from HUAWEICLOUD_AUTH_TOKEN, and exits 3 for a bad one', async () => {
    const tokenEnv = cleanEnv({
      HUAWEICLOUD_AUTH_TOKEN: DEMO_IAM_TOKEN,
      HUAWEICLOUD_SDK_REGION: 'cn-north-4',
      HUAWEICLOUD_SDK_PROJECT_ID: FAKE.huawei.project,
    });
    const ok = await cli(at('hello', '--json'), { env: tokenEnv });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ status: 'ok' });
    const bad = await cli(at('hello'), { env: { ...tokenEnv, HUAWEICLOUD_AUTH_TOKEN: 'MIIbadTOKEN' } });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('APIGW.0301');
  });

  it('refuses an event that is not a JSON object with exit 2 and sends nothing (seed Table 3)', async () => {
    const connections = await connectionsDuring(async (url) => {
      for (const event of ['[1,2]', '"text"', '42']) {
        const run = await cli(['invoke', 'huawei', 'echo', '-e', event, '--endpoint', url]);
        expect(run.code, event).toBe(2);
        expect(run.stderr).toMatch(/^error: the event must be a JSON object/);
      }
    });
    expect(connections).toBe(0);
  });
});
