/** Known fake credentials for tests (the ones in providers.md), and a check that none is ever printed. */
import { expect } from 'vitest';

export const FAKE = {
  tencent: {
    id: 'AKIDEXAMPLEfcinvoke0000000000000001',
    secret: 'fcinvokeFAKEsecretKEY0000000000001',
    token: 'FAKEsessionTOKEN/with+chars=',
  },
  aliyun: {
    id: 'LTAI5tFAKEfcinvoke000001',
    stsId: 'STS.NFAKEfcinvoke0001',
    secret: 'fcinvokeFAKEaccessKEYsecret000001',
    account: '1234567890123456',
    token: 'FAKEsecurityTOKEN+/=',
  },
  huawei: {
    id: 'FAKEHUAWEIAK0000FCINV',
    secret: 'fcinvokeFAKEhuaweiSECRETkey0000000000001',
    project: '0123456789abcdef0123456789abcdef',
    token: 'FAKEsecurityTOKEN+/=',
  },
  otc: {
    id: 'FAKEOTCAK00000FCINV01',
    secret: 'fcinvokeFAKEotcSECRETkey000000000000001',
    project: 'f0e1d2c3b4a5968778695a4b3c2d1e0f',
  },
} as const;

/** Every secret value above (ids are identifiers, not secrets). */
export const KNOWN_SECRETS: readonly string[] = [
  FAKE.tencent.secret,
  FAKE.tencent.token,
  FAKE.aliyun.secret,
  FAKE.aliyun.token,
  FAKE.huawei.secret,
  FAKE.otc.secret,
  'fcinvokeDEMOsecretKEY000000000000',
  'fcinvokeDEMOaccessKEYsecret000000',
  'fcinvokeDEMOhuaweiSECRETkey000000000000000',
  'fcinvokeDEMOhuaweiIAMtoken00000000000000',
  'fcinvokeDEMOotcSECRETkey000000000000000000',
  'fcinvokeDEMOotcIAMtoken00000000000000000',
];

/** Fails when any known secret appears in `text`. */
export function expectNoSecrets(...texts: string[]): void {
  for (const text of texts) {
    for (const secret of KNOWN_SECRETS) expect(text, `secret leaked: ${secret}`).not.toContain(secret);
  }
}

/**
 * The fake keys, region and identifiers of all three clouds as their own variables (one environment serves all
 * five providers), with no proxy variables. `withTokens` adds the session tokens.
 */
export function fakeCloudVariables(withTokens = false): Record<string, string | undefined> {
  return {
    TENCENTCLOUD_SECRET_ID: FAKE.tencent.id,
    TENCENTCLOUD_SECRET_KEY: FAKE.tencent.secret,
    TENCENTCLOUD_REGION: 'ap-guangzhou',
    ALIBABA_CLOUD_ACCESS_KEY_ID: withTokens ? FAKE.aliyun.stsId : FAKE.aliyun.id,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: FAKE.aliyun.secret,
    ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou',
    ALIBABA_CLOUD_ACCOUNT_ID: FAKE.aliyun.account,
    HUAWEICLOUD_SDK_AK: FAKE.huawei.id,
    HUAWEICLOUD_SDK_SK: FAKE.huawei.secret,
    HUAWEICLOUD_SDK_REGION: 'cn-north-4',
    HUAWEICLOUD_SDK_PROJECT_ID: FAKE.huawei.project,
    OTC_SDK_AK: FAKE.otc.id,
    OTC_SDK_SK: FAKE.otc.secret,
    OTC_SDK_REGION: 'eu-de',
    OTC_SDK_PROJECT_ID: FAKE.otc.project,
    ...(withTokens
      ? {
          TENCENTCLOUD_SESSION_TOKEN: FAKE.tencent.token,
          ALIBABA_CLOUD_SECURITY_TOKEN: FAKE.aliyun.token,
          HUAWEICLOUD_SDK_SECURITY_TOKEN: FAKE.huawei.token,
        }
      : {}),
    HTTPS_PROXY: undefined,
    HTTP_PROXY: undefined,
    https_proxy: undefined,
    http_proxy: undefined,
    NO_PROXY: undefined,
    no_proxy: undefined,
  };
}
