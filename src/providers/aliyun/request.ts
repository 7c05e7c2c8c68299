/** Builds the FC 3.0 `InvokeFunction` request: the raw event bytes POSTed to the function's invocation path. */
import { ConfigError, InputError } from '../../core/errors.js';
import { percentEncode } from '../shared/percent-encode.js';
import type { HttpRequest, InvokeInput } from '../types.js';
import {
  ACCEPT,
  ACTION,
  API_VERSION,
  CONTENT_TYPE,
  HEADER_ACTION,
  HEADER_ASYNC_TASK_ID,
  HEADER_INVOCATION_TYPE,
  HEADER_LOG_TYPE,
  HEADER_VERSION,
  HOST_SUFFIX,
  PATH_PREFIX,
  PATH_SUFFIX,
} from './constants.js';
import { ALIYUN_LIMITS } from './limits.js';
import { checkEventSize } from '../shared/limits.js';

// Function names: 1-64 letters, digits, `_` or `-`, not starting with a digit or `-` (SDK fc20230330 4.7.6
// CreateFunctionInput.functionName).
const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
// A version number, LATEST or an alias name.
const QUALIFIER = /^[A-Za-z0-9_-]{1,128}$/;
// Async task ids: start with a letter or `_`; letters, digits, `_`, `-`; at most 128 (SDK InvokeFunctionHeaders).
const TASK_ID = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;
const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;
// The account id is the first DNS label of the host: Alibaba Cloud account UIDs are digits.
const ACCOUNT_ID = /^[0-9]{1,32}$/;

/** The public invocation origin `https://{accountId}.{region}.fc.aliyuncs.com` (providers.md §3.1). */
export function aliyunDefaultEndpoint(input: Pick<InvokeInput, 'region' | 'accountId'>): string {
  const region = requireRegion(input.region);
  const accountId = requireAccountId(input.accountId);
  return `https://${accountId}.${region}.${HOST_SUFFIX}`;
}

/** Checks what FC would refuse, so a bad call is exit 2 with nothing sent. */
export function validateAliyunInput(input: InvokeInput): void {
  if (!FUNCTION_NAME.test(input.functionName)) {
    throw new InputError(
      `invalid FC function name '${input.functionName}': 1-64 letters, digits, '_' or '-', not starting with a digit or '-'`,
      { code: 'input.function_name' },
    );
  }
  requireRegion(input.region);
  requireAccountId(input.accountId);
  if (input.qualifier !== undefined && !QUALIFIER.test(input.qualifier)) {
    throw new InputError(`invalid FC qualifier '${input.qualifier}': a version number, LATEST or an alias name`, {
      code: 'input.qualifier',
    });
  }
  if (input.taskId !== undefined) {
    if (input.invocationType !== 'async') {
      throw new InputError('--task-id names an async task: use it with --async', { code: 'input.task_id' });
    }
    if (!TASK_ID.test(input.taskId)) {
      throw new InputError(
        `invalid FC async task id '${input.taskId}': up to 128 letters, digits, '_' or '-', starting with a letter or '_'`,
        { code: 'input.task_id' },
      );
    }
  }
  checkEventSize(input, ALIYUN_LIMITS, 'FC');
}

/**
 * The invocation path. Encoded as the SDK's canonical URI has it (`encodeURIComponent`, then `*` → `%2A`), so
 * the path we send is the path we sign (providers.md §3.2).
 */
export function aliyunInvokePath(functionName: string): string {
  return `${PATH_PREFIX}${encodeURIComponent(functionName).replace(/\*/g, '%2A')}${PATH_SUFFIX}`;
}

/** The unsigned HTTP request; header names lower-case, as the SDK sends them. */
export function buildAliyunRequest(input: InvokeInput): HttpRequest {
  const query = input.qualifier === undefined ? '' : `?qualifier=${percentEncode(input.qualifier)}`;
  const headers: Record<string, string> = {
    [HEADER_VERSION]: API_VERSION,
    [HEADER_ACTION]: ACTION,
    accept: ACCEPT,
    [HEADER_INVOCATION_TYPE]: input.invocationType === 'async' ? 'Async' : 'Sync',
    // An async call returns no log, so only a sync call asks for the tail.
    [HEADER_LOG_TYPE]: input.logs && input.invocationType === 'sync' ? 'Tail' : 'None',
  };
  if (input.taskId !== undefined) headers[HEADER_ASYNC_TASK_ID] = input.taskId;
  // No body, no content-type: the SDK omits it then, and it would otherwise be signed (providers.md §3.7 FC3-3).
  if (input.event.byteLength > 0) headers['content-type'] = CONTENT_TYPE;
  return {
    method: 'POST',
    url: `${input.endpoint.replace(/\/+$/, '')}${aliyunInvokePath(input.functionName)}${query}`,
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
  if (!REGION.test(region)) {
    throw new InputError(`invalid Alibaba Cloud region '${region}' (expected e.g. cn-hangzhou)`, { code: 'input.region' });
  }
  return region;
}

function requireAccountId(accountId: string | undefined): string {
  if (accountId === undefined || accountId === '') {
    throw new ConfigError(
      'missing Alibaba Cloud account id: use --account-id or set ALIBABA_CLOUD_ACCOUNT_ID (FC 3.0 puts it in the endpoint host)',
      { code: 'config.missing_account_id' },
    );
  }
  if (!ACCOUNT_ID.test(accountId)) {
    throw new InputError(`invalid Alibaba Cloud account id '${accountId}': digits only (e.g. 1234567890123456)`, {
      code: 'input.account_id',
    });
  }
  return accountId;
}
