/**
 * The Open Telekom Cloud's FunctionGraph (T-Systems; providers.md §9.1, seed 003 is its API page): the same API and
 * signing as Huawei Cloud's, on its own hosts `functiongraph.<region>.otc.t-systems.com`, in its own regions, with
 * its own keys. The wire constants, request, signing and parsing are shared (`../shared/functiongraph/`).
 */
import type { FunctionGraphCloud } from '../shared/functiongraph/cloud.js';

/** OTC's regions (its published endpoint table): Germany and the Netherlands. */
export const OTC_REGIONS = ['eu-de', 'eu-nl'] as const;

/** The variables OTC's own FunctionGraph invocation sample reads (providers.md §9.1). */
export const OTC_VARIABLES = {
  ak: 'OTC_SDK_AK',
  sk: 'OTC_SDK_SK',
  projectId: 'OTC_SDK_PROJECT_ID',
  region: 'OTC_SDK_REGION',
  /** The IAM token variable of the OpenStack clients and the opentelekomcloud Terraform provider. */
  authToken: 'OS_TOKEN',
} as const;

/** The Open Telekom Cloud's settings: a closed region list, and every other cloud's region refused. */
export const OTC_FUNCTIONGRAPH: FunctionGraphCloud = {
  providerId: 'otc',
  title: 'Open Telekom Cloud',
  regionExample: 'eu-de',
  regions: OTC_REGIONS,
  foreignRegions: {},
  endpoint: (region) => `https://functiongraph.${region}.otc.t-systems.com`,
  endpointPattern: 'https://functiongraph.<region>.otc.t-systems.com',
  variables: OTC_VARIABLES,
};
