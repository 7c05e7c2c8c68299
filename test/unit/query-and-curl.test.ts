import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { renderCurl, renderRequestJson, shellQuote } from '../../src/output/curl.js';
import { parseQuery, renderQueryValue, selectQuery } from '../../src/output/query.js';

describe('--query paths', () => {
  const result = { result: { items: [{ id: 'a1' }, { id: 'b2' }], 'odd key': 3 }, metrics: { durationMs: 1.5 }, error: null };

  it('parses dots, indexes and quoted keys', () => {
    expect(parseQuery('result.items[1].id')).toEqual(['result', 'items', 1, 'id']);
    expect(parseQuery('result["odd key"]')).toEqual(['result', 'odd key']);
  });

  it('selects values, and undefined where the path leads nowhere', () => {
    expect(selectQuery(result, parseQuery('result.items[1].id'))).toBe('b2');
    expect(selectQuery(result, parseQuery('result["odd key"]'))).toBe(3);
    expect(selectQuery(result, parseQuery('result.items[5].id'))).toBeUndefined();
    expect(selectQuery(result, parseQuery('error.code'))).toBeUndefined();
    expect(selectQuery(result, parseQuery('result.items.length'))).toBeUndefined();
  });

  it('prints like jq -r: strings bare, others as JSON, nothing as null', () => {
    expect(renderQueryValue('b2')).toBe('b2\n');
    expect(renderQueryValue({ durationMs: 1.5 })).toBe('{"durationMs":1.5}\n');
    expect(renderQueryValue(undefined)).toBe('null\n');
  });

  it.each(['', 'a..b', 'a[x]', '[0', 'a.', '.a'])('refuses the malformed path %j before sending', (path) => {
    expect(() => parseQuery(path)).toThrow(UsageError);
  });
});

describe('--dry-run rendering', () => {
  const request = {
    method: 'POST' as const,
    url: 'https://scf.tencentcloudapi.com/',
    headers: { 'Content-Type': 'application/json', Authorization: 'TC3 … Signature=***' },
    body: new TextEncoder().encode(`{"Event":"{\\"a\\":\\"it's\\"}"}`),
  };

  it('renders a curl command a POSIX shell parses back to the same words', () => {
    const curl = renderCurl(request);
    const words = execFileSync('bash', ['-c', `set -- ${curl.trim().replace(/^curl /, '').replace(/\\\n/g, ' ')}; printf '%s\\0' "$@"`])
      .toString()
      .split('\0')
      .filter(Boolean);
    expect(words).toEqual([
      '-sS',
      '-X',
      'POST',
      'https://scf.tencentcloudapi.com/',
      '-H',
      'Content-Type: application/json',
      '-H',
      'Authorization: TC3 … Signature=***',
      '--data-binary',
      `{"Event":"{\\"a\\":\\"it's\\"}"}`,
    ]);
  });

  it('quotes single quotes for the shell', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it('renders JSON with the body as text, or base64 when it is not UTF-8', () => {
    expect(JSON.parse(renderRequestJson(request)).body).toBe(`{"Event":"{\\"a\\":\\"it's\\"}"}`);
    const binary = JSON.parse(renderRequestJson({ ...request, body: new Uint8Array([0xff, 0xfe]) }));
    expect(binary.bodyBase64).toBe('//4=');
  });
});
