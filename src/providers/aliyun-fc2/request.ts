/**
 * Builds the FC 2.0 `InvokeFunction` request as `@alicloud/fc2` 2.6.6 sends it (providers.md §4.2):
 * `POST /2016-08-15/services/{service}[.{qualifier}]/functions/{function}/invocations`, the event as the raw body.
 */
import { ConfigError, InputError } from '../../core/errors.js';
import { percentEncode } from '../shared/percent-encode.js';
import type { HttpRequest, InvokeInput } from '../types.js';
import {
  ACCEPT,
  API_VERSION,
  CONTENT_TYPE,
  HEADER_ACCEPT,
  HEADER_ACCOUNT_ID,
  HEADER_ASYNC_INVOCATION_ID,
  HEADER_CONTENT_TYPE,
  HEADER_INVOCATION_TYPE,
  HEADER_LOG_TYPE,
  HOST_SUFFIX,
  INVOCATION_TYPE_ASYNC,
  INVOCATION_TYPE_SYNC,
  LOG_TYPE_NONE,
  LOG_TYPE_TAIL,
} from './constants.js';
import { FC2_LIMITS } from './limits.js';
import { checkEventSize } from '../shared/limits.js';

// FC 2.0 naming rules (API reference CreateService / CreateFunction / CreateAlias): letters, digits, `_` and `-`,
// not starting with a digit or `-`; services 1–128 characters, functions 1–64.
const SERVICE_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;
const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
// A version number, LATEST, or an alias (starts with a letter, letters/digits/`_`/`-`, at most 128).
const QUALIFIER = /^(\d{1,20}|[A-Za-z][A-Za-z0-9_-]{0,127})$/;
// The async id shares the FC 3.0 task-id syntax (providers.md §4.2, §3.2).
const TASK_ID = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;
const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;
const ACCOUNT_ID = /^\d{1,32}$/;

/** The service and function an FC 2.0 input names. */
export interface Fc2Target {
  service: string;
  function: string;
}

/**
 * Splits `service/function`, or takes the bare function with `--service`. Throws InputError/ConfigError when the
 * service is missing or given twice differently.
 */
export function fc2Target(input: Pick<InvokeInput, 'functionName' | 'service'>): Fc2Target {
  const slash = input.functionName.indexOf('/');
  if (slash === -1) {
    if (input.service === undefined || input.service === '') {
      throw new ConfigError(
        `missing FC 2.0 service for '${input.functionName}': name the function as service/function or use --service`,
        { code: 'config.missing_service' },
      );
    }
    return { service: input.service, function: input.functionName };
  }
  const service = input.functionName.slice(0, slash);
  const fn = input.functionName.slice(slash + 1);
  if (input.service !== undefined && input.service !== '' && input.service !== service) {
    throw new InputError(
      `the function '${input.functionName}' names service '${service}' but --service is '${input.service}'; give one`,
      { code: 'input.service_conflict' },
    );
  }
  return { service, function: fn };
}

/** `https://{accountId}.{region}.fc.aliyuncs.com` (providers.md §4.1); ConfigError when an identifier is missing. */
export function fc2DefaultEndpoint(input: Pick<InvokeInput, 'region' | 'accountId'>): string {
  const region = requireRegion(input.region);
  const accountId = requireAccountId(input.accountId);
  return `https://${accountId}.${region}.${HOST_SUFFIX}`;
}

