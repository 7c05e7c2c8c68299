/** The emulated Function Compute 2.0 API, as the emulator's server, fault plan and run ledger use it. */
import { randomUUID } from 'node:crypto';
import type { EmulatedApi, EmulatorRequest } from '../../emulator-api.js';
import { pathOf, safeDecode } from '../../shared/emulator/request-parts.js';
import { aliyunFc2Route } from './route.js';
import { fc2Error } from './wire.js';

const INVOCATION_PATH = /^\/2016-08-15\/services\/([^/]+)\/functions\/([^/]+)\/invocations$/;

export const aliyunFc2Emulator: EmulatedApi = {
  ...aliyunFc2Route,
  functionNames(request) {
    const named = serviceAndName(request);
    return named === undefined ? [] : [named.name, `${named.service}/${named.name}`];
  },
  invocationOf(request) {
    const named = serviceAndName(request);
    return { functionName: named === undefined ? '' : `${named.service}/${named.name}`, event: request.body };
  },
  throttledAnswer: (message) => fc2Error(429, 'ResourceExhausted', message, randomUUID()),
  logHeader: 'X-Fc-Log-Result',
};

/** The service (without its `.qualifier`) and function a request's path names. */
function serviceAndName(request: EmulatorRequest): { service: string; name: string } | undefined {
  const match = INVOCATION_PATH.exec(pathOf(request));
  if (match === null) return undefined;
  return { service: safeDecode(match[1]!).split('.')[0] ?? '', name: safeDecode(match[2]!) };
}
