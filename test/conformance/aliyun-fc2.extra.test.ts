/** What only the FC 2.0 oracle shows: @alicloud/fc2 drops the session token of a key that is not an STS key. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFc2Request } from '../../src/providers/aliyun-fc2/request.js';
import { signFc2HmacSha256 } from '../../src/providers/aliyun-fc2/signer.js';
import { aliyunFc2Oracle, comparable, credentials, FC2_CASES, sdkRequest } from '../oracle/aliyun-fc2.js';
import { FAKE } from '../helpers/secrets.js';

describe('@alicloud/fc2 2.6.6 and a token with a non-STS key', () => {
  let restore: () => void = () => undefined;
  beforeAll(() => {
    restore = aliyunFc2Oracle.install();
  });
  afterAll(() => restore());

  it('ignores the token for a non-STS key while we still sign it, so the signatures differ only then', async () => {
    // SDK 2.6.6 only sends x-fc-security-token when the AccessKey id starts with "STS" (providers.md §4.2).
    const testCase = FC2_CASES[1]!;
    const sdk = await sdkRequest({ ...testCase, sts: false });
    expect(comparable(sdk.headers)['x-fc-security-token']).toBeUndefined();
    const ours = signFc2HmacSha256(
      buildFc2Request(testCase.input),
      { ...credentials(false), securityToken: FAKE.aliyun.token },
      { now: new Date(testCase.at * 1000), nonce: 1 },
    );
    expect(ours.headers['x-fc-security-token']).toBe(FAKE.aliyun.token);
    expect(ours.headers['authorization']).not.toBe(sdk.headers['authorization']);
  });
});
