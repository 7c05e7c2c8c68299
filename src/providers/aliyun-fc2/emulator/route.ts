/**
 * The emulated FC 2.0 `InvokeFunction`: `POST /2016-08-15/services/{service}[.{qualifier}]/functions/{fn}/invocations`
 * (providers.md §4). Every service name exists, so the built-ins answer under any service and account.
 */
import { randomUUID } from 'node:crypto';
import { encodeBase64Log } from '../../shared/base64-log.js';
import { checkHostAccount } from '../../shared/emulator/host-account.js';
import type { FunctionRun } from '../../emulator-api.js';
import { tail } from '../../shared/emulator/log-tail.js';
import type { EmulatorContext, EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../emulator-api.js';
import { verifyFcSignature } from './verify.js';
import { fc2Accepted, fc2Error, fc2Result } from './wire.js';
import { decodeFcEvent } from '../../shared/emulator/fc-event.js';

const MIB = 1024 * 1024;
/** Limits the cloud enforces (providers.md §4.5). */
const MAX_SYNC_EVENT_BYTES = 32 * MIB;
const MAX_ASYNC_EVENT_BYTES = 128 * 1024;
const LOG_TAIL_BYTES = 4 * 1024;
const PATH_PREFIX = '/2016-08-15/';
const INVOCATION_PATH = /^\/2016-08-15\/services\/([^/]+)\/functions\/([^/]+)\/invocations$/;
/** One emulator process is one "instance"; FC reports the instance that ran the call. */
const INSTANCE_ID = `c-${randomUUID().replace(/-/g, '').slice(0, 24)}`;
const CODE_CHECKSUM = '0000000000000000000';
/** FC's default instance quota per region and account (providers.md §4.5); one more concurrent sync call is throttled. */
export const MAX_CONCURRENT_INVOCATIONS = 100;
/** Sync invocations running now, per emulator (the context is one per server). */
const running = new WeakMap<EmulatorContext, number>();

/** Claims every request under the 2016-08-15 API path. */
export const aliyunFc2Route: EmulatorRoute = {
  id: 'aliyun-fc2',
  matches: (request) => request.rawUrl.startsWith(PATH_PREFIX),
  handle: handleFc2,
};

async function handleFc2(request: EmulatorRequest, context: EmulatorContext): Promise<EmulatorResponse> {
  const requestId = randomUUID();
  const fail = (status: number, code: string, message: string) => fc2Error(status, code, message, requestId);

  const path = request.rawUrl.split('?')[0] ?? '';
  const target = INVOCATION_PATH.exec(path);
  if (request.method !== 'POST' || target === null) {
    return fail(400, 'PathNotSupported', `'${request.method}' against '${path}' is not supported`);
  }
  const invocationType = request.headers['x-fc-invocation-type'] ?? 'Sync';
  if (invocationType !== 'Sync' && invocationType !== 'Async') {
    return fail(400, 'InvalidArgument', `x-fc-invocation-type must be Sync or Async, not '${invocationType}'`);
  }
  const async = invocationType === 'Async';
  const limit = async ? MAX_ASYNC_EVENT_BYTES : MAX_SYNC_EVENT_BYTES;
  if (request.body.byteLength > limit) {
    return fail(400, 'EntityTooLarge', `payload size exceeds maximum allowed size (${limit} bytes)`);
  }
  const authFailure = verifyFcSignature(request, context.keys.aliyun);
  if (authFailure !== null) return fail(authFailure.status, authFailure.code, authFailure.message);
  const accountFailure = checkHostAccount(request.headers, true);
  if (accountFailure !== null) return fail(accountFailure.status, accountFailure.code, accountFailure.message);

  const serviceSegment = decodeURIComponent(target[1] ?? '');
  const functionName = decodeURIComponent(target[2] ?? '');
  const dot = serviceSegment.indexOf('.');
  const service = dot === -1 ? serviceSegment : serviceSegment.slice(0, dot);
  const qualifier = dot === -1 ? 'LATEST' : serviceSegment.slice(dot + 1);
  const handler = await context.functions.find(functionName, 'handler');
  if (handler === undefined) {
    return fail(404, 'FunctionNotFound', `function '${functionName}' does not exist in service '${service}'`);
  }
  const invokeContext = {
    requestId,
    credentials: { accessKeyId: '', accessKeySecret: '', securityToken: '' },
    function: { name: functionName, handler: 'index.handler', memory: 128, timeout: 3 },
    service: { name: service, logProject: '', logStore: '', qualifier, versionId: '' },
    region: regionOf(request.headers['host'] ?? ''),
    accountId: request.headers['x-fc-account-id'] ?? '',
  };
  const event = decodeFcEvent(request.body);
  if (async) {
    context.background(() => context.runFunction(request, handler, event, invokeContext));
    return fc2Accepted(requestId, request.headers['x-fc-stateful-async-invocation-id']);
  }
  const inFlight = running.get(context) ?? 0;
  if (inFlight >= MAX_CONCURRENT_INVOCATIONS) {
    return fail(429, 'ResourceExhausted', `concurrent invocations exceed the limit of ${MAX_CONCURRENT_INVOCATIONS} instances`);
  }
  running.set(context, inFlight + 1);
  let run: FunctionRun;
  try {
    run = await context.runFunction(request, handler, event, invokeContext);
  } finally {
    running.set(context, (running.get(context) ?? 1) - 1);
  }
  const headers: Record<string, string> = {
    'X-Fc-Request-Id': requestId,
    'X-Fc-Code-Checksum': CODE_CHECKSUM,
    'X-Fc-Instance-Id': INSTANCE_ID,
    'X-Fc-Invocation-Duration': String(Math.max(1, Math.ceil(run.durationMs))),
    'X-Fc-Max-Memory-Usage': (run.memoryBytes / MIB).toFixed(2),
    'X-Fc-Invocation-Service-Version': qualifier,
  };
  if (request.headers['x-fc-log-type'] === 'Tail') {
    headers['X-Fc-Log-Result'] = encodeBase64Log(tail(logOf(run, requestId), LOG_TAIL_BYTES));
  }
  if (!run.ok) headers['X-Fc-Error-Type'] = 'UnhandledInvocationError';
  return fc2Result(outputOf(run), headers);
}

/** What the Node.js runtime sends back: strings and buffers as they are, other values as JSON, errors as JSON. */
function outputOf(run: FunctionRun): Buffer {
  if (!run.ok) {
    const error = run.error ?? { errorMessage: 'unknown error', errorType: 'Error', stackTrace: [] };
    return Buffer.from(
      JSON.stringify({ errorMessage: error.errorMessage, errorType: error.errorType, stackTrace: error.stackTrace }),
    );
  }
  if (run.value === undefined || run.value === null) return Buffer.alloc(0);
  if (typeof run.value === 'string') return Buffer.from(run.value, 'utf8');
  if (run.value instanceof Uint8Array) return Buffer.from(run.value);
  return Buffer.from(JSON.stringify(run.value) ?? '', 'utf8');
}

/** The log framed by the start and end lines FC writes around every invocation. */
function logOf(run: FunctionRun, requestId: string): string {
  return `FC Invoke Start RequestId: ${requestId}\n${run.log}FC Invoke End RequestId: ${requestId}\n`;
}

/** The region of a `{account}.{region}[-internal].fc.aliyuncs.com` host, else ''. */
function regionOf(host: string): string {
  const match = /^\d+\.([a-z0-9-]+?)(?:-internal)?\.fc\.aliyuncs\.com(?::\d+)?$/.exec(host);
  return match?.[1] ?? '';
}
