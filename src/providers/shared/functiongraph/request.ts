/**
 * Builds the FunctionGraph invoke request: `POST /v2/{project_id}/fgs/functions/{urn}/invocations` (sync) or
 * `/invocations-async` (providers.md §5.2), from a full URN or a short name.
 */
import { ConfigError, InputError } from '../../../core/errors.js';
import type { HttpRequest, InvokeInput } from '../../types.js';
import {
  JSON_CONTENT_TYPE,
  DEFAULT_PACKAGE,
  DEFAULT_VERSION,
  HEADER_LOG_TYPE,
  HEADER_PROJECT_ID,
  HEADER_REQUEST_VERSION,
  LOG_TYPE_TAIL,
  REQUEST_VERSION,
} from './constants.js';
import type { FunctionGraphCloud } from './cloud.js';
import { FUNCTIONGRAPH_LIMITS } from './limits.js';
import { checkEventSize } from '../limits.js';

// FunctionGraph naming rules (function model in the API reference): kept a little lenient, the cloud has the
// last word; what must hold is that nothing here needs escaping in a URL path.
const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;
const PACKAGE = /^[A-Za-z0-9_-]{1,64}$/;
const VERSION = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,40}[A-Za-z0-9])?$/;
const ALIAS = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
const PROJECT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;
const URN_PREFIX = 'urn:fss:';

/** A function URN's parts. `qualifier` is a version (`latest`, `1`) or an alias spelled `!alias`. */
export interface FunctionUrn {
  region: string;
  projectId: string;
  package: string;
  name: string;
  /** Absent for a 7-part URN, which addresses the function itself (providers.md §0.6). */
  qualifier?: string | undefined;
}

/** Parses `urn:fss:{region}:{project}:function:{package}:{name}[:{version}|:!{alias}]`; undefined if malformed. */
export function parseFunctionUrn(text: string): FunctionUrn | undefined {
  const parts = text.split(':');
  if (parts.length !== 7 && parts.length !== 8) return undefined;
  const [urn, fss, region, projectId, kind, pkg, name, qualifier] = parts;
  if (urn !== 'urn' || fss !== 'fss' || kind !== 'function') return undefined;
  if (!region || !projectId || !pkg || !name || qualifier === '') return undefined;
  return { region, projectId, package: pkg, name, qualifier };
}

/** The URN text of its parts. */
export function formatFunctionUrn(urn: FunctionUrn): string {
  const base = `${URN_PREFIX}${urn.region}:${urn.projectId}:function:${urn.package}:${urn.name}`;
  return urn.qualifier === undefined ? base : `${base}:${urn.qualifier}`;
}

/**
 * A --qualifier in URN form. A version is written as is (`latest`, `3`); an alias as `!prod` (as in the URN) or
 * `alias:prod` (no shell quoting needed). FunctionGraph versions are free-form names, so a bare word cannot be
 * told apart from an alias: bare means version.
 */
export function normalizeQualifier(qualifier: string): string {
  if (qualifier.startsWith('alias:')) return `!${qualifier.slice('alias:'.length)}`;
  return qualifier;
}

/**
 * The URN to invoke: a full URN as given (its region and project must agree with --region/--project-id when
 * those are set), or a short name `name` / `package/name` completed with package `default`, the region, the
 * project id and the qualifier (default `latest`). Throws InputError/ConfigError.
 */
