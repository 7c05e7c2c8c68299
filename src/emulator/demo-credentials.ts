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
  // Open Telekom Cloud keys are their own: the emulator's OTC route accepts these, its Huawei route does not.
  otc: {
    kind: 'keys',
    accessKeyId: 'FCINVOKEOTCDEMOAK000',
    accessKeySecret: 'fcinvokeDEMOotcSECRETkey000000000000000000',
  },
};

/** The one Huawei IAM token (`X-Auth-Token`) the emulator accepts; the emulated API defines it. */
export { DEMO_IAM_TOKEN } from '../providers/huawei/emulator/verify.js';
/** The one OTC IAM token the emulator accepts; the emulated API defines it. */
export { DEMO_OTC_IAM_TOKEN } from '../providers/otc/emulator/verify.js';

/** Identifiers the emulator accepts for any value; `--local` fills these in when the user gives none. */
export const DEMO_IDENTIFIERS = {
  region: { tencent: 'ap-guangzhou', aliyun: 'cn-hangzhou', huawei: 'cn-north-4', otc: 'eu-de' },
  accountId: '1234567890123456',
  projectId: '0123456789abcdef0123456789abcdef',
  /** The Open Telekom Cloud project `--local` uses: OTC projects are not Huawei Cloud ones. */
  otcProjectId: 'f0e1d2c3b4a5968778695a4b3c2d1e0f',
} as const;
