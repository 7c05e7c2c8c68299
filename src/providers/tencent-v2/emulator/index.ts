/** The emulated SCF legacy API v2, as the emulator's server, fault plan and run ledger use it. */
import type { EmulatedApi } from '../../emulator-api.js';
import { tencentV2Route } from './route.js';
import { readRequestParams } from './verify.js';
import { qcloudV2ErrorResponse } from './wire.js';

export const tencentV2Emulator: EmulatedApi = {
  ...tencentV2Route,
  functionNames(request) {
    const name = readRequestParams(request).get('functionName');
    return name === undefined ? [] : [name];
  },
  invocationOf(request) {
    const params = readRequestParams(request);
    return { functionName: params.get('functionName') ?? '', event: params.get('param') ?? '' };
  },
  // 4400 is the legacy table's "quota exceeded" (providers.md §2.4), fcinvoke's v2 throttling code.
  throttledAnswer: (message) => qcloudV2ErrorResponse({ code: 4400, codeDesc: 'RequestLimitExceeded', message }),
  logHeader: 'X-Fcinvoke-Log',
};
