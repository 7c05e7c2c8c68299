/** The emulated Function Compute 3.0 API, as the emulator's server, fault plan and run ledger use it. */
import type { EmulatedApi } from '../../emulator-api.js';
import { pathOf, safeDecode } from '../../shared/emulator/request-parts.js';
import { aliyunRoute } from './route.js';
import { fcError, fcRequestId } from './wire.js';

const INVOCATION_PATH = /^\/2023-03-30\/functions\/([^/]+)\/invocations$/;

export const aliyunEmulator: EmulatedApi = {
  ...aliyunRoute,
  functionNames(request) {
    const match = INVOCATION_PATH.exec(pathOf(request));
    return match === null ? [] : [safeDecode(match[1]!)];
  },
  invocationOf(request) {
    const match = INVOCATION_PATH.exec(pathOf(request));
    return { functionName: match === null ? '' : safeDecode(match[1]!), event: request.body };
  },
  throttledAnswer: (message) => fcError(429, 'ResourceExhausted', message, fcRequestId(new Date())),
  logHeader: 'X-Fc-Log-Result',
};
