/** The emulated SCF API 3.0, as the emulator's server, fault plan and run ledger use it. */
import { randomUUID } from 'node:crypto';
import type { EmulatedApi } from '../../emulator-api.js';
import { jsonObjectOf } from '../../shared/emulator/request-parts.js';
import { tencentRoute } from './route.js';
import { tencentError } from './wire.js';

export const tencentEmulator: EmulatedApi = {
  ...tencentRoute,
  functionNames(request) {
    const name = jsonObjectOf(request.body)?.['FunctionName'];
    return typeof name === 'string' ? [name] : [];
  },
  invocationOf(request) {
    const params = jsonObjectOf(request.body);
    if (params === undefined) return { functionName: '', event: request.body };
    const name = typeof params['FunctionName'] === 'string' ? params['FunctionName'] : '';
    const field = request.headers['x-tc-action'] === 'Invoke' ? 'ClientContext' : 'Event';
    const event = params[field];
    return { functionName: name, event: typeof event === 'string' ? event : '' };
  },
  throttledAnswer: (message) => tencentError('RequestLimitExceeded', message, randomUUID()),
  // The API returns its log tail in the body; the log faults spoil this header, which the client also reads.
  logHeader: 'X-Fcinvoke-Log',
};
