/**
 * The emulated FunctionGraph v2 invoke API: `POST /v2/{project_id}/fgs/functions/{urn}/invocations` (sync) and
 * `/invocations-async` (providers.md §5), one route per FunctionGraph cloud (Huawei Cloud, the Open Telekom Cloud).
 * Any project id; built-in and user functions live in package `default` under any version or alias.
 *
 * Both clouds' routes see the same path on the same loopback port, and the Host says nothing (it is 127.0.0.1). What
 * tells them apart is what does in the real world: whose IAM issued the credential. A request signed with an OTC
 * key, or carrying the OTC demo token, is the `otc` route's; any other is `huawei`'s, so an unknown key gets the
 * Huawei gateway's refusal, as before OTC existed.
 */
import { randomUUID } from 'node:crypto';
import type { FunctionRun } from '../../../emulator-api.js';
import { tail } from '../../emulator/log-tail.js';
import type { EmulatorContext, EmulatorKeys, EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../../emulator-api.js';
import type { CloudId } from '../../../types.js';
import { DEMO_IAM_TOKENS, verifyFunctionGraphAuth } from './verify.js';
import { functionGraphAccepted, functionGraphError, functionGraphSyncResult } from './wire.js';

const MIB = 1024 * 1024;
/** Limits the cloud enforces (providers.md §5.5). */
const MAX_SYNC_BODY_BYTES = 6 * MIB;
const MAX_ASYNC_BODY_BYTES = 256 * 1024;
const LOG_TAIL_BYTES = 2000;
/** Concurrent executions per account before FSS.0429 (the default quota, providers.md §5.5). */
const MAX_CONCURRENCY = 100;
const MEMORY_SIZE_MB = 128;
const TIMEOUT_MS = 3000;

const FGS_PATH = /^\/v2\/[^/]+\/fgs\//;
const INVOKE_PATH = /^\/v2\/([^/]+)\/fgs\/functions\/([^/]+)\/(invocations|invocations-async)$/;

/** Executions in flight, per emulator (routes are module singletons shared by every running emulator). */
const running = new WeakMap<EmulatorContext, number>();

/** The FunctionGraph clouds, each with its credentials in the emulator's key sets. */
export type FunctionGraphCloudId = Extract<CloudId, 'huawei' | 'otc'>;

/** The route of one FunctionGraph cloud; its id is the provider id (`huawei`, `otc`), its keys that cloud's. */
export function functionGraphRoute(cloud: FunctionGraphCloudId): EmulatorRoute {
  return {
    id: cloud,
    matches: (request, keys) => FGS_PATH.test(request.rawUrl.split('?')[0] ?? '') && credentialCloud(request, keys) === cloud,
    handle: (request, context) => handleFunctionGraph(cloud, request, context),
  };
}

/** Whose credential a request carries: `otc` for an OTC access key, the OTC demo token or an issued OTC IAM token, else `huawei`. */
export function credentialCloud(request: EmulatorRequest, keys: EmulatorKeys | undefined): FunctionGraphCloudId {
  const access = ACCESS_KEY.exec(request.headers['authorization'] ?? '')?.[1];
  if (access !== undefined) return keys?.otc.has(access) === true && keys.huawei.has(access) !== true ? 'otc' : 'huawei';
  const token = request.headers['x-auth-token'];
  return token === DEMO_IAM_TOKENS.otc || token?.startsWith(ISSUED_OTC_TOKEN) === true ? 'otc' : 'huawei';
}

/** How the emulator's IAM tokens for OTC begin (emulator/credentials/issuer.ts names the cloud first; its MAC is checked later). */
const ISSUED_OTC_TOKEN = 'fcinvoke-iam.otc.';

const ACCESS_KEY = /^SDK-HMAC-SHA256 Access=([^,\s]+)/;

/** The Open Telekom Cloud's regions (providers.md §9.1); every other region is Huawei Cloud's. */
const OTC_REGIONS: readonly string[] = ['eu-de', 'eu-nl'];

function cloudOfRegion(region: string): FunctionGraphCloudId {
  return OTC_REGIONS.includes(region) ? 'otc' : 'huawei';
}

async function handleFunctionGraph(
  cloud: FunctionGraphCloudId,
  request: EmulatorRequest,
  context: EmulatorContext,
): Promise<EmulatorResponse> {
  const gatewayRequestId = randomUUID();
  const fail = (status: number, code: string, message: string) => functionGraphError(status, code, message, gatewayRequestId);

  const match = INVOKE_PATH.exec(request.rawUrl.split('?')[0] ?? '');
  if (request.method !== 'POST' || match === null) {
    return fail(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment.');
  }
  const [, rawProjectId, rawUrn, operation] = match as unknown as [string, string, string, string];
  // A URN in the other cloud's region was meant for the other cloud's gateway, which does not know this key.
  const urnRegion = parseUrn(safeDecode(rawUrn))?.region;
  if (urnRegion !== undefined && cloudOfRegion(urnRegion) !== cloud) {
    return fail(401, 'APIGW.0301', `Incorrect IAM authentication information: ak not found (region ${urnRegion} is another cloud's)`);
  }
  const authFailure = verifyFunctionGraphAuth(request, context.keys[cloud], DEMO_IAM_TOKENS[cloud], (token) =>
    context.acceptsIamToken(cloud, token),
  );
  if (authFailure !== null) return fail(authFailure.status, authFailure.code, authFailure.message);

  const async = operation === 'invocations-async';
  const limit = async ? MAX_ASYNC_BODY_BYTES : MAX_SYNC_BODY_BYTES;
  if (request.body.byteLength > limit) {
    return fail(413, 'FSS.0413', `The request body exceeds ${limit} bytes.`);
  }
  const projectId = safeDecode(rawProjectId);
  const urnText = safeDecode(rawUrn);
  const urn = parseUrn(urnText);
  if (urn === undefined) return fail(400, 'FSS.0400', `Invalid function urn: ${urnText}.`);
  if (urn.projectId !== projectId) {
    return fail(404, 'FSS.1051', `Not found the function ${urnText} in project ${projectId}.`);
  }
  const handler = urn.package === 'default' ? await context.functions.find(urn.name, 'handler') : undefined;
  if (handler === undefined) return fail(404, 'FSS.1051', `Not found the function ${urnText}.`);

  let event: unknown;
  try {
    const text = request.body.toString('utf8');
    event = text.trim() === '' ? {} : (JSON.parse(text) as unknown);
  } catch {
    return fail(400, 'FSS.0400', 'The request body is not valid JSON.');
  }
  const inFlight = running.get(context) ?? 0;
  if (inFlight >= MAX_CONCURRENCY) {
    return fail(429, 'FSS.0429', `Too many requests: more than ${MAX_CONCURRENCY} concurrent executions.`);
  }

  const requestId = randomUUID();
  const version = urn.qualifier ?? 'latest';
  const invokeContext = functionContext(requestId, urn, projectId);
  const execute = async (): Promise<FunctionRun> => {
    running.set(context, (running.get(context) ?? 0) + 1);
    try {
      return await context.runFunction(request, handler, event, invokeContext);
    } finally {
      running.set(context, (running.get(context) ?? 1) - 1);
    }
  };
  if (async) {
    context.background(execute);
    return functionGraphAccepted(requestId, gatewayRequestId);
  }
  const run = await execute();
  const wantsLog = (request.headers['x-cff-log-type'] ?? '').toLowerCase() === 'tail';
  const billingDurationMs = Math.max(1, Math.ceil(run.durationMs));
  const memoryUsedMb = Math.round((run.memoryBytes / MIB) * 1000) / 1000;
  return functionGraphSyncResult({
    requestId,
    gatewayRequestId,
    result: run.ok ? (JSON.stringify(run.value) ?? '') : JSON.stringify(run.error),
    failed: !run.ok,
    log: wantsLog ? tail(runtimeLog(run, requestId, version, billingDurationMs, memoryUsedMb, MEMORY_SIZE_MB), LOG_TAIL_BYTES) : null,
    durationMs: run.durationMs,
    billingDurationMs,
    memoryUsedMb,
    memorySizeMb: MEMORY_SIZE_MB,
    responseVersion: request.headers['x-cff-request-version']?.toLowerCase() === 'v1' ? 'v1' : 'v0',
  });
}

interface Urn {
  region: string;
  projectId: string;
  package: string;
  name: string;
  qualifier?: string | undefined;
}

/** `urn:fss:{region}:{project}:function:{package}:{name}[:{version}|:!{alias}]`. */
function parseUrn(text: string): Urn | undefined {
  const parts = text.split(':');
  if (parts.length !== 7 && parts.length !== 8) return undefined;
  const [urn, fss, region, projectId, kind, pkg, name, qualifier] = parts;
  if (urn !== 'urn' || fss !== 'fss' || kind !== 'function' || !region || !projectId || !pkg || !name) return undefined;
  if (qualifier === '' || qualifier === '!') return undefined;
  return { region, projectId, package: pkg, name, qualifier };
}

/** A FunctionGraph-style Node.js context: the getters user code calls (no credentials). */
function functionContext(requestId: string, urn: Urn, projectId: string): Record<string, unknown> {
  const started = Date.now();
  return {
    request_id: requestId,
    function_name: urn.name,
    function_version: urn.qualifier ?? 'latest',
    package: urn.package,
    project_id: projectId,
    memory_limit_in_mb: MEMORY_SIZE_MB,
    getRequestID: () => requestId,
    getFunctionName: () => urn.name,
    getVersion: () => urn.qualifier ?? 'latest',
    getPackage: () => urn.package,
    getProjectID: () => projectId,
    getMemorySize: () => MEMORY_SIZE_MB,
    getRunningTimeInSeconds: () => TIMEOUT_MS / 1000,
    getRemainingTimeInMilliSeconds: () => Math.max(0, TIMEOUT_MS - (Date.now() - started)),
    getUserData: () => undefined,
  };
}

/**
 * The function's output framed by the runtime's start and finish lines, as FunctionGraph logs an invocation. The
 * Finish line carries the fields of the seed's example (seed 003): duration, billing duration, memory used and
 * billing memory (FunctionGraph bills the configured memory).
 */
function runtimeLog(
  run: FunctionRun,
  requestId: string,
  version: string,
  billingMs: number,
  memoryMb: number,
  billingMemoryMb: number,
): string {
  const finished = Date.now();
  const stamp = (time: number) => `${new Date(time).toISOString().replace('T', ' ').slice(0, 19).replace(/-/g, '/')} GMT+00:00`;
  return [
    `${stamp(finished - run.durationMs)} Start invoke request '${requestId}', version: ${version}\n`,
    run.log,
    `${stamp(finished)} Finish invoke request '${requestId}'(invoke ${run.ok ? 'Succeed' : 'Failed'}), duration: ${run.durationMs.toFixed(3)}ms, billing duration: ${billingMs}ms, memory used: ${memoryMb.toFixed(3)}MB, billing memory: ${billingMemoryMb}MB\n`,
  ].join('');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
