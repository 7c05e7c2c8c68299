import { describe, expect, it } from 'vitest';
import { iniValue, parseIni, parseIniFile } from '../../src/config/native/ini.js';
import { ConfigError } from '../../src/core/errors.js';

describe('parseIni', () => {
  it('reads sections, both separators, comments, CRLF, quotes and a BOM', () => {
    const parsed = parseIni('\uFEFF; top comment\r\n[default]\r\nsecret_id = abc\r\n# note\r\nregion: ap-guangzhou\r\n\r\n[other]\r\ntoken = "a=b;c#d"\r\n');
    expect(parsed).toEqual({
      ok: true,
      value: { default: { secret_id: 'abc', region: 'ap-guangzhou' }, other: { token: 'a=b;c#d' } },
    });
  });

  it('keeps # and ; inside values, because secrets may contain them', () => {
    const parsed = parseIni('[s]\nsk = abc#def;ghi\n');
    expect(parsed.ok && parsed.value.s?.sk).toBe('abc#def;ghi');
  });

  it('splits on the first separator so values may contain = and :', () => {
    const parsed = parseIni('[s]\ntoken = x=y:z==\n');
    expect(parsed.ok && parsed.value.s?.token).toBe('x=y:z==');
  });

  it('reports the line of a line without a separator, without quoting it', () => {
    expect(parseIni('[s]\nak = 1\nsecret-without-equals\n')).toEqual({ ok: false, line: 3, reason: 'expected key = value' });
    expect(parseIni('[unclosed\n')).toMatchObject({ ok: false, line: 1 });
  });

  it('looks keys up case-insensitively and treats empty values as absent', () => {
    const section = { Secret_ID: 'abc', token: '' };
    expect(iniValue(section, 'secret_id')).toBe('abc');
    expect(iniValue(section, 'token')).toBeUndefined();
    expect(iniValue(section, 'missing')).toBeUndefined();
  });
});

describe('parseIniFile', () => {
  it('throws a ConfigError naming the file and line but not the line text', () => {
    const secret = 'fcinvokeFAKEsecretKEY0000000000001';
    let caught: unknown;
    try {
      parseIniFile(`[default]\n${secret}\n`, '~/.tencentcloud/credentials');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).message).toBe('~/.tencentcloud/credentials line 2: expected key = value');
    expect((caught as ConfigError).message).not.toContain(secret);
  });
});
