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
} as const;

/** Every secret value above (ids are identifiers, not secrets). */
export const KNOWN_SECRETS: readonly string[] = [
  FAKE.tencent.secret,
  FAKE.tencent.token,
  FAKE.aliyun.secret,
  FAKE.aliyun.token,
  FAKE.huawei.secret,
  'fcinvokeDEMOsecretKEY000000000000',
  'fcinvokeDEMOaccessKEYsecret000000',
  'fcinvokeDEMOhuaweiSECRETkey000000000000000',
  'fcinvokeDEMOhuaweiIAMtoken00000000000000',
];

/** Fails when any known secret appears in `text`. */
export function expectNoSecrets(...texts: string[]): void {
  for (const text of texts) {
    for (const secret of KNOWN_SECRETS) expect(text, `secret leaked: ${secret}`).not.toContain(secret);
  }
}
