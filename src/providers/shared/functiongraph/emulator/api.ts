/** The emulated FunctionGraph v2 API of one cloud, as the emulator's server, fault plan and run ledger use it. */
import { randomUUID } from 'node:crypto';
import type { EmulatedApi, EmulatorRequest } from '../../../emulator-api.js';
import { pathOf, safeDecode } from '../../emulator/request-parts.js';
import { functionGraphRoute, type FunctionGraphCloudId } from './route.js';
import { functionGraphError } from './wire.js';

const FUNCTION_PATH = /^\/v2\/[^/]+\/fgs\/functions\/([^/]+)\//;

/** The emulated API of `cloud`'s FunctionGraph (`huawei`, `otc`). */
export function createFunctionGraphEmulator(cloud: FunctionGraphCloudId): EmulatedApi {
  return {
  ...functionGraphRoute(cloud),
  functionNames(request) {
    const name = functionName(request);
    return name === undefined || name === '' ? [] : [name];
  },
  invocationOf(request) {
    return { functionName: functionName(request) ?? '', event: request.body };
  },
  throttledAnswer: (message) => functionGraphError(429, 'FSS.0429', message, randomUUID()),
  logHeader: 'X-Cff-Function-Log',
  };
}

/** The function name inside the URN a request's path names (its seventh `:` field). */
function functionName(request: EmulatorRequest): string | undefined {
  const match = FUNCTION_PATH.exec(pathOf(request));
  return match === null ? undefined : safeDecode(match[1]!).split(':')[6];
}
