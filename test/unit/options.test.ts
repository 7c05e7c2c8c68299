import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../src/core/errors.js';
import { BOUNDS, MAX_TIMER_MS } from '../../src/config/bounds.js';
import {
  parseBounded,
  parseBoundedFlags,
  parseEndpoint,
  parseEventBytes,
  parseEventJson,
  parseStringMap,
  parseTimeoutMs,
  refuseEmpty,
} from '../../src/cli/options.js';
import { thrown } from '../conformance/cases.js';

describe('parseEventJson', () => {
  it('returns the exact bytes of valid JSON, not a re-serialization', () => {
    expect(new TextDecoder().decode(parseEventJson('{ "a" : 1 }', '--event'))).toBe('{ "a" : 1 }');
  });

  it('names the line and column of a syntax error', () => {
    const error = thrown(() => parseEventJson('{\n  "a": 1,\n  oops\n}', '--event')) as InputError;
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
  it('refuses an empty or blank input, naming --raw-event', () => {
    expect(() => parseEventBytes(new Uint8Array(), 'stdin')).toThrow(/stdin is empty: .*--raw-event/);
    expect(() => parseEventBytes(new TextEncoder().encode(' \n'), 'stdin')).toThrow(/--raw-event/);
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

  it('accepts the longest delay a Node timer honours, and refuses one more (it would fire after 1 ms)', () => {
    expect(parseTimeoutMs(String(MAX_TIMER_MS))).toBe(2_147_483_647);
    expect(() => parseTimeoutMs('2147483648')).toThrow(
      "--timeout takes a whole number of milliseconds from 1 to 2147483647, not '2147483648'",
    );
  });
});

describe('parseBounded', () => {
  it('names the option, the range and the value', () => {
    expect(() => parseBounded('11', BOUNDS.retries)).toThrow("--retries takes a whole number from 0 to 10, not '11'");
    expect(() => parseBounded('0', BOUNDS.concurrency)).toThrow("--concurrency takes a whole number from 1 to 1024, not '0'");
    expect(() => parseBounded('1025', BOUNDS.concurrency)).toThrow(/from 1 to 1024, not '1025'/);
    expect(() => parseBounded('2147483648', BOUNDS.deadline)).toThrow(
      "--deadline takes a whole number of milliseconds from 1 to 2147483647, not '2147483648'",
    );
    expect(() => parseBounded('1000001', BOUNDS.repeat)).toThrow(/--repeat takes a whole number from 1 to 1000000/);
  });

  it('accepts both ends of every range', () => {
    for (const bound of Object.values(BOUNDS)) {
      expect(parseBounded(String(bound.min), bound)).toBe(bound.min);
      expect(parseBounded(String(bound.max), bound)).toBe(bound.max);
    }
  });

  it('refuses numbers too large to be exact', () => {
    expect(() => parseBounded('99999999999999999999', BOUNDS.timeout)).toThrow(UsageError);
  });
});

describe('parseBoundedFlags', () => {
  it('checks every numeric flag given, and only those', () => {
    expect(parseBoundedFlags({ timeout: '5', retries: '0' })).toEqual({ timeout: 5, retries: 0 });
    expect(() => parseBoundedFlags({ timeout: '5', deadline: '2147483648' })).toThrow(/^--deadline takes/);
    expect(() => parseBoundedFlags({ repeat: '0' })).toThrow(/^--repeat takes/);
  });
});

describe('refuseEmpty', () => {
  it('refuses an empty value with a hint about unset shell variables', () => {
    const error = thrown(() => refuseEmpty('', '--endpoint')) as UsageError;
    expect(error.message).toBe('--endpoint is empty: give a value, or leave the option out');
    expect(error.hint).toMatch(/shell variable/);
    expect(error.exitCode).toBe(2);
  });

  it('refuses a blank value, and lets any other through', () => {
    expect(() => refuseEmpty(' \t', '--region')).toThrow('--region is blank: give a value, or leave the option out');
    expect(() => refuseEmpty('ap-guangzhou', '--region')).not.toThrow();
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
