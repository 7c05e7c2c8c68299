/**
 * The emulator's own routes under `/__fcinvoke/`, a prefix no cloud API uses (their paths start with `/`,
 * `/v2/`, `/2023-03-30/`, `/2016-08-15/`): the run ledger, for tests that run the emulator as a separate
 * process. They are answered before routing, so fault rules never touch them.
 *
 * - `GET /__fcinvoke/ledger` → 200, the ledger snapshot as JSON; `DELETE` → 204, the ledger emptied.
 */
import type { RunLedger } from './ledger.js';
import type { EmulatorResponse } from './types.js';

/** The prefix of the emulator's own routes. */
export const CONTROL_PREFIX = '/__fcinvoke/';
/** The run ledger's path. */
export const LEDGER_PATH = '/__fcinvoke/ledger';

/** Whether a request is for the emulator's own routes. */
export function isControlPath(rawUrl: string): boolean {
  return rawUrl.startsWith(CONTROL_PREFIX);
}

/** The answer of an emulator route (the request's body, if any, is ignored). */
export function controlAnswer(method: string, rawUrl: string, ledger: RunLedger): EmulatorResponse {
  const path = rawUrl.split('?')[0];
  if (path === LEDGER_PATH) {
    if (method === 'GET') return json(ledger.snapshot());
    if (method === 'DELETE') {
      ledger.reset();
      return { status: 204, headers: {}, body: '' };
    }
    return notAllowed('GET, DELETE');
  }
  return {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    body: `no emulator route at ${rawUrl} (there is ${LEDGER_PATH})\n`,
  };
}

function json(value: unknown): EmulatorResponse {
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
    body: JSON.stringify(value),
  };
}

function notAllowed(allow: string): EmulatorResponse {
  return {
    status: 405,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', Allow: allow },
    body: `method not allowed; use ${allow}\n`,
  };
}
