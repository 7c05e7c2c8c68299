/**
 * Huawei Cloud's FunctionGraph: its hosts, regions and variables (providers.md §5). The wire constants, the request,
 * the signing and the parsing are shared with the Open Telekom Cloud (`../shared/functiongraph/`, §9.1).
 */
import type { FunctionGraphCloud } from '../shared/functiongraph/cloud.js';

/** The environment variables behind --project-id and --region, named in ConfigError messages. */
export const PROJECT_ID_VARIABLE = 'HUAWEICLOUD_SDK_PROJECT_ID';
export const REGION_VARIABLE = 'HUAWEICLOUD_SDK_REGION';

/**
 * Huawei Cloud's settings. Its region names follow a pattern rather than a closed list; the Open Telekom Cloud's
 * regions are refused with a hint naming `otc`, since Huawei Cloud has no FunctionGraph there (§9.1).
 */
export const HUAWEI_FUNCTIONGRAPH: FunctionGraphCloud = {
  providerId: 'huawei',
  title: 'Huawei Cloud',
  regionExample: 'cn-north-4',
  foreignRegions: { 'eu-de': 'otc', 'eu-nl': 'otc' },
  endpoint: (region) => `https://functiongraph.${region}.myhuaweicloud.com`,
  endpointPattern: 'https://functiongraph.<region>.myhuaweicloud.com',
  variables: {
    ak: 'HUAWEICLOUD_SDK_AK',
    sk: 'HUAWEICLOUD_SDK_SK',
    securityToken: 'HUAWEICLOUD_SDK_SECURITY_TOKEN',
    authToken: 'HUAWEICLOUD_AUTH_TOKEN',
    projectId: PROJECT_ID_VARIABLE,
    region: REGION_VARIABLE,
  },
};
