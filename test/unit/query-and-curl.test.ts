import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { renderCurl, renderRequestJson, shellQuote } from '../../src/output/curl.js';
import { parseQuery, renderQueryValue, selectQuery } from '../../src/output/query.js';

describe('--query: JMESPath', () => {
  const result = {
    result: { items: [{ id: 'a1', price: 5 }, { id: 'b2', price: 20 }], 'odd key': 3 },
    metrics: { durationMs: 1.5 },
    error: null,
  };
  const select = async (expression: string) => selectQuery(result, await parseQuery(expression));

  it('selects with the paths users already write', async () => {
    expect(await select('result.items[1].id')).toBe('b2');
    expect(await select('result."odd key"')).toBe(3);
    expect(await select('result.items[5].id')).toBeNull();
    expect(await select('error.code')).toBeNull();
  });

  it('speaks JMESPath: filters, projections, functions, multiselect', async () => {
    expect(await select('result.items[?price > `10`].id')).toEqual(['b2']);
    expect(await select('result.items[*].id')).toEqual(['a1', 'b2']);
    expect(await select('length(result.items)')).toBe(2);
    expect(await select('{first: result.items[0].id, ms: metrics.durationMs}')).toEqual({ first: 'a1', ms: 1.5 });
  });

  it('prints like jq -r: strings bare, others as JSON, nothing as null', () => {
    expect(renderQueryValue('b2')).toBe('b2\n');
    expect(renderQueryValue({ durationMs: 1.5 })).toBe('{"durationMs":1.5}\n');
    expect(renderQueryValue(undefined)).toBe('null\n');
  });

  it.each(['', '   ', 'a..b', 'a[x', '[0', 'a.', 'items[?', 'nosuch(a)', 'length(a, b)', 'result["odd key"]'])('refuses the malformed expression %j before sending', async (expression) => {
    await expect(parseQuery(expression)).rejects.toThrow(UsageError);
  });

  it('names a function given the wrong type, as a usage error', async () => {
    await expect(select('length(metrics.durationMs)')).rejects.toThrow(/--query: .*length/);
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
