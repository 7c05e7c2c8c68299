/** FC 2.0 input checks, endpoint and request building (providers.md §4.1, §4.2, §4.5). */
import { describe, expect, it } from 'vitest';
import { ConfigError, InputError } from '../../src/core/errors.js';
import { aliyunFc2Provider } from '../../src/providers/aliyun-fc2/index.js';
import { buildFc2Request, fc2DefaultEndpoint, fc2Target, validateFc2Input } from '../../src/providers/aliyun-fc2/request.js';
import { inputMaker, thrown } from '../conformance/cases.js';

const input = inputMaker('aliyun-fc2');

describe('fc2Target', () => {
  it('splits service/function', () => {
    expect(fc2Target({ functionName: 'orders/process' })).toEqual({ service: 'orders', function: 'process' });
  });

  it('takes the bare name with --service', () => {
    expect(fc2Target({ functionName: 'process', service: 'orders' })).toEqual({ service: 'orders', function: 'process' });
  });

  it('accepts --service equal to the one in the name', () => {
    expect(fc2Target({ functionName: 'orders/process', service: 'orders' })).toEqual({ service: 'orders', function: 'process' });
  });

  it('refuses two different services', () => {
    const error = thrown(() => fc2Target({ functionName: 'a/process', service: 'b' }));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
  });

  it('asks for a service when there is none, naming --service', () => {
    const error = thrown(() => fc2Target({ functionName: 'process' }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('--service');
  });
});

describe('fc2DefaultEndpoint', () => {
  it('puts the account id and region in the host', () => {
    expect(fc2DefaultEndpoint({ region: 'cn-shanghai', accountId: '42' })).toBe('https://42.cn-shanghai.fc.aliyuncs.com');
  });

  it('names the flag and the variable for a missing region', () => {
    const error = thrown(() => fc2DefaultEndpoint({ accountId: '42' })) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('--region');
    expect(error.message).toContain('ALIBABA_CLOUD_REGION_ID');
  });

  it('names the flag and the variable for a missing account id', () => {
    const error = thrown(() => fc2DefaultEndpoint({ region: 'cn-hangzhou' })) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('--account-id');
    expect(error.message).toContain('ALIBABA_CLOUD_ACCOUNT_ID');
  });
});

describe('validateFc2Input', () => {
  it('accepts a well-formed input with a qualifier and an async task id', () => {
    expect(() => validateFc2Input(input({ qualifier: 'LATEST' }))).not.toThrow();
    expect(() => validateFc2Input(input({ qualifier: '12' }))).not.toThrow();
    expect(() => validateFc2Input(input({ invocationType: 'async', taskId: '_job-1' }))).not.toThrow();
  });

  it.each([
    ['a service starting with a digit', { functionName: '1svc/hello' }, 'input.service'],
    ['a function with a dot', { functionName: 'svc/he.llo' }, 'input.function_name'],
    ['a function longer than 64 characters', { functionName: `svc/${'f'.repeat(65)}` }, 'input.function_name'],
    ['an empty function', { functionName: 'svc/' }, 'input.function_name'],
    ['a nested path', { functionName: 'svc/a/b' }, 'input.function_name'],
    ['a qualifier with a dot', { qualifier: 'v1.2' }, 'input.qualifier'],
    ['a malformed region', { region: 'Hangzhou' }, 'input.region'],
    ['a non-numeric account id', { accountId: 'acct-1' }, 'input.account_id'],
    ['a task id on a sync call', { taskId: 'job' }, 'input.task_id'],
    ['a task id starting with a digit', { invocationType: 'async' as const, taskId: '9job' }, 'input.task_id'],
  ])('refuses %s with exit 2', (_label, overrides, code) => {
    const error = thrown(() => validateFc2Input(input(overrides))) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.code).toBe(code);
    expect(error.exitCode).toBe(2);
  });

  it('refuses a missing region and a missing account id as config errors', () => {
    expect((thrown(() => validateFc2Input(input({ region: undefined }))) as ConfigError).code).toBe('config.missing_region');
    expect((thrown(() => validateFc2Input(input({ accountId: undefined }))) as ConfigError).code).toBe(
      'config.missing_account_id',
    );
  });

  it('allows exactly 128 KB for async and refuses one byte more', () => {
    const limit = aliyunFc2Provider.limits.maxEventBytes.async;
    expect(limit).toBe(131072);
    expect(() => validateFc2Input(input({ invocationType: 'async', event: new Uint8Array(limit) }))).not.toThrow();
    const error = thrown(() => validateFc2Input(input({ invocationType: 'async', event: new Uint8Array(limit + 1) }))) as InputError;
    expect(error.code).toBe('input.event_too_large');
    expect(error.message).toContain('at most 131072 bytes');
  });

  it('allows 32 MB for sync and refuses one byte more', () => {
    const limit = aliyunFc2Provider.limits.maxEventBytes.sync;
    expect(limit).toBe(32 * 1024 * 1024);
    expect(() => validateFc2Input(input({ event: new Uint8Array(limit) }))).not.toThrow();
    expect((thrown(() => validateFc2Input(input({ event: new Uint8Array(limit + 1) }))) as InputError).code).toBe(
      'input.event_too_large',
    );
  });
});

describe('buildFc2Request', () => {
  it('sends None as the log type with --no-log', () => {
    expect(buildFc2Request(input({ logs: false })).headers['x-fc-log-type']).toBe('None');
  });

  it('keeps the event bytes exactly and strips a trailing slash from the endpoint', () => {
    const event = new TextEncoder().encode('{ "spaced" : true }');
    const request = buildFc2Request(input({ event, endpoint: 'http://127.0.0.1:9000/' }));
    expect(request.body).toBe(event);
    expect(request.url).toBe('http://127.0.0.1:9000/2016-08-15/services/demo/functions/hello/invocations');
  });

  it('percent-encodes names in the path', () => {
    expect(buildFc2Request(input({ functionName: 'a b/c+d' })).url).toContain('/services/a%20b/functions/c%2Bd/invocations');
  });
});