export function resolveFunctionUrn(cloud: FunctionGraphCloud, input: Omit<InvokeInput, 'endpoint'>): FunctionUrn {
  const qualifier = input.qualifier === undefined ? undefined : normalizeQualifier(input.qualifier);
  if (input.functionName.startsWith(URN_PREFIX)) {
    const urn = parseFunctionUrn(input.functionName);
    if (urn === undefined) {
      throw new InputError(
        `invalid FunctionGraph URN '${input.functionName}': expected urn:fss:<region>:<project_id>:function:<package>:<name>[:<version>|:!<alias>]`,
        { code: 'input.function_name' },
      );
    }
    if (input.region !== undefined && input.region !== '' && input.region !== urn.region) {
      throw new InputError(
        `the URN is in region ${urn.region} but the region is ${input.region} (--region / ${cloud.variables.region}); make them agree`,
        { code: 'input.region' },
      );
    }
    if (input.projectId !== undefined && input.projectId !== '' && input.projectId !== urn.projectId) {
      throw new InputError(
        `the URN is in project ${urn.projectId} but the project id is ${input.projectId} (--project-id / ${cloud.variables.projectId}); make them agree`,
        { code: 'input.project_id' },
      );
    }
    if (qualifier !== undefined && urn.qualifier !== undefined && qualifier !== urn.qualifier) {
      throw new InputError(
        `the URN already ends in ${urn.qualifier}; drop --qualifier ${input.qualifier} or the URN's qualifier`,
        { code: 'input.qualifier' },
      );
    }
    return { ...urn, qualifier: urn.qualifier ?? qualifier };
  }
  const slash = input.functionName.indexOf('/');
  const pkg = slash === -1 ? DEFAULT_PACKAGE : input.functionName.slice(0, slash);
  const name = slash === -1 ? input.functionName : input.functionName.slice(slash + 1);
  return {
    region: requireRegion(cloud, input.region),
    projectId: requireProjectId(cloud, input.projectId),
    package: pkg,
    name,
    qualifier: qualifier ?? DEFAULT_VERSION,
  };
}

/** The cloud's endpoint for the region taken from the URN or --region (§5.1, §9.1). */
export function functionGraphDefaultEndpoint(cloud: FunctionGraphCloud, input: Omit<InvokeInput, 'endpoint'>): string {
  const fromUrn = input.functionName.startsWith(URN_PREFIX) ? parseFunctionUrn(input.functionName)?.region : undefined;
  const region = input.region !== undefined && input.region !== '' ? input.region : fromUrn;
  return cloud.endpoint(checkRegion(cloud, requireRegion(cloud, region)));
}

/**
 * A region this cloud serves, else an InputError: another FunctionGraph cloud's region names that provider
 * (eu-de given to huawei says "use otc"), and a closed region list is enforced.
 */
export function checkRegion(cloud: FunctionGraphCloud, region: string): string {
  const other = Object.hasOwn(cloud.foreignRegions, region) ? cloud.foreignRegions[region] : undefined;
  if (other !== undefined) {
    throw new InputError(`${region} is not a ${cloud.title} FunctionGraph region`, {
      code: 'input.region',
      hint: `${region} belongs to another cloud: invoke it with the ${other} provider (fcinvoke invoke ${other} …)`,
    });
  }
  if (cloud.regions !== undefined ? !cloud.regions.includes(region) : !REGION.test(region)) {
    const known = cloud.regions === undefined ? `expected e.g. ${cloud.regionExample}` : `its regions are ${cloud.regions.join(', ')}`;
    throw new InputError(`invalid ${cloud.title} region '${region}' (${known})`, {
      code: 'input.region',
      ...(cloud.regions === undefined ? {} : { hint: `use --region ${cloud.regions.join(' or --region ')}` }),
    });
  }
  return region;
}

