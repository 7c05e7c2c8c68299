import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../src/core/errors.js';
import { parseEndpoint, parseEventBytes, parseEventJson, parseStringMap, parseTimeoutMs } from '../../src/cli/options.js';

describe('parseEventJson', () => {
  it('returns the exact bytes of valid JSON, not a re-serialization', () => {
    expect(new TextDecoder().decode(parseEventJson('{ "a" : 1 }', '--event'))).toBe('{ "a" : 1 }');
  });

  it('names the line and column of a syntax error', () => {
    const error = (() => {
      try {
        parseEventJson('{\n  "a": 1,\n  oops\n}', '--event');
      } catch (thrown) {
        return thrown as InputError;
      }
      throw new Error('did not throw');
    })();
    expect(error).toBeInstanceOf(InputError);
    expect(error.exitCode).toBe(2);
    expect(error.line).toBe(3);
    expect(error.column).toBe(3);
    expect(error.message).toMatch(/^invalid event JSON in --event at line 3, column 3: /);
  });

  it('places a truncated document at its end', () => {
    expect(() => parseEventJson('{"a":', 'x')).toThrow(/line 1, column 6/);
  });
});

describe('parseEventBytes', () => {
  it('turns an empty input into {}', () => {
    expect(new TextDecoder().decode(parseEventBytes(new Uint8Array(), 'stdin'))).toBe('{}');
  });

  it('drops a UTF-8 byte-order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"a":1}')]);
    expect(new TextDecoder().decode(parseEventBytes(bytes, 'file'))).toBe('{"a":1}');
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => parseEventBytes(new Uint8Array([0x22, 0xff, 0x22]), 'file')).toThrow(/not valid UTF-8/);
  });
});

describe('parseTimeoutMs', () => {
  it('accepts a positive whole number', () => {
    expect(parseTimeoutMs('1500')).toBe(1500);
  });

  it.each(['0', '-1', '1.5', 'abc', ''])('refuses %j', (value) => {
    expect(() => parseTimeoutMs(value)).toThrow(UsageError);
  });
});

describe('parseStringMap', () => {
  it('accepts an object of strings', () => {
    expect(parseStringMap('{"user":"42"}', '--routing-key')).toEqual({ user: '42' });
  });

  it.each(['[1]', '"x"', '{"a":1}', '{bad'])('refuses %j', (value) => {
    expect(() => parseStringMap(value, '--routing-key')).toThrow(UsageError);
  });
});

describe('parseEndpoint', () => {
  it('keeps scheme, host and port', () => {
    expect(parseEndpoint('https://scf.ap-singapore.tencentcloudapi.com', false)).toBe(
      'https://scf.ap-singapore.tencentcloudapi.com',
    );
    expect(parseEndpoint('http://127.0.0.1:9000', false)).toBe('http://127.0.0.1:9000');
    expect(parseEndpoint('http://localhost:9000/', false)).toBe('http://localhost:9000');
  });

  it('assumes https for a bare host', () => {
    expect(parseEndpoint('scf.tencentcloudapi.com', false)).toBe('https://scf.tencentcloudapi.com');
  });

  it('refuses plain http to a host that is not loopback unless allowed', () => {
    expect(() => parseEndpoint('http://10.0.0.8:9000', false)).toThrow(/in the clear/);
    expect(parseEndpoint('http://10.0.0.8:9000', true)).toBe('http://10.0.0.8:9000');
  });

  it('refuses a path, credentials or another scheme', () => {
    expect(() => parseEndpoint('https://example.com/api', false)).toThrow(/scheme, host and port only/);
    expect(() => parseEndpoint('https://user:pw@example.com', false)).toThrow(UsageError);
    expect(() => parseEndpoint('ftp://example.com', false)).toThrow(/https/);
  });
});
