/** Builds the SCF API 3.0 request: `InvokeFunction` for sync calls, `Invoke` with `InvocationType=Event` for async. */
import { InputError } from '../../core/errors.js';
import type { HttpRequest, InvokeInput } from '../types.js';
import {
  ACTION_INVOKE,
  ACTION_INVOKE_FUNCTION,
  API_VERSION,
  CONTENT_TYPE,
  DEFAULT_HOST,
  HEADER_ACTION,
  HEADER_REGION,
  HEADER_VERSION,
} from './constants.js';
import { MAX_ROUTING_KEY_BYTES, TENCENT_LIMITS } from './limits.js';
import { decodeUtf8, encodeUtf8 } from '../shared/text.js';
import { checkEventSize } from '../shared/limits.js';

// SCF naming rules (console and API docs): letters, digits, `_` and `-`, starting with a letter, 2–60 chars.
const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,58}[A-Za-z0-9]$/;
const NAMESPACE = /^[A-Za-z0-9_-]{1,30}$/;
const QUALIFIER = /^(\$LATEST|\$DEFAULT|[A-Za-z0-9_-]{1,64})$/;
const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;

/**
 * The default endpoint: the nearest-region host `scf.tencentcloudapi.com` (also without a region, seed 000), or
 * the region's own host for finance zones (providers.md §1.1).
 */
export function tencentDefaultEndpoint(input: Pick<InvokeInput, 'region'>): string {
  if (input.region?.endsWith('-fsi')) return `https://scf.${input.region}.tencentcloudapi.com`;
  return `https://${DEFAULT_HOST}`;
}

/** Checks what SCF would refuse, so a bad call is exit 2 with nothing sent. */
export function validateTencentInput(input: InvokeInput): void {
  if (!FUNCTION_NAME.test(input.functionName)) {
    throw new InputError(
      `invalid SCF function name '${input.functionName}': 2-60 letters, digits, '_' or '-', starting with a letter and ending with a letter or digit`,
      { code: 'input.function_name' },
    );
  }
  // Seed 000: Region "is not required for this API"; without one the SDK sends no X-TC-Region (providers.md §1.2).
  if (input.region !== undefined && input.region !== '' && !REGION.test(input.region)) {
    throw new InputError(`invalid Tencent region '${input.region}' (expected e.g. ap-guangzhou)`, {
      code: 'input.region',
    });
  }
  if (input.namespace !== undefined && !NAMESPACE.test(input.namespace)) {
    throw new InputError(`invalid SCF namespace '${input.namespace}': 1-30 letters, digits, '_' or '-'`, {
      code: 'input.namespace',
    });
  }
  if (input.qualifier !== undefined && !QUALIFIER.test(input.qualifier)) {
    throw new InputError(
      `invalid SCF qualifier '${input.qualifier}': a version number, an alias, $LATEST or $DEFAULT`,
      { code: 'input.qualifier' },
    );
  }
  checkEventSize(input, TENCENT_LIMITS, 'SCF');
  if (input.routingKey !== undefined) {
    const bytes = Buffer.byteLength(JSON.stringify(input.routingKey));
    if (bytes > MAX_ROUTING_KEY_BYTES) {
      throw new InputError(`--routing-key is ${bytes} bytes as JSON; SCF accepts at most ${MAX_ROUTING_KEY_BYTES}`, {
        code: 'input.routing_key',
      });
    }
  }
}

/** The JSON body, in the field order the official SDK sends (providers.md §1.2, §1.7). */
export function buildTencentBody(input: InvokeInput): Record<string, string> {
  const event = decodeUtf8(input.event);
  const body: Record<string, string> = { FunctionName: input.functionName };
  if (input.invocationType === 'async') {
    // `Invoke` carries the event in ClientContext and logs nothing for async calls (providers.md §0.5).
    body['InvocationType'] = 'Event';
    if (input.qualifier !== undefined) body['Qualifier'] = input.qualifier;
    body['ClientContext'] = event;
  } else {
    if (input.qualifier !== undefined) body['Qualifier'] = input.qualifier;
    body['Event'] = event;
    body['LogType'] = input.logs ? 'Tail' : 'None';
  }
  if (input.namespace !== undefined) body['Namespace'] = input.namespace;
  if (input.routingKey !== undefined) body['RoutingKey'] = JSON.stringify(input.routingKey);
  return body;
}

/** The unsigned HTTP request. */
export function buildTencentRequest(input: InvokeInput): HttpRequest {
  const headers: Record<string, string> = {
    [HEADER_ACTION]: input.invocationType === 'async' ? ACTION_INVOKE : ACTION_INVOKE_FUNCTION,
  };
  if (input.region !== undefined && input.region !== '') headers[HEADER_REGION] = input.region;
  headers[HEADER_VERSION] = API_VERSION;
  headers['Content-Type'] = CONTENT_TYPE;
  return {
    method: 'POST',
    url: `${input.endpoint.replace(/\/+$/, '')}/`,
    headers,
    body: encodeUtf8(JSON.stringify(buildTencentBody(input))),
  };
}