/** Checks what FunctionGraph would refuse, so a bad call is exit 2 with nothing sent. */
export function validateFunctionGraphInput(cloud: FunctionGraphCloud, input: InvokeInput): void {
  const urn = resolveFunctionUrn(cloud, input);
  checkRegion(cloud, urn.region);
  if (!PROJECT_ID.test(urn.projectId)) {
    throw new InputError(`invalid ${cloud.title} project id '${urn.projectId}': letters and digits, as shown under My Credentials`, {
      code: 'input.project_id',
    });
  }
  if (!PACKAGE.test(urn.package)) {
    throw new InputError(`invalid FunctionGraph package '${urn.package}': 1-64 letters, digits, '_' or '-'`, {
      code: 'input.function_name',
    });
  }
  if (!FUNCTION_NAME.test(urn.name)) {
    throw new InputError(
      `invalid FunctionGraph function name '${urn.name}': 1-60 letters, digits, '_' or '-', starting with a letter`,
      { code: 'input.function_name' },
    );
  }
  if (urn.qualifier !== undefined) {
    const alias = urn.qualifier.startsWith('!');
    if (alias ? !ALIAS.test(urn.qualifier.slice(1)) : !VERSION.test(urn.qualifier)) {
      throw new InputError(
        `invalid FunctionGraph qualifier '${urn.qualifier}': a version (latest, 1, v2) or an alias written !name or alias:name`,
        { code: 'input.qualifier' },
      );
    }
  }
  checkEventSize(input, FUNCTIONGRAPH_LIMITS, 'FunctionGraph');
  if (!isJsonObjectText(input.event)) {
    // Seed 003, Table 3: the request body is an Object of `{Customized_key}` members; the SDK types it so too.
    throw new InputError('the event must be a JSON object ({…}): FunctionGraph takes no other JSON value', {
      code: 'input.event_not_object',
      hint: 'wrap the value in an object, e.g. {"items": [1, 2]}',
    });
  }
  if (input.requestVersion !== undefined) {
    if (input.requestVersion !== 'v0' && input.requestVersion !== 'v1') {
      throw new InputError(`invalid FunctionGraph request version '${String(input.requestVersion)}': v0 or v1`, {
        code: 'input.request_version',
      });
    }
    if (input.invocationType === 'async') {
      throw new InputError('the request version (X-CFF-Request-Version) applies to sync invocations only', {
        code: 'input.request_version',
      });
    }
  }
}

/** The path `/v2/{project_id}/fgs/functions/{urn}/invocations[-async]`, the URN unencoded as the SDK sends it. */
export function functionGraphInvokePath(projectId: string, urn: string, invocationType: InvokeInput['invocationType']): string {
  const suffix = invocationType === 'async' ? 'invocations-async' : 'invocations';
  return `/v2/${encodeURIComponent(projectId)}/fgs/functions/${urn}/${suffix}`;
}

/**
 * The unsigned request. `X-Project-Id` is included here because the SDK adds and signs it for AK/SK calls
 * (providers.md §0.7); log and response-version headers are sync-only (§5.2), so async requests omit them.
 * `X-CFF-Request-Version` is `input.requestVersion`, v1 unless v0 was asked for (seed 003, Table 2).
 */
export function buildFunctionGraphRequest(cloud: FunctionGraphCloud, input: InvokeInput): HttpRequest {
  const urn = resolveFunctionUrn(cloud, input);
  const headers: Record<string, string> = { 'Content-Type': JSON_CONTENT_TYPE, [HEADER_PROJECT_ID]: urn.projectId };
  if (input.invocationType === 'sync') {
    if (input.logs) headers[HEADER_LOG_TYPE] = LOG_TYPE_TAIL;
    headers[HEADER_REQUEST_VERSION] = input.requestVersion ?? REQUEST_VERSION;
  }
  return {
    method: 'POST',
    url: `${input.endpoint.replace(/\/+$/, '')}${functionGraphInvokePath(urn.projectId, formatFunctionUrn(urn), input.invocationType)}`,
    headers,
    body: input.event,
  };
}

/**
 * Whether the event's first non-blank byte opens an object. The CLI has already checked that the event is JSON
 * (cli/options.ts), so this is enough, and it reads a few bytes rather than parsing up to 6 MB again.
 */
function isJsonObjectText(event: Uint8Array): boolean {
  for (const byte of event) {
    // JSON's whitespace (RFC 8259 §2): space, tab, line feed, carriage return.
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    return byte === 0x7b;
  }
  return false;
}

function requireRegion(cloud: FunctionGraphCloud, region: string | undefined): string {
  if (region === undefined || region === '') {
    throw new ConfigError(`missing ${cloud.title} region: use --region or set ${cloud.variables.region} (e.g. ${cloud.regionExample})`, {
      code: 'config.missing_region',
    });
  }
  return region;
}

function requireProjectId(cloud: FunctionGraphCloud, projectId: string | undefined): string {
  if (projectId === undefined || projectId === '') {
    throw new ConfigError(
      `missing ${cloud.title} project id: use --project-id or set ${cloud.variables.projectId} (console: My Credentials → API Credentials)`,
      { code: 'config.missing_project_id' },
    );
  }
  return projectId;
}
