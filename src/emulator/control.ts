/**
 * The emulator's own routes under `/__fcinvoke/`, a prefix no cloud API uses (their paths start with `/`,
 * `/v2/`, `/2023-03-30/`, `/2016-08-15/`): the run ledger and the in-flight stats, for tests that run the emulator
 * as a separate process. They are answered before routing, so fault rules never touch them.
 *
 * - `GET /__fcinvoke/ledger` → 200, the {@link LedgerSnapshot} as JSON; `DELETE` → 204, the ledger emptied.
 * - `GET /__fcinvoke/stats` → 200, the {@link InFlightStats} as JSON.
 * - `GET /__fcinvoke/exchanges` → 200, requests answered per credential service (`{"tencent-sts": 1}`);
 *   `DELETE` → 204, the counts emptied.
 */
import type { InFlightBytes } from './in-flight.js';
import type { RunLedger } from './ledger.js';
import type { EmulatorRequest, EmulatorResponse } from '../providers/emulator-api.js';

/** The prefix of the emulator's own routes. */
export const CONTROL_PREFIX = '/__fcinvoke/';
/** The run ledger's path. */
export const LEDGER_PATH = '/__fcinvoke/ledger';
/** The in-flight stats' path. */
export const STATS_PATH = '/__fcinvoke/stats';
/** The credential-exchange counts' path. */
export const EXCHANGES_PATH = '/__fcinvoke/exchanges';

/** Whether a request is for the emulator's own routes. */
export function isControlPath(rawUrl: string): boolean {
  return rawUrl.startsWith(CONTROL_PREFIX);
}

/** The answer of an emulator route (the request's body, if any, is ignored). */
export function controlAnswer(
  request: EmulatorRequest,
  ledger: RunLedger,
  inFlight: InFlightBytes,
  exchanges: Map<string, number>,
): EmulatorResponse {
  const path = request.rawUrl.split('?')[0];
  if (path === LEDGER_PATH) {
    if (request.method === 'GET') return json(ledger.snapshot());
    if (request.method === 'DELETE') {
      ledger.reset();
      return { status: 204, headers: {}, body: '' };
    }
    return notAllowed('GET, DELETE');
  }
  if (path === EXCHANGES_PATH) {
    if (request.method === 'GET') return json(Object.fromEntries(exchanges));
    if (request.method === 'DELETE') {
      exchanges.clear();
      return { status: 204, headers: {}, body: '' };
    }
    return notAllowed('GET, DELETE');
  }
  if (path === STATS_PATH) return request.method === 'GET' ? json(inFlight.stats()) : notAllowed('GET');
  return {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    body: `no emulator route at ${request.rawUrl} (there are ${LEDGER_PATH}, ${STATS_PATH} and ${EXCHANGES_PATH})\n`,
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
