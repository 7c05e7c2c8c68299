import { describe, expect, it } from 'vitest';
import { redactAnswer } from '../../src/engine/invoke.js';
import { maskKeyId, quoteServerText, redactRequest, redactServerText, redactText } from '../../src/core/redact.js';
import type { Invocation } from '../../src/core/result.js';
import { FAKE } from '../helpers/secrets.js';
import { resultOf } from '../conformance/cases.js';

const credentials = {
  kind: 'keys' as const,
  accessKeyId: FAKE.tencent.id,
  accessKeySecret: FAKE.tencent.secret,
  securityToken: FAKE.tencent.token,
};

describe('redactRequest', () => {
  it('masks the signature and the token, and shows the key id masked the way config show does', () => {
    const printed = JSON.stringify(
      redactRequest(
        {
          method: 'POST',
          url: 'https://scf.tencentcloudapi.com/',
          headers: {
            Authorization: `TC3-HMAC-SHA256 Credential=${FAKE.tencent.id}/2023-11-14/scf/tc3_request, SignedHeaders=content-type;host, Signature=c0fb9f195cf206063d3f922575ed96c29cd3999ab64641fda3881824a5b087d3`,
            'X-TC-Token': FAKE.tencent.token,
            'Content-Type': 'application/json',
          },
          body: new TextEncoder().encode('{}'),
        },
        credentials,
      ),
    );
    expect(printed).not.toContain('c0fb9f195cf2');
    expect(printed).not.toContain(FAKE.tencent.token);
    expect(printed).toContain('Signature=***');
    expect(printed).not.toContain(FAKE.tencent.id);
    expect(printed).toContain(`Credential=${maskKeyId(FAKE.tencent.id)}/2023-11-14/scf/tc3_request`);
    expect(printed).toContain('"bodyBytes":2');
  });

  it('masks secrets in the query string', () => {
    const redacted = redactRequest(
      {
        method: 'GET',
        url: `https://scf.api.qcloud.com/v2/index.php?Action=InvokeFunction&SecretId=${FAKE.tencent.id}&Signature=abc%2Bdef&Token=${encodeURIComponent(FAKE.tencent.token)}`,
        headers: {},
        body: new Uint8Array(),
      },
      credentials,
    );
    expect(redacted.url).not.toContain('abc%2Bdef');
    expect(redacted.url).not.toContain(encodeURIComponent(FAKE.tencent.token));
    expect(redacted.url).toContain('Action=InvokeFunction');
  });
});

describe('redactText', () => {
  it('replaces every occurrence of each secret', () => {
    expect(redactText(`a ${FAKE.tencent.secret} b ${FAKE.tencent.secret}`, [FAKE.tencent.secret])).toBe('a *** b ***');
  });

  it('catches a secret a server quotes URL-encoded or JSON-escaped', () => {
    const token = 'tok/en+with=chars"and\\slashes';
    const echoed = `q=${encodeURIComponent(token)} j=${JSON.stringify(token)} s=${JSON.stringify(token).replace(/\//g, '\\/')}`;
    expect(redactText(echoed, [token])).toBe('q=*** j="***" s="***"');
  });
});

describe('quoteServerText', () => {
  it('masks before it cuts, so no part of a secret straddling the cut is left', () => {
    const secret = 'S'.repeat(20);
    // The secret spans characters 291–310: a cut at 300 before masking would leave its first ten showing.
    const text = `${'x'.repeat(290)} ${secret} ${'tail '.repeat(10)}`;
    const quoted = quoteServerText(text, [secret]);
    expect(quoted.startsWith(`${'x'.repeat(290)} *** tail`)).toBe(true);
    expect(quoted).toHaveLength(301);
    expect(quoted.endsWith('…')).toBe(true);
    expect(quoted).not.toContain('SSSS');
  });

  it('folds white space and line breaks into one line', () => {
    expect(quoteServerText('a\n\n  b\r\n\tc ', [])).toBe('a b c');
  });
});

describe('maskKeyId', () => {
  it('shows at most a quarter of the id at each end, nothing under 8 characters', () => {
    expect(maskKeyId('AKIDEXAMPLE0123456789')).toBe('AKID…6789');
    expect(maskKeyId('ABCDEFGH')).toBe('AB…GH');
    expect(maskKeyId('ABCDEFG')).toBe('****');
  });
});

describe('what comes back from a server', () => {
  const echoed = (text: string) =>
    [text, encodeURIComponent(text), JSON.stringify(text).slice(1, -1)].join(' | ');

  it('masks the secret and the token in any printed form a server may echo them in, and the key id', () => {
    const text = `headers: ${echoed(FAKE.tencent.token)} ${echoed(FAKE.tencent.secret)} id ${FAKE.tencent.id}`;
    const clean = redactServerText(text, credentials);
    expect(clean).not.toContain(FAKE.tencent.token);
    expect(clean).not.toContain(encodeURIComponent(FAKE.tencent.token));
    expect(clean).not.toContain(FAKE.tencent.secret);
    expect(clean).not.toContain(FAKE.tencent.id);
    expect(clean).toContain('***');
  });

  it('redacts every printed field of an answer: error, log, ids, hint, return value and payload bytes', () => {
    const token = FAKE.tencent.token;
    const invocation: Invocation = {
      result: resultOf('tencent', {
        ...{ status: 'api_error', requestId: `req-${token}`, result: { echoed: { [token]: [`x ${token}`] } } },
        ...{ logs: `log line with ${token}`, error: { code: `Code${token}`, message: `your header X-TC-Token: ${token}` } },
      }),
      payload: new TextEncoder().encode(JSON.stringify({ echoed: { [token]: [`x ${token}`] } })),
      details: { hint: `hint ${token}` },
    };
    redactAnswer(invocation, credentials);
    const printed = JSON.stringify(invocation.result) + new TextDecoder().decode(invocation.payload!) + invocation.details.hint;
    expect(printed).not.toContain(token);
    expect(invocation.result.error?.message).toBe('your header X-TC-Token: ***');
    expect(invocation.result.logs).toBe('log line with ***');
  });

  it('leaves an answer without secrets byte for byte as it was', () => {
    const payload = new Uint8Array([0xff, 0x00, 0x7b, 0x7d]);
    const invocation: Invocation = {
      result: resultOf('tencent', { status: 'ok', requestId: 'r', result: 'text' }),
      payload,
      details: {},
    };
    redactAnswer(invocation, credentials);
    expect(invocation.payload).toBe(payload);
  });
});
