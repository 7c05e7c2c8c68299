/**
 * What differs between the clouds that run FunctionGraph: Huawei Cloud and the Open Telekom Cloud (T-Systems) serve
 * the same API with the same signing (providers.md §5, §9.1) but have their own accounts, keys, hosts and regions.
 * Each provider folder (`huawei/`, `otc/`) passes its own {@link FunctionGraphCloud} to the shared code here.
 */

/** One cloud's FunctionGraph: names, regions, endpoint and the variables its messages point at. */
export interface FunctionGraphCloud {
  /** The provider id, as in its registry entry. */
  providerId: string;
  /** The cloud's name for messages, e.g. "Open Telekom Cloud". */
  title: string;
  /** A region to show in examples. */
  regionExample: string;
  /** The cloud's regions, when it publishes a closed list; otherwise any `xx-name-N` shape is accepted. */
  regions?: readonly string[] | undefined;
  /** Regions that belong to another FunctionGraph cloud: region → the provider id that serves it. */
  foreignRegions: Readonly<Record<string, string>>;
  /** The endpoint origin for a region. */
  endpoint(region: string): string;
  /** The endpoint pattern for hints, e.g. `https://functiongraph.<region>.myhuaweicloud.com`. */
  endpointPattern: string;
  /** The environment variables behind the keys, the token, --project-id and --region, named in messages. */
  variables: { ak: string; sk: string; securityToken?: string | undefined; authToken: string; projectId: string; region: string };
}
