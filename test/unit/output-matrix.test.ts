/**
 * What a person and a script see, for every provider: the human output (colour off and on) for ok, function
 * error and API error kept as snapshots, and every status's --json result validated against the schema.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { invocationResultSchema } from '../../src/output/result-schema.js';
import { cleanEnv, runMain, type CliRun } from '../helpers/cli.js';
import { expectNoSecrets, FAKE } from '../helpers/secrets.js';

const PROVIDERS = [
  { id: 'tencent', fn: (name: string) => name, extra: [] as string[] },
  { id: 'tencent-v2', fn: (name: string) => name, extra: [] },
  { id: 'aliyun', fn: (name: string) => name, extra: ['--account-id', FAKE.aliyun.account, '--region', 'cn-hangzhou'] },
  { id: 'aliyun-fc2', fn: (name: string) => `svc/${name}`, extra: ['--account-id', FAKE.aliyun.account, '--region', 'cn-hangzhou'] },
  { id: 'huawei', fn: (name: string) => name, extra: ['--project-id', FAKE.huawei.project, '--region', 'cn-north-4'] },
] as const;

/** Replaces what changes from run to run: ids, durations, memory, clock times, file paths. */
export function normalize(text: string): string {
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')
    .replace(/\b1-[0-9a-f]{8}-[0-9a-f]{24}\b/g, '<id>')
    .replace(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}( GMT\+\d{2}:\d{2})?/g, '<time>')
    .replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?Z?/g, '<time>')
    .replace(/(duration|billed|billing duration)(:)? [\d.]+ ?(ms|s)/g, '$1$2 <n> $3')
    .replace(/memory( used)?:? [\d.]+ ?(MiB|KiB|B|MB)/g, 'memory$1 <n> $2')
    .replace(/\(?(file:\/\/)?\/[^\s)]*\/src\/emulator\/functions\/builtins\.ts:\d+:\d+\)?/g, '<builtins>')
    .replace(/instance [A-Za-z0-9_-]+/g, 'instance <id>')
    .replace(/\b[0-9a-f]{32}\b/g, '<hex>');
}

async function local(provider: (typeof PROVIDERS)[number], name: string, extra: string[], env = cleanEnv()): Promise<CliRun> {
  const run = await runMain(['invoke', provider.id, provider.fn(name), '--local', ...provider.extra, ...extra], { env });
  expectNoSecrets(run.stdout, run.stderr);
  return run;
}

describe.each(PROVIDERS)('human output of $id', (provider) => {
  it.each([
    ['ok', 'hello', 0],
    ['function error', 'fail', 1],
    ['API error', 'no-such-function', 3],
  ] as const)('renders %s without colour', async (_label, name, code) => {
    const run = await local(provider, name, ['-e', '{"name":"Ada"}']);
    expect(run.code).toBe(code);
    expect(run.stderr).not.toMatch(/\u001b\[/);
    expect({ stdout: normalize(run.stdout), stderr: normalize(run.stderr) }).toMatchSnapshot();
  });

  it.each([
    ['ok', 'hello'],
    ['API error', 'no-such-function'],
  ] as const)('renders %s with colour when forced', async (_label, name) => {
    const run = await local(provider, name, [], cleanEnv({ FORCE_COLOR: '1' }));
    expect(run.stderr).toMatch(/\u001b\[/);
    expect(normalize(run.stderr)).toMatchSnapshot();
  });
});

describe.each(PROVIDERS)('--json results of $id match the schema for every status', (provider) => {
  function parse(run: CliRun) {
    return invocationResultSchema.parse(JSON.parse(run.stdout));
  }

  it('ok, function_error and api_error', async () => {
    expect(parse(await local(provider, 'hello', ['--json'])).status).toBe('ok');
    expect(parse(await local(provider, 'fail', ['--json'])).status).toBe('function_error');
    expect(parse(await local(provider, 'no-such-function', ['--json'])).status).toBe('api_error');
    expect(parse(await local(provider, 'echo', ['--json', '--async'])).invocationType).toBe('async');
  });

  it('outcome_unknown when the function outlasts --timeout', async () => {
    const run = await local(provider, 'sleep', ['--json', '-e', '{"ms":3000}', '--timeout', '300']);
    expect(run.code).toBe(5);
    expect(parse(run).status).toBe('outcome_unknown');
  });

  it('transport_error when nothing listens', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const env = cleanEnv({
      TENCENTCLOUD_SECRET_ID: FAKE.tencent.id,
      TENCENTCLOUD_SECRET_KEY: FAKE.tencent.secret,
      TENCENTCLOUD_REGION: 'ap-guangzhou',
      ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE.aliyun.id,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: FAKE.aliyun.secret,
      HUAWEICLOUD_SDK_AK: FAKE.huawei.id,
      HUAWEICLOUD_SDK_SK: FAKE.huawei.secret,
    });
    const run = await runMain(
      ['invoke', provider.id, provider.fn('hello'), ...provider.extra, '--json', '--endpoint', `http://127.0.0.1:${port}`],
      { env },
    );
    expect(run.code).toBe(4);
    expect(parse(run).status).toBe('transport_error');
    expectNoSecrets(run.stdout, run.stderr);
  });
});
