/** The emulated SCF API 3.0: `InvokeFunction` (sync) and `Invoke` (sync or async) on `POST /`. */
import { randomUUID } from 'node:crypto';
import type { FunctionRun } from '../../emulator-api.js';
import { tail } from '../../shared/emulator/log-tail.js';
import { scfFunctionErrorText } from '../../shared/emulator/scf-error.js';
import type { EmulatorContext, EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../emulator-api.js';
import { verifyTc3 } from './verify.js';
import { tencentError, tencentResult } from './wire.js';

const MIB = 1024 * 1024;
/** Limits the cloud enforces (providers.md §1.5). */
const MAX_BODY_BYTES = 10 * MIB;
const MAX_SYNC_EVENT_BYTES = 6 * MIB;
const MAX_ASYNC_EVENT_BYTES = 128 * 1024;
const LOG_TAIL_BYTES = 4 * 1024;

export const tencentRoute: EmulatorRoute = {
  id: 'tencent',
  matches: (request) => request.headers['x-tc-action'] !== undefined && request.rawUrl.split('?')[0] === '/',
  handle: handleTencent,
};

async function handleTencent(request: EmulatorRequest, context: EmulatorContext): Promise<EmulatorResponse> {
  const requestId = randomUUID();
  const fail = (code: string, message: string) => tencentError(code, message, requestId);

  if (request.method !== 'POST') return fail('InvalidParameter', 'The emulator accepts POST requests only.');
  if (request.body.byteLength > MAX_BODY_BYTES) {
    return fail('RequestSizeLimitExceeded', `The request body exceeds ${MAX_BODY_BYTES} bytes.`);
  }
  const authFailure = verifyTc3(request, context.keys.tencent);
  if (authFailure !== null) return fail(authFailure.code, authFailure.message);

  const action = request.headers['x-tc-action'];
  if (action !== 'InvokeFunction' && action !== 'Invoke') {
    return fail('InvalidAction', `The action ${action ?? ''} is not found or not supported by the emulator.`);
  }
  if (request.headers['x-tc-version'] !== '2018-04-16') {
    return fail('NoSuchVersion', `The version ${request.headers['x-tc-version'] ?? ''} of ${action} does not exist.`);
  }
  let params: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(request.body.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    params = parsed as Record<string, unknown>;
  } catch {
    return fail('InvalidParameter', 'The request body is not a JSON object.');
  }
  const functionName = params['FunctionName'];
  if (typeof functionName !== 'string' || functionName === '') {
    return fail('MissingParameter', 'The request is missing the required parameter FunctionName.');
  }
  const async = action === 'Invoke' && params['InvocationType'] === 'Event';
  const eventField = action === 'Invoke' ? 'ClientContext' : 'Event';
  const eventText = params[eventField] ?? '{}';
  if (typeof eventText !== 'string') {
    return fail('InvalidParameterValue.Param', `${eventField} must be a string holding JSON.`);
  }
  const limit = async ? MAX_ASYNC_EVENT_BYTES : MAX_SYNC_EVENT_BYTES;
  if (Buffer.byteLength(eventText) > limit) {
    return fail('InvalidParameter.RequestTooLarge', `The event exceeds ${limit} bytes.`);
  }
  let event: unknown;
  try {
    event = JSON.parse(eventText === '' ? '{}' : eventText);
  } catch {
    return fail('InvalidParameterValue.Param', `${eventField} is not valid JSON.`);
  }
  const namespace = typeof params['Namespace'] === 'string' ? params['Namespace'] : 'default';
  const handler = await context.functions.find(functionName, 'main_handler');
  if (handler === undefined) {
    return fail('ResourceNotFound.Function', `The function ${functionName} does not exist in namespace ${namespace}.`);
  }
  const functionRequestId = randomUUID();
  const defaultQualifier = action === 'Invoke' ? '$LATEST' : '$DEFAULT';
  const invokeContext = {
    request_id: functionRequestId,
    function_name: functionName,
    function_version: typeof params['Qualifier'] === 'string' ? params['Qualifier'] : defaultQualifier,
    namespace,
    memory_limit_in_mb: 128,
    time_limit_in_ms: 3000,
  };
  if (async) {
    context.background(() => context.runFunction(request, handler, event, invokeContext));
    return tencentResult({ FunctionRequestId: functionRequestId }, requestId);
  }
  const run = await context.runFunction(request, handler, event, invokeContext);
  const wantsLog = params['LogType'] === 'Tail';
  return tencentResult(resultFields(run, functionRequestId, wantsLog), requestId);
}

/** The `Result` object of a sync invocation, as SCF fills it. */
function resultFields(run: FunctionRun, functionRequestId: string, wantsLog: boolean): Record<string, unknown> {
  const errorText = scfFunctionErrorText(run);
  return {
    Log: wantsLog ? tail(run.log, LOG_TAIL_BYTES) : '',
    RetMsg: run.ok ? (JSON.stringify(run.value) ?? '') : errorText,
    ErrMsg: errorText,
    MemUsage: run.memoryBytes,
    Duration: run.durationMs,
    // SCF bills in 1 ms steps, rounding up, at least 1 ms.
    BillDuration: Math.max(1, Math.ceil(run.durationMs)),
    FunctionRequestId: functionRequestId,
    InvokeResult: run.ok ? 0 : -1,
  };
}
