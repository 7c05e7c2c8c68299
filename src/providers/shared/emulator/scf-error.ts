/** What SCF (API 3.0 and the legacy v2) reports for a function that threw. */
import type { FunctionRun } from '../../emulator-api.js';

/** The error JSON SCF puts in `RetMsg`/`ErrMsg` (v2: `retMsg`/`errMsg`) when the function failed; '' when it did not. */
export function scfFunctionErrorText(run: FunctionRun): string {
  if (run.error === null) return '';
  return JSON.stringify({
    errorCode: -1,
    errorMessage: run.error.errorMessage,
    stackTrace: run.error.stackTrace.join('\n'),
    statusCode: 430,
  });
}
