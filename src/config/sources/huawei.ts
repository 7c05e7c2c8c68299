/**
 * The Huawei Cloud credential exchange named by the SDK's own environment variables (providers.md §5.6):
 * HUAWEICLOUD_SDK_IDP_ID + HUAWEICLOUD_SDK_ID_TOKEN_FILE ask for federated OIDC (the token file for an IAM
 * token, that for temporary AK/SK), with HUAWEICLOUD_SDK_PROJECT_ID / HUAWEICLOUD_SDK_DOMAIN_ID,
 * HUAWEICLOUD_SDK_REGION_ID and HUAWEICLOUD_SDK_IAM_ENDPOINT.
 *
 * The Open Telekom Cloud's tooling (OTC_SDK_* of its samples, providers.md §9.1) names no federation variables,
 * and the HUAWEICLOUD_SDK_* ones are Huawei Cloud's, so for `otc` the environment asks for no exchange: OTC
 * federation and agencies are configured in a profile.
 */
import type { FederatedOidcSource, SourceCloud } from '../../core/credential-source.js';
import { ConfigError } from '../../core/errors.js';
import type { Env } from '../resolve.js';

export const HUAWEI_OIDC_VARIABLES = {
  idpId: 'HUAWEICLOUD_SDK_IDP_ID',
  tokenFile: 'HUAWEICLOUD_SDK_ID_TOKEN_FILE',
  projectId: 'HUAWEICLOUD_SDK_PROJECT_ID',
  domainId: 'HUAWEICLOUD_SDK_DOMAIN_ID',
  region: 'HUAWEICLOUD_SDK_REGION_ID',
  iamEndpoint: 'HUAWEICLOUD_SDK_IAM_ENDPOINT',
} as const;

/**
 * The exchange the environment asks for, or undefined when it names none. `cloud` is the provider's cloud
 * (`huawei` when absent); `otc` gets none. Half of the pair (an identity provider without a token file, or the
 * reverse) is a ConfigError naming the missing variable.
 */
export function environmentSource(env: Env, cloud: SourceCloud = 'huawei'): FederatedOidcSource | undefined {
  if (cloud !== 'huawei') return undefined;
  const value = (name: string) => {
    const text = env[name]?.trim();
    return text === undefined || text === '' ? undefined : text;
  };
  const idpId = value(HUAWEI_OIDC_VARIABLES.idpId);
  const tokenFile = value(HUAWEI_OIDC_VARIABLES.tokenFile);
  if (idpId === undefined && tokenFile === undefined) return undefined;
  if (idpId === undefined || tokenFile === undefined) {
    const [set, missing] =
      idpId === undefined
        ? [HUAWEI_OIDC_VARIABLES.tokenFile, HUAWEI_OIDC_VARIABLES.idpId]
        : [HUAWEI_OIDC_VARIABLES.idpId, HUAWEI_OIDC_VARIABLES.tokenFile];
    throw new ConfigError(`${set} is set but ${missing} is not: federated OIDC needs both`, {
      code: 'config.credentials_incomplete',
      hint: `set ${HUAWEI_OIDC_VARIABLES.idpId} (the identity provider's id) and ${HUAWEI_OIDC_VARIABLES.tokenFile} (the file holding the OIDC id token), or unset ${set}`,
    });
  }
  const optional = (key: 'projectId' | 'domainId' | 'region' | 'iamEndpoint') => {
    const found = value(HUAWEI_OIDC_VARIABLES[key]);
    return found === undefined ? {} : { [key]: found };
  };
  return {
    kind: 'federated-oidc',
    cloud: 'huawei',
    origin: `${HUAWEI_OIDC_VARIABLES.idpId} and ${HUAWEI_OIDC_VARIABLES.tokenFile}`,
    idpId,
    tokenFile,
    ...optional('projectId'),
    ...optional('domainId'),
    ...optional('region'),
    ...optional('iamEndpoint'),
  };
}
