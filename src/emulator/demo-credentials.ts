/**
 * The emulator's built-in credentials, documented in docs/emulator.md and used by `invoke --local`. They are
 * fake and public on purpose: they only work against the emulator.
 */
import type { CloudId, KeyCredentials } from '../providers/types.js';

export const DEMO_CREDENTIALS: Record<CloudId, KeyCredentials> = {
  tencent: {
    kind: 'keys',
    accessKeyId: 'AKIDfcinvokeDEMO00000000000000000000',
    accessKeySecret: 'fcinvokeDEMOsecretKEY000000000000',
  },
  aliyun: {
    kind: 'keys',
    accessKeyId: 'LTAIfcinvokeDEMO00000000',
    accessKeySecret: 'fcinvokeDEMOaccessKEYsecret000000',
  },
  huawei: {
    kind: 'keys',
    accessKeyId: 'FCINVOKEDEMOAK000000',
    accessKeySecret: 'fcinvokeDEMOhuaweiSECRETkey000000000000000',
  },
};

/** The one Huawei IAM token (`X-Auth-Token`) the emulator accepts; the emulated API defines it. */
export { DEMO_IAM_TOKEN } from '../providers/huawei/emulator/verify.js';

/** Identifiers the emulator accepts for any value; `--local` fills these in when the user gives none. */
export const DEMO_IDENTIFIERS = {
  region: { tencent: 'ap-guangzhou', aliyun: 'cn-hangzhou', huawei: 'cn-north-4' },
  accountId: '1234567890123456',
  projectId: '0123456789abcdef0123456789abcdef',
} as const;
