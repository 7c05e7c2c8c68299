/** Input validation and the request builder of the legacy v2 provider: bad input is exit 2 with nothing sent. */
import { describe, expect, it } from 'vitest';
import { ConfigError, InputError } from '../../src/core/errors.js';
import { tencentV2Provider } from '../../src/providers/tencent-v2/index.js';
import { inputMaker } from '../conformance/cases.js';

const MIB = 1024 * 1024;
const input = inputMaker('tencent-v2');

const event = (bytes: number) => new TextEncoder().encode(`"${'a'.repeat(bytes - 2)}"`);

describe('validateInput', () => {
  it('accepts a valid call with a long or short region code', () => {
    expect(() => tencentV2Provider.validateInput(input())).not.toThrow();
    expect(() => tencentV2Provider.validateInput(input({ region: 'gz' }))).not.toThrow();
  });

  it.each(['1abc', 'a', 'has space', 'ends-', `a${'b'.repeat(60)}`, 'ü-name'])('refuses the function name %j', (name) => {
    expect(() => tencentV2Provider.validateInput(input({ functionName: name }))).toThrow(InputError);
  });

  it('names the flag and the variable when the region is missing', () => {
    const attempt = () => tencentV2Provider.validateInput(input({ region: undefined }));
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/--region.*TENCENTCLOUD_REGION/);
  });

  it('refuses a malformed region', () => {
    expect(() => tencentV2Provider.validateInput(input({ region: 'AP_Guangzhou' }))).toThrow(InputError);
  });

  it.each([
    ['--qualifier', { qualifier: '$LATEST' }],
    ['--namespace', { namespace: 'default' }],
    ['--routing-key', { routingKey: { a: 'b' } }],
  ] as const)('refuses %s, which the legacy API does not have', (flag, overrides) => {
    expect(() => tencentV2Provider.validateInput(input(overrides))).toThrow(flag);
  });

  it.each(['sync', 'async'] as const)('accepts a %s event of exactly 1 MB and refuses one byte more', (invocationType) => {
    expect(() => tencentV2Provider.validateInput(input({ invocationType, event: event(MIB) }))).not.toThrow();
    const attempt = () => tencentV2Provider.validateInput(input({ invocationType, event: event(MIB + 1) }));
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow(/1048577 bytes/);
  });

  it('documents the same 1 MB limit for both invocation types', () => {
    expect(tencentV2Provider.limits.maxEventBytes).toEqual({ sync: MIB, async: MIB });
  });
});

describe('buildRequest, defaultEndpoint and sign', () => {
  it('defaults to the one legacy host whatever the region', () => {
    expect(tencentV2Provider.defaultEndpoint({ ...input(), region: 'ap-shanghai' })).toBe('https://scf.api.qcloud.com');
  });

  it('posts a form to /v2/index.php, trimming a trailing slash from the endpoint', () => {
    const request = tencentV2Provider.buildRequest(input({ endpoint: 'http://127.0.0.1:9000/' }));
    expect(request.method).toBe('POST');
    expect(request.url).toBe('http://127.0.0.1:9000/v2/index.php');
    expect(new TextDecoder().decode(request.body)).toBe(
      'Action=InvokeFunction&Region=ap-guangzhou&functionName=hello&invokeType=RequestResponse&logType=Tail&param=%7B%7D&SignatureMethod=HmacSHA256',
    );
  });

  it('asks for no log with --no-log', () => {
    expect(new TextDecoder().decode(tencentV2Provider.buildRequest(input({ logs: false })).body)).toContain('logType=None');
  });

  it('refuses a bearer token instead of keys', () => {
    const request = tencentV2Provider.buildRequest(input());
    expect(() => tencentV2Provider.sign(request, { kind: 'token', token: 't' }, { now: new Date(0), nonce: 1 })).toThrow(
      ConfigError,
    );
  });

  it('replaces signing parameters already present instead of sending them twice', () => {
    const keys = { kind: 'keys' as const, accessKeyId: 'AKIDx', accessKeySecret: 'secret' };
    const once = tencentV2Provider.sign(tencentV2Provider.buildRequest(input()), keys, { now: new Date(1e12), nonce: 5 });
    const twice = tencentV2Provider.sign(once, keys, { now: new Date(1e12), nonce: 5 });
    expect(new TextDecoder().decode(twice.body)).toBe(new TextDecoder().decode(once.body));
  });
});
