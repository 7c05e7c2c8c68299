/**
 * Every credential service the emulator serves, tried in this order before the invoke APIs (docs/emulator.md,
 * "Credential services"). Loaded with the emulator.
 */
import { SERVICES as ALIYUN } from './aliyun.js';
import { SERVICES as HUAWEI } from './huawei.js';
import type { CredentialService } from './route.js';
import { SERVICES as TENCENT } from './tencent.js';

export const CREDENTIAL_SERVICES: readonly CredentialService[] = [...TENCENT, ...ALIYUN, ...HUAWEI];

export { CredentialIssuer, REFUSED_ROLE_NAME, DEMO_OIDC_ISSUER, DEMO_OIDC_AUDIENCE, isRefusedRole } from './issuer.js';
export type { CredentialService, CredentialServiceContext } from './route.js';
