/** The emulated FC 3.0 `InvokeFunction` API: `POST /2023-03-30/functions/{name}/invocations[?qualifier=…]`. */
import { randomBytes } from 'node:crypto';
import { encodeBase64Log } from '../../shared/base64-log.js';
import type { FunctionRun } from '../../emulator-api.js';
import { tail } from '../../shared/emulator/log-tail.js';
import type { EmulatorContext, EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../emulator-api.js';
import { checkHostAccount } from '../../shared/emulator/host-account.js';
import { NonceLedger, verifyAcs3 } from './verify.js';
import { fcAccepted, fcError, fcInvocationResult, fcRequestId } from './wire.js';
import { decodeFcEvent } from '../../shared/emulator/fc-event.js';

const MIB = 1024 * 1024;
/** Limits the cloud enforces (providers.md §3.5). */
const MAX_SYNC_PAYLOAD_BYTES = 32 * MIB;
const MAX_ASYNC_PAYLOAD_BYTES = 128 * 1024;
const LOG_TAIL_BYTES = 4 * 1024;
/** Default per-account concurrency (providers.md §3.5); beyond it FC answers 429 ResourceExhausted. */
export const MAX_CONCURRENT_INVOCATIONS = 100;

const PATH = /^\/2023-03-30\/functions\/([^/?]+)\/invocations$/;
const TASK_ID = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;
const FC_HOST = /^(\d+)\.([a-z0-9-]+?)(?:-internal)?\.fc\.aliyuncs\.com(?::\d+)?$/;

/** Per-emulator state: one ledger of nonces and one count of running functions for each running emulator. */
interface RouteState {
  nonces: NonceLedger;
  running: number;
  instanceId: string;
}
const states = new WeakMap<EmulatorContext, RouteState>();

/** The FC 3.0 route, claimed by its versioned invocation path. */
export const aliyunRoute: EmulatorRoute = {
  id: 'aliyun',
  matches: (request) => PATH.test(pathOf(request.rawUrl)),
  handle: handleAliyun,
};

async function handleAliyun(request: EmulatorRequest, context: EmulatorContext): Promise<EmulatorResponse> {
  const state = stateFor(context);
  const requestId = fcRequestId(request.receivedAt);
  const fail = (status: number, code: string, message: string) => fcError(status, code, message, requestId);
  const path = pathOf(request.rawUrl);

  if (request.method !== 'POST') {
    return fail(400, 'PathNotSupported', `'${request.method}' against '${path}' is not supported`);
  }
  const authFailure = verifyAcs3(request, context.keys.aliyun, state.nonces);
  if (authFailure !== null) return fail(authFailure.status, authFailure.code, authFailure.message);
  const accountFailure = checkHostAccount(request.headers, false);
  if (accountFailure !== null) return fail(accountFailure.status, accountFailure.code, accountFailure.message);

  let functionName: string;
  try {
    functionName = decodeURIComponent(PATH.exec(path)![1]!);
  } catch {
    return fail(400, 'InvalidArgument', `the function name in '${path}' is not valid percent-encoding`);
  }
  const invocationType = request.headers['x-fc-invocation-type'] ?? 'Sync';
  if (!['Sync', 'Async', 'Task'].includes(invocationType)) {
    return fail(400, 'InvalidArgument', `x-fc-invocation-type '${invocationType}' is not Sync or Async`);
  }
  const async = invocationType !== 'Sync';
  const taskId = request.headers['x-fc-async-task-id'];
  if (taskId !== undefined && !TASK_ID.test(taskId)) {
    return fail(400, 'InvalidArgument', `x-fc-async-task-id '${taskId}' is not a valid task id`);
  }
  const limit = async ? MAX_ASYNC_PAYLOAD_BYTES : MAX_SYNC_PAYLOAD_BYTES;
  if (request.body.byteLength > limit) {
    return fail(400, 'EntityTooLarge', `payload size exceeds maximum allowed size (${limit} bytes)`);
  }
  const handler = await context.functions.find(functionName, 'handler');
  if (handler === undefined) return fail(404, 'FunctionNotFound', `function '${functionName}' does not exist.`);
  if (state.running >= MAX_CONCURRENT_INVOCATIONS) {
    return fail(429, 'ResourceExhausted', `concurrent invocations exceed the limit (${MAX_CONCURRENT_INVOCATIONS})`);
  }

  const qualifier = queryValue(request.rawUrl, 'qualifier') ?? 'LATEST';
  const host = FC_HOST.exec(request.headers['host'] ?? '');
  const invokeContext = {
    requestId,
    function: { name: functionName, handler: 'index.handler', memory: 128, timeout: 3, qualifier },
    region: host?.[2] ?? 'cn-hangzhou',
    accountId: host?.[1] ?? '',
  };
  const event = decodeFcEvent(request.body);
  const run = async (): Promise<FunctionRun> => {
    state.running += 1;
    try {
      return await context.runFunction(request, handler, event, invokeContext);
    } finally {
      state.running -= 1;
    }
  };

  if (async) {
    context.background(run);
    return fcAccepted(requestId, taskId);
  }
  const outcome = await run();
  const headers: Record<string, string> = {
    'X-Fc-Request-Id': requestId,
    'X-Fc-Code-Checksum': '1234567890123456789',
    'X-Fc-Instance-Id': state.instanceId,
    'X-Fc-Invocation-Service-Version': qualifier,
    'X-Fc-Invocation-Duration': String(Math.max(1, Math.round(outcome.durationMs))),
    'X-Fc-Max-Memory-Usage': (outcome.memoryBytes / MIB).toFixed(2),
  };
  if (request.headers['x-fc-log-type'] === 'Tail') headers['X-Fc-Log-Result'] = encodeBase64Log(tail(outcome.log, LOG_TAIL_BYTES));
  if (outcome.error !== null) {
    // A failed function is still HTTP 200, marked by x-fc-error-type; the body is the runtime's error JSON.
    headers['X-Fc-Error-Type'] = 'UnhandledInvocationError';
    return fcInvocationResult(Buffer.from(JSON.stringify(outcome.error)), headers);
  }
  return fcInvocationResult(serializeOutput(outcome.value), headers);
}

/** A string or bytes go out verbatim (as the FC runtimes do), anything else as JSON. */
function serializeOutput(value: unknown): Buffer {
  if (value === undefined || value === null) return Buffer.alloc(0);
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (value instanceof Uint8Array) return Buffer.from(value);
  return Buffer.from(JSON.stringify(value) ?? '', 'utf8');
}

function stateFor(context: EmulatorContext): RouteState {
  let state = states.get(context);
  if (state === undefined) {
    state = { nonces: new NonceLedger(), running: 0, instanceId: `c-${randomBytes(12).toString('hex')}` };
    states.set(context, state);
  }
  return state;
}

/** One decoded query parameter (`+` literal, as the verifier reads it). */
function queryValue(rawUrl: string, name: string): string | undefined {
  const queryAt = rawUrl.indexOf('?');
  if (queryAt === -1) return undefined;
  for (const pair of rawUrl.slice(queryAt + 1).split('&')) {
    const equals = pair.indexOf('=');
    const key = equals === -1 ? pair : pair.slice(0, equals);
    const value = equals === -1 ? '' : pair.slice(equals + 1);
    if (key !== name) continue;
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}

function pathOf(rawUrl: string): string {
  const queryAt = rawUrl.indexOf('?');
  return queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
}
