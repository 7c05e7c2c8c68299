import { describe, expect, it } from 'vitest';
import { redactRequest, redactText } from '../../src/core/redact.js';
import { FAKE } from '../helpers/secrets.js';

const credentials = {
  kind: 'keys' as const,
  accessKeyId: FAKE.tencent.id,
  accessKeySecret: FAKE.tencent.secret,
  securityToken: FAKE.tencent.token,
};

describe('redactRequest', () => {
  it('masks the signature and the token but keeps the key id and scope', () => {
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
    expect(printed).toContain(FAKE.tencent.id);
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
});
