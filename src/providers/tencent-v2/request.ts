/**
 * Builds the legacy `InvokeFunction` request (providers.md §2.2). Always POST with a form body: the SDK
 * (qcloudapi-sdk 0.2.1) defaults to POST, and a GET is capped at 32 KB of query while `param` may be 1 MB (§2.5).
 */
import { ConfigError, InputError } from '../../core/errors.js';
import type { HttpRequest, InvokeInput } from '../types.js';
import {
  ACTION_INVOKE_FUNCTION,
  API_PATH,
  CONTENT_TYPE,
  DEFAULT_HOST,
  DEFAULT_SIGNATURE_METHOD,
  INVOKE_TYPE_ASYNC,
  INVOKE_TYPE_SYNC,
  LOG_TYPE_NONE,
  LOG_TYPE_TAIL,
  PARAM_ACTION,
  PARAM_EVENT,
  PARAM_FUNCTION_NAME,
  PARAM_INVOKE_TYPE,
  PARAM_LOG_TYPE,
  PARAM_REGION,
  PARAM_SIGNATURE_METHOD,
} from './constants.js';
import { TENCENT_V2_LIMITS } from './limits.js';
import { encodeQcloudV2Params, type QcloudV2Params } from './signer.js';
import { decodeUtf8, encodeUtf8 } from '../shared/text.js';
import { checkEventSize } from '../shared/limits.js';

// SCF naming rules: letters, digits, `_` and `-`, starting with a letter, 2–60 chars.
const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,58}[A-Za-z0-9]$/;
// The legacy docs use short codes (`gz`, `sh`); long names (`ap-guangzhou`) are also seen — accept both (§8.2).
const REGION = /^[a-z]{2,}(-[a-z0-9]+)*$/;

/** The default endpoint: the one legacy host, whatever the region (providers.md §2.1). */
export function tencentV2DefaultEndpoint(): string {
  return `https://${DEFAULT_HOST}`;
}

/** Checks what the legacy API would refuse, so a bad call is exit 2 with nothing sent. */
export function validateTencentV2Input(input: InvokeInput): void {
  if (!FUNCTION_NAME.test(input.functionName)) {
    throw new InputError(
      `invalid SCF function name '${input.functionName}': 2-60 letters, digits, '_' or '-', starting with a letter and ending with a letter or digit`,
      { code: 'input.function_name' },
    );
  }
  if (input.region === undefined || input.region === '') {
    throw new ConfigError('missing Tencent region: use --region or set TENCENTCLOUD_REGION (e.g. ap-guangzhou)', {
      code: 'config.missing_region',
    });
  }
  if (!REGION.test(input.region)) {
    throw new InputError(`invalid Tencent region '${input.region}' (expected e.g. ap-guangzhou or gz)`, {
      code: 'input.region',
    });
  }
  // The legacy InvokeFunction has no qualifier, namespace or routing key (providers.md §6): refuse rather than drop.
  for (const [value, flag] of [
    [input.qualifier, '--qualifier'],
    [input.namespace, '--namespace'],
    [input.routingKey, '--routing-key'],
  ] as const) {
    if (value !== undefined) {
      throw new InputError(`${flag} is not supported by the legacy SCF API v2`, {
        code: 'input.unsupported_option',
        hint: 'use the tencent provider (SCF API 3.0) for versions, aliases, namespaces and routing keys',
      });
    }
  }
  checkEventSize(input, TENCENT_V2_LIMITS, 'the legacy SCF API', 'in param');
}

/** The action parameters, in the order the SDK examples show them (the wire order is not significant). */
export function buildTencentV2Params(input: InvokeInput): QcloudV2Params {
  const params: Array<[string, string]> = [[PARAM_ACTION, ACTION_INVOKE_FUNCTION]];
  if (input.region !== undefined) params.push([PARAM_REGION, input.region]);
  params.push([PARAM_FUNCTION_NAME, input.functionName]);
  if (input.invocationType === 'async') {
    params.push([PARAM_INVOKE_TYPE, INVOKE_TYPE_ASYNC]);
  } else {
    params.push([PARAM_INVOKE_TYPE, INVOKE_TYPE_SYNC]);
    // The log tail exists for sync calls only (providers.md §2.2), as in the SDK vector V2-2.
    params.push([PARAM_LOG_TYPE, input.logs ? LOG_TYPE_TAIL : LOG_TYPE_NONE]);
  }
  params.push([PARAM_EVENT, decodeUtf8(input.event)]);
  const signatureMethod = input.signatureMethod ?? DEFAULT_SIGNATURE_METHOD;
  // SDK 0.2.1 sends SignatureMethod only for HmacSHA256; absent means HmacSHA1 (providers.md §2.2).
  if (signatureMethod === 'HmacSHA256') params.push([PARAM_SIGNATURE_METHOD, signatureMethod]);
  return params;
}

/** The unsigned HTTP request: POST to `/v2/index.php` with the action parameters form-encoded. */
export function buildTencentV2Request(input: InvokeInput): HttpRequest {
  return {
    method: 'POST',
    url: `${input.endpoint.replace(/\/+$/, '')}${API_PATH}`,
    headers: { 'Content-Type': CONTENT_TYPE },
    body: encodeUtf8(encodeQcloudV2Params(buildTencentV2Params(input))),
  };
}
