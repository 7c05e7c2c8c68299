/** The emulated legacy SCF API v2: `Action=InvokeFunction` on `GET|POST /v2/index.php` (providers.md §2). */
import { randomUUID } from 'node:crypto';
import type { FunctionRun } from '../../emulator-api.js';
import { tail } from '../../shared/emulator/log-tail.js';
import { scfFunctionErrorText } from '../../shared/emulator/scf-error.js';
import type { EmulatorContext, EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../emulator-api.js';
import { readRequestParams, verifyQcloudV2 } from './verify.js';
import { qcloudV2ErrorResponse, qcloudV2SuccessResponse, V2_ERRORS } from './wire.js';

const MIB = 1024 * 1024;
/** `param` ≤ 1 MB for sync and async calls (providers.md §2.5). */
const MAX_PARAM_BYTES = MIB;
/** A whole request larger than this is refused before anything else (percent-encoding can triple `param`). */
const MAX_BODY_BYTES = 4 * MIB;
/** The log tail the API returns (providers.md §2.4). */
const LOG_TAIL_BYTES = 4 * 1024;
const API_PATH = '/v2/index.php';

/** The `tencent-v2` route of the emulator. */
export const tencentV2Route: EmulatorRoute = {
  id: 'tencent-v2',
  matches: (request) => request.rawUrl.split('?')[0] === API_PATH,
  handle: handleTencentV2,
};

async function handleTencentV2(request: EmulatorRequest, context: EmulatorContext): Promise<EmulatorResponse> {
  const fail = (message: string) => qcloudV2ErrorResponse(V2_ERRORS.invalidParameter(message));
  if (request.method !== 'GET' && request.method !== 'POST') return fail('Only GET and POST requests are accepted.');
  if (request.body.byteLength > MAX_BODY_BYTES) return fail(`The request body exceeds ${MAX_BODY_BYTES} bytes.`);
  const contentType = request.headers['content-type'] ?? '';
  if (request.method === 'POST' && request.body.byteLength > 0 && !contentType.startsWith('application/x-www-form-urlencoded')) {
    return fail('POST parameters must be sent as application/x-www-form-urlencoded.');
  }
  const params = readRequestParams(request);
  const authFailure = verifyQcloudV2(request, params, context.keys.tencent, context);
  if (authFailure !== null) return qcloudV2ErrorResponse(authFailure);

  const action = params.get('Action') ?? '';
  if (action !== 'InvokeFunction') return fail(`The action ${action} is not supported by the emulator.`);
  const region = params.get('Region') ?? '';
  if (region === '') return fail('The parameter Region is missing.');
  const functionName = params.get('functionName') ?? '';
  if (functionName === '') return fail('The parameter functionName is missing.');
  const invokeType = params.get('invokeType') ?? 'RequestResponse';
  if (invokeType !== 'RequestResponse' && invokeType !== 'Event') {
    return fail('invokeType must be RequestResponse or Event.');
  }
  const logType = params.get('logType') ?? 'None';
  if (logType !== 'None' && logType !== 'Tail') return fail('logType must be None or Tail.');
  const eventText = params.get('param') ?? '';
  if (Buffer.byteLength(eventText) > MAX_PARAM_BYTES) {
    return fail(`The parameter param exceeds ${MAX_PARAM_BYTES} bytes.`);
  }
  let event: unknown;
  try {
    event = JSON.parse(eventText === '' ? '{}' : eventText);
  } catch {
    return fail('The parameter param is not valid JSON.');
  }

  const handler = await context.functions.find(functionName, 'main_handler');
  if (handler === undefined) return qcloudV2ErrorResponse(V2_ERRORS.functionNotFound(functionName, region));
  const requestId = randomUUID();
  const invokeContext = {
    request_id: requestId,
    function_name: functionName,
    function_version: '$LATEST',
    namespace: 'default',
    memory_limit_in_mb: 128,
    time_limit_in_ms: 3000,
  };
  if (invokeType === 'Event') {
    context.background(() => context.runFunction(request, handler, event, invokeContext));
    return qcloudV2SuccessResponse({ requestId });
  }
  const run = await context.runFunction(request, handler, event, invokeContext);
  return qcloudV2SuccessResponse(syncData(run, requestId, logType === 'Tail'));
}

/** `data` of a sync call, in the documented example's spelling (providers.md §2.4). */
function syncData(run: FunctionRun, requestId: string, wantsLog: boolean): Record<string, unknown> {
  const errorText = scfFunctionErrorText(run);
  return {
    requestId,
    retMsg: run.ok ? (JSON.stringify(run.value) ?? '') : errorText,
    errMsg: errorText,
    log: wantsLog ? tail(run.log, LOG_TAIL_BYTES) : '',
    duration: run.durationMs,
    // Billed in 1 ms steps, rounding up, at least 1 ms (as API 3.0).
    billDuration: Math.max(1, Math.ceil(run.durationMs)),
    memUsage: run.memoryBytes,
  };
}
