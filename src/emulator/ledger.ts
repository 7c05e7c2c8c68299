/**
 * The run ledger: how many requests for each client invocation reached the emulator, and how many times the
 * function actually ran for them (docs/emulator.md, "The run ledger"). It lets a test assert "the function ran at
 * most once per invocation" however the client retried, against an in-process emulator (`emulator.ledger()`) or a
 * separate `fcinvoke emulator` process (`GET /__fcinvoke/ledger`).
 *
 * A client invocation is keyed by what stays the same when the client re-sends it: provider, function and the
 * event bytes. Signatures, timestamps and nonces change on every attempt, so they cannot be the key; a test that
 * wants one key per invocation sends a distinct event each time (`{"n": 1}`, `{"n": 2}`, …).
 */
import { createHash } from 'node:crypto';
import type { ProviderId } from '../providers/registry.js';
import type { EmulatorRequest } from '../providers/emulator-api.js';
import { emulatedApi } from './routes.js';

/** One client invocation as the ledger saw it. */
export interface LedgerInvocation {
  /** {@link ledgerKey} of provider, function and event. */
  key: string;
  provider: ProviderId;
  /** The function the requests named (FC 2.0: `service/function`); '' when the request named none readably. */
  function: string;
  /** Requests for this invocation that reached its API, whatever became of them. */
  requests: number;
  /** Times the function started for them. More than 1 means the invocation was re-sent and ran again. */
  runs: number;
  /** The fault each faulted request got (`http-503`, `reset-mid-body`, …), in arrival order. */
  faults: string[];
  /** When the first request arrived (ISO 8601). */
  firstRequestAt: string;
  /** When each run started (ISO 8601), the first {@link MAX_TIMES_KEPT}. */
  runsAt: string[];
}

/** The whole ledger, as `GET /__fcinvoke/ledger` answers it and `emulator.ledger()` returns it. */
export interface LedgerSnapshot {
  /** Requests that reached a provider's API and were read whole (the sum of the invocations' `requests`). */
  requests: number;
  /** Function runs (the sum of the invocations' `runs`). */
  runs: number;
  /**
   * Requests refused before their body was read, so without a key: over the in-flight byte cap (HTTP 429) or
   * the per-request size limit (HTTP 413). The function never runs for them.
   */
  refusedUnread: number;
  /** Invocations dropped, oldest first, to keep the ledger within {@link MAX_INVOCATIONS}. */
  evicted: number;
  /** Every invocation seen since start or the last reset, in order of first arrival. */
  invocations: LedgerInvocation[];
}

/** The ledger keeps this many invocations; older ones are dropped (and counted) so a long-lived emulator stays small. */
export const MAX_INVOCATIONS = 10_000;
/** Run timestamps kept per invocation (the counts go on). */
export const MAX_TIMES_KEPT = 100;

/**
 * The key of a client invocation: `<provider>:<function>:<first 32 hex digits of SHA-256(event)>`. The event is
 * the bytes the function gets: the request body (FC 3.0, FC 2.0, FunctionGraph), the `Event` (or `ClientContext`)
 * string (SCF API 3.0), the `param` value (SCF v2).
 */
export function ledgerKey(provider: ProviderId, functionName: string, event: string | Uint8Array): string {
  const digest = createHash('sha256').update(event).digest('hex').slice(0, 32);
  return `${provider}:${functionName}:${digest}`;
}

/** The counts of one key in a snapshot; zero for a key the ledger never saw. */
export function countsOf(snapshot: LedgerSnapshot, key: string): { requests: number; runs: number } {
  const found = snapshot.invocations.find((invocation) => invocation.key === key);
  return { requests: found?.requests ?? 0, runs: found?.runs ?? 0 };
}

/** The ledger of one running emulator. */
export class RunLedger {
  private invocations = new Map<string, LedgerInvocation>();
  private byRequest = new WeakMap<EmulatorRequest, LedgerInvocation>();
  private refused = 0;
  private evicted = 0;

  /** Records a request that reached `provider`'s API, with the fault it is about to get, if any. */
  arrived(provider: ProviderId, request: EmulatorRequest, fault: string | undefined): void {
    const { functionName, event } = invocationOf(provider, request);
    const key = ledgerKey(provider, functionName, event);
    let entry = this.invocations.get(key);
    if (entry === undefined) {
      entry = {
        key,
        provider,
        function: functionName,
        requests: 0,
        runs: 0,
        faults: [],
        firstRequestAt: request.receivedAt.toISOString(),
        runsAt: [],
      };
      this.invocations.set(key, entry);
      this.evictOldest();
    }
    entry.requests += 1;
    if (fault !== undefined && entry.faults.length < MAX_TIMES_KEPT) entry.faults.push(fault);
    this.byRequest.set(request, entry);
  }

  /** Records that the function started for `request` (a request the server did not record is ignored). */
  ran(request: EmulatorRequest): void {
    const entry = this.byRequest.get(request);
    if (entry === undefined) return;
    entry.runs += 1;
    if (entry.runsAt.length < MAX_TIMES_KEPT) entry.runsAt.push(new Date().toISOString());
  }

  /** Records a request refused before its body was read. */
  refusedBeforeRead(): void {
    this.refused += 1;
  }

  /** A copy of the ledger as it is now. */
  snapshot(): LedgerSnapshot {
    const invocations = [...this.invocations.values()].map((entry) => ({
      ...entry,
      faults: [...entry.faults],
      runsAt: [...entry.runsAt],
    }));
    return {
      requests: invocations.reduce((sum, entry) => sum + entry.requests, 0),
      runs: invocations.reduce((sum, entry) => sum + entry.runs, 0),
      refusedUnread: this.refused,
      evicted: this.evicted,
      invocations,
    };
  }

  /** Forgets everything, requests in flight included: their runs are not counted afterwards. */
  reset(): void {
    this.invocations = new Map();
    this.byRequest = new WeakMap();
    this.refused = 0;
    this.evicted = 0;
  }

  private evictOldest(): void {
    while (this.invocations.size > MAX_INVOCATIONS) {
      const oldest = this.invocations.keys().next().value as string;
      this.invocations.delete(oldest);
      this.evicted += 1;
    }
  }
}

/**
 * The function and event bytes a request carries, read the way each API reads them but without judging the
 * request: a request the API will refuse still gets a key, so its arrival is counted.
 */
export function invocationOf(provider: ProviderId, request: EmulatorRequest): { functionName: string; event: Uint8Array | string } {
  return emulatedApi(provider).invocationOf(request);
}
