/** FC 3.0 input checks and request building: bad input is refused before anything is sent. */
import { describe, expect, it } from 'vitest';
import { ConfigError, InputError } from '../../src/core/errors.js';
import { aliyunProvider } from '../../src/providers/aliyun/index.js';
import { aliyunDefaultEndpoint, aliyunInvokePath, buildAliyunRequest, validateAliyunInput } from '../../src/providers/aliyun/request.js';
import { inputMaker } from '../conformance/cases.js';

const input = inputMaker('aliyun');

describe('aliyunDefaultEndpoint', () => {
  it('puts the account id and region in the host', () => {
    expect(aliyunDefaultEndpoint({ region: 'ap-southeast-1', accountId: '42' })).toBe('https://42.ap-southeast-1.fc.aliyuncs.com');
  });

  it('names the flag and the variable when the account id is missing', () => {
    expect(() => aliyunDefaultEndpoint({ region: 'cn-hangzhou', accountId: undefined })).toThrow(ConfigError);
    expect(() => aliyunDefaultEndpoint({ region: 'cn-hangzhou', accountId: undefined })).toThrow(/--account-id.*ALIBABA_CLOUD_ACCOUNT_ID/);
  });

  it('names the flag and the variable when the region is missing', () => {
    expect(() => aliyunDefaultEndpoint({ region: '', accountId: '1' })).toThrow(/--region.*ALIBABA_CLOUD_REGION_ID/);
  });
});

describe('validateAliyunInput', () => {
  it('accepts a well-formed sync and async input', () => {
    expect(() => validateAliyunInput(input({ qualifier: 'LATEST' }))).not.toThrow();
    expect(() => validateAliyunInput(input({ invocationType: 'async', taskId: '_job-1' }))).not.toThrow();
    expect(() => aliyunProvider.validateInput(input({ functionName: '_a' }))).not.toThrow();
  });

  it.each(['', '1abc', '-abc', 'a/b', 'a b', 'x'.repeat(65), '函数'])('refuses the function name %j', (name) => {
    expect(() => validateAliyunInput(input({ functionName: name }))).toThrow(InputError);
  });

  it('refuses a missing account id or region with a ConfigError (exit 2)', () => {
    const error = (() => {
      try {
        validateAliyunInput(input({ accountId: undefined }));
      } catch (caught) {
        return caught as ConfigError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.exitCode).toBe(2);
    expect(error?.code).toBe('config.missing_account_id');
    expect(() => validateAliyunInput(input({ region: undefined }))).toThrow(/ALIBABA_CLOUD_REGION_ID/);
  });

  it('refuses a malformed region, account id, qualifier or task id', () => {
    expect(() => validateAliyunInput(input({ region: 'Hangzhou' }))).toThrow(InputError);
    expect(() => validateAliyunInput(input({ accountId: 'acct.example' }))).toThrow(InputError);
    expect(() => validateAliyunInput(input({ qualifier: 'a b' }))).toThrow(InputError);
    expect(() => validateAliyunInput(input({ invocationType: 'async', taskId: '9starts-with-digit' }))).toThrow(InputError);
  });

  it('refuses --task-id without --async', () => {
    expect(() => validateAliyunInput(input({ taskId: 'job' }))).toThrow(/--async/);
  });

  it('allows 32 MB sync and 128 KB async events, and refuses one byte more', () => {
    const sync = 32 * 1024 * 1024;
    const async = 128 * 1024;
    expect(() => validateAliyunInput(input({ event: new Uint8Array(sync) }))).not.toThrow();
    expect(() => validateAliyunInput(input({ event: new Uint8Array(sync + 1) }))).toThrow(/at most 33554432 bytes/);
    expect(() => validateAliyunInput(input({ invocationType: 'async', event: new Uint8Array(async) }))).not.toThrow();
    expect(() => validateAliyunInput(input({ invocationType: 'async', event: new Uint8Array(async + 1) }))).toThrow(InputError);
  });
});

describe('buildAliyunRequest', () => {
  it('percent-encodes the function name as the SDK signs it', () => {
    expect(aliyunInvokePath('a*b c')).toBe('/2023-03-30/functions/a%2Ab%20c/invocations');
  });

  it('asks for no log on async calls and sends the task id', () => {
    const request = buildAliyunRequest(input({ invocationType: 'async', taskId: 'job_1' }));
    expect(request.headers['x-fc-invocation-type']).toBe('Async');
    expect(request.headers['x-fc-log-type']).toBe('None');
    expect(request.headers['x-fc-async-task-id']).toBe('job_1');
  });

  it('asks for no log with --no-log', () => {
    expect(buildAliyunRequest(input({ logs: false })).headers['x-fc-log-type']).toBe('None');
  });

  it('sends the event bytes unchanged as the body', () => {
    const event = new TextEncoder().encode('{ "spaced" : "json" }');
    expect(buildAliyunRequest(input({ event })).body).toEqual(event);
  });

  it('trims a trailing slash from the endpoint', () => {
    expect(buildAliyunRequest(input({ endpoint: 'http://127.0.0.1:9000/' })).url).toBe(
      'http://127.0.0.1:9000/2023-03-30/functions/hello/invocations',
    );
  });
});