/** Checks what FC would refuse, so a bad call is exit 2 with nothing sent. */
export function validateFc2Input(input: InvokeInput): void {
  const target = fc2Target(input);
  if (!SERVICE_NAME.test(target.service)) {
    throw new InputError(
      `invalid FC service name '${target.service}': 1-128 letters, digits, '_' or '-', not starting with a digit or '-'`,
      { code: 'input.service' },
    );
  }
  if (!FUNCTION_NAME.test(target.function)) {
    throw new InputError(
      `invalid FC function name '${target.function}': 1-64 letters, digits, '_' or '-', not starting with a digit or '-'`,
      { code: 'input.function_name' },
    );
  }
  const region = requireRegion(input.region);
  if (!REGION.test(region)) {
    throw new InputError(`invalid Alibaba Cloud region '${region}' (expected e.g. cn-hangzhou)`, { code: 'input.region' });
  }
  const accountId = requireAccountId(input.accountId);
  if (!ACCOUNT_ID.test(accountId)) {
    throw new InputError(`invalid Alibaba Cloud account id '${accountId}': digits only (e.g. 1234567890123456)`, {
      code: 'input.account_id',
    });
  }
  if (input.qualifier !== undefined && !QUALIFIER.test(input.qualifier)) {
    throw new InputError(`invalid FC qualifier '${input.qualifier}': a version number, an alias or LATEST`, {
      code: 'input.qualifier',
    });
  }
  if (input.taskId !== undefined) {
    if (input.invocationType !== 'async') {
      throw new InputError('--task-id only applies to --async invocations', { code: 'input.task_id' });
    }
    if (!TASK_ID.test(input.taskId)) {
      throw new InputError(
        `invalid --task-id '${input.taskId}': 1-128 letters, digits, '_' or '-', starting with a letter or '_'`,
        { code: 'input.task_id' },
      );
    }
  }
  checkEventSize(input, FC2_LIMITS, 'FC');
}

/** The request path: the service and qualifier share one segment, joined by `.` (providers.md §4.2). */
export function fc2InvocationPath(target: Fc2Target, qualifier: string | undefined): string {
  const serviceSegment = qualifier === undefined ? target.service : `${target.service}.${qualifier}`;
  return `/${API_VERSION}/services/${percentEncode(serviceSegment)}/functions/${percentEncode(target.function)}/invocations`;
}

/** The unsigned request. `date`, `content-md5`, the token and `authorization` are added by the signer. */
export function buildFc2Request(input: InvokeInput): HttpRequest {
  const target = fc2Target(input);
  const headers: Record<string, string> = { [HEADER_ACCEPT]: ACCEPT };
  if (input.accountId !== undefined) headers[HEADER_ACCOUNT_ID] = input.accountId;
  if (input.invocationType === 'async') {
    headers[HEADER_INVOCATION_TYPE] = INVOCATION_TYPE_ASYNC;
    if (input.taskId !== undefined) headers[HEADER_ASYNC_INVOCATION_ID] = input.taskId;
  } else {
    headers[HEADER_INVOCATION_TYPE] = INVOCATION_TYPE_SYNC;
    // The log tail only exists for sync calls; the SDK vectors send no log type with Async (providers.md §4.7).
    headers[HEADER_LOG_TYPE] = input.logs ? LOG_TYPE_TAIL : LOG_TYPE_NONE;
  }
  // With no event the SDK sends no body, hence no content-type or content-md5 (providers.md §4.2).
  if (input.event.byteLength > 0) headers[HEADER_CONTENT_TYPE] = CONTENT_TYPE;
  return {
    method: 'POST',
    url: `${input.endpoint.replace(/\/+$/, '')}${fc2InvocationPath(target, input.qualifier)}`,
    headers,
    body: input.event,
  };
}

function requireRegion(region: string | undefined): string {
  if (region === undefined || region === '') {
    throw new ConfigError('missing Alibaba Cloud region: use --region or set ALIBABA_CLOUD_REGION_ID (e.g. cn-hangzhou)', {
      code: 'config.missing_region',
    });
  }
  return region;
}

function requireAccountId(accountId: string | undefined): string {
  if (accountId === undefined || accountId === '') {
    throw new ConfigError(
      'missing Alibaba Cloud account id (part of the FC endpoint): use --account-id or set ALIBABA_CLOUD_ACCOUNT_ID',
      { code: 'config.missing_account_id' },
    );
  }
  return accountId;
}
