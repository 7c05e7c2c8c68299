/** The human renderer, colour off and on, for ok, function error and API error. */
import { describe, expect, it } from 'vitest';
import type { Invocation } from '../../src/core/result.js';
import { errorLine, formatBytes, formatMs, renderPayload, renderSummary } from '../../src/output/human.js';
import { PLAIN_STYLE, type Style } from '../../src/output/style.js';

const BRACKETS: Style = {
  ok: (t) => `<ok>${t}</ok>`,
  fail: (t) => `<fail>${t}</fail>`,
  warn: (t) => `<warn>${t}</warn>`,
  dim: (t) => `<dim>${t}</dim>`,
  bold: (t) => `<b>${t}</b>`,
  key: (t) => `<k>${t}</k>`,
  string: (t) => `<s>${t}</s>`,
  number: (t) => `<n>${t}</n>`,
};

const ok: Invocation = {
  result: {
    provider: 'tencent',
    function: 'hello',
    qualifier: '$LATEST',
    invocationType: 'sync',
    status: 'ok',
    requestId: 'req-1',
    functionRequestId: 'exec-1',
    result: { message: 'hi', n: 2 },
    logs: 'line one\nline two\n',
    metrics: { durationMs: 12.345, billedDurationMs: 13, memoryUsedBytes: 8 * 1024 * 1024 },
    error: null,
  },
  payload: new TextEncoder().encode('{"message":"hi","n":2}'),
  details: { httpStatus: 200 },
};

const apiError: Invocation = {
  result: {
    ...ok.result,
    status: 'api_error',
    result: null,
    logs: null,
    functionRequestId: null,
    metrics: { durationMs: null, billedDurationMs: null, memoryUsedBytes: null },
    error: { code: 'ResourceNotFound.Function', message: 'The function hello does not exist.' },
  },
  payload: null,
  details: { httpStatus: 200, hint: 'check --region' },
};

const functionError: Invocation = {
  ...ok,
  result: { ...ok.result, status: 'function_error', error: { code: 'FunctionError.430', message: 'boom' } },
};

describe('renderSummary', () => {
  it('renders an ok result without colour', () => {
    expect(renderSummary(ok, PLAIN_STYLE)).toBe(
      [
        '✔ ok  tencent hello:$LATEST  request req-1  execution exec-1',
        '── log ──',
        'line one',
        'line two',
        '── end of log ──',
        'duration 12.3 ms · billed 13 ms · memory 8.0 MiB',
        '',
      ].join('\n'),
    );
  });

  it('renders an ok result with colour in the right places', () => {
    const text = renderSummary(ok, BRACKETS);
    expect(text.split('\n')[0]).toBe(
      '<ok>✔</ok> <b>ok</b>  tencent hello:$LATEST  <dim>request req-1</dim>  <dim>execution exec-1</dim>',
    );
    expect(text).toContain('<dim>duration 12.3 ms · billed 13 ms · memory 8.0 MiB</dim>');
  });

  it('renders an API error with its code, request id and hint', () => {
    const error = 'error: tencent ResourceNotFound.Function: The function hello does not exist. (request req-1)';
    expect(renderSummary(apiError, PLAIN_STYLE)).toBe(`✖ API error  tencent hello:$LATEST  request req-1\n${error}\nhint: check --region\n`);
    expect(renderSummary(apiError, BRACKETS)).toContain('<fail>error:</fail> tencent ResourceNotFound.Function');
  });

  it('renders a function error with the log still shown', () => {
    const text = renderSummary(functionError, PLAIN_STYLE);
    expect(text).toContain('✖ function error  tencent hello:$LATEST');
    expect(text).toContain('line two');
    expect(text.trimEnd().split('\n').at(-1)).toBe('error: function hello failed FunctionError.430: boom (request req-1)');
  });

  it('prints only the error lines when not verbose (--json, --raw)', () => {
    expect(renderSummary(ok, PLAIN_STYLE, false)).toBe('');
    expect(renderSummary(apiError, PLAIN_STYLE, false).split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('notes a truncated log', () => {
    expect(renderSummary({ ...ok, details: { logTruncated: true } }, PLAIN_STYLE)).toContain('keeps only the tail');
  });

  it('names the HTTP status of an API error that was not a 200', () => {
    expect(errorLine(apiError.result, 413, PLAIN_STYLE)).toContain('(HTTP 413, request req-1)');
  });
});

describe('renderPayload', () => {
  it('passes the bytes through untouched when stdout is not a terminal', () => {
    expect(renderPayload(ok, { tty: false, style: PLAIN_STYLE })).toBe(ok.payload);
  });

  it('pretty-prints JSON with a final newline at a terminal', () => {
    const text = new TextDecoder().decode(renderPayload(ok, { tty: true, style: PLAIN_STYLE })!);
    expect(text).toBe('{\n  "message": "hi",\n  "n": 2\n}\n');
  });

  it('colours keys, strings and numbers at a colour terminal', () => {
    const text = new TextDecoder().decode(renderPayload(ok, { tty: true, style: BRACKETS })!);
    expect(text).toContain('<k>"message"</k>: <s>"hi"</s>');
    expect(text).toContain('<k>"n"</k>: <n>2</n>');
  });

  it('prints nothing for a result without payload', () => {
    expect(renderPayload(apiError, { tty: true, style: PLAIN_STYLE })).toBeNull();
  });
});

describe('formatting', () => {
  it('formats durations and sizes', () => {
    expect(formatMs(5)).toBe('5 ms');
    expect(formatMs(1520)).toBe('1.52 s');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KiB');
  });
});

describe('text from outside on a terminal', () => {
  it('shows control characters escaped and cuts very long lines', async () => {
    const { printable } = await import('../../src/output/printable.js');
    expect(printable('a\u001b[31mb\u0001')).toBe('a\\x1b[31mb\\x01');
    expect(printable('x'.repeat(1000))).toBe(`${'x'.repeat(400)}…`);
  });

  it('escapes control characters in a provider error message', () => {
    const hostile: Invocation = {
      ...apiError,
      result: { ...apiError.result, error: { code: 'Bad', message: 'evil \u001b]0;title\u0007 text' } },
    };
    expect(renderSummary(hostile, PLAIN_STYLE)).toContain('evil \\x1b]0;title\\x07 text');
  });
});

describe('printableLog', () => {
  it('keeps lines, tabs and colours, and escapes what would drive the terminal', async () => {
    const { printableLog } = await import('../../src/output/human.js');
    expect(printableLog('a\tb\r\nc\n\u001b[31mred\u001b[0m')).toBe('a\tb\nc\n\u001b[31mred\u001b[0m');
    expect(printableLog('x\u001b]0;owned\u0007y\u001b[2Jz\rw')).toBe('x\\x1b]0;owned\\x07y\\x1b[2Jz\\x0dw');
  });
});
