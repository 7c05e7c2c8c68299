/** The emulated FunctionGraph v2 API, as the emulator's server, fault plan and run ledger use it. */
import { randomUUID } from 'node:crypto';
import type { EmulatedApi, EmulatorRequest } from '../../emulator-api.js';
import { pathOf, safeDecode } from '../../shared/emulator/request-parts.js';
import { huaweiRoute } from './route.js';
import { huaweiError } from './wire.js';

const FUNCTION_PATH = /^\/v2\/[^/]+\/fgs\/functions\/([^/]+)\//;

export const huaweiEmulator: EmulatedApi = {
  ...huaweiRoute,
  functionNames(request) {
    const name = functionName(request);
    return name === undefined || name === '' ? [] : [name];
  },
  invocationOf(request) {
    return { functionName: functionName(request) ?? '', event: request.body };
  },
  throttledAnswer: (message) => huaweiError(429, 'FSS.0429', message, randomUUID()),
  logHeader: 'X-Cff-Function-Log',
};

/** The function name inside the URN a request's path names (its seventh `:` field). */
function functionName(request: EmulatorRequest): string | undefined {
  const match = FUNCTION_PATH.exec(pathOf(request));
  return match === null ? undefined : safeDecode(match[1]!).split(':')[6];
}
