/**
 * A stand-in for the clouds' exchange modules: it answers every exchange with temporary credentials from the
 * emulator's {@link CredentialIssuer}, so what it issues really invokes on the emulator, and it counts its calls.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExchangeSource, SourceCloud } from '../../src/core/credential-source.js';
import type { Credentials } from '../../src/core/credentials.js';
import { CredentialIssuer } from '../../src/emulator/credentials/issuer.js';
import type { Exchange, ExchangeContext } from '../../src/engine/credentials/types.js';

/** A clock the test moves. */
export class TestClock {
  constructor(private time = Date.parse('2026-01-01T00:00:00Z')) {}
  now = (): Date => new Date(this.time);
  advance(ms: number): void {
    this.time += ms;
  }
}

/** Every call of the fake exchange. */
export interface ExchangeCall {
  source: ExchangeSource;
  signer: Credentials | undefined;
}

/** An exchange issuing keys valid for `seconds` from the clock, recording each call. */
export function issuingExchange(clock: TestClock, seconds = 3600): { exchange: Exchange; calls: ExchangeCall[]; exchangeFor: (cloud: SourceCloud) => Promise<Exchange> } {
  const issuer = new CredentialIssuer(clock.now);
  const calls: ExchangeCall[] = [];
  const exchange: Exchange = async (source, signer) => {
    calls.push({ source, signer });
    return issuer.issueKeys(source.cloud, seconds);
  };
  return { exchange, calls, exchangeFor: async () => exchange };
}

/** An ExchangeContext on the test clock that must not touch the network, files or processes. */
export function testExchangeContext(clock: TestClock, env: Record<string, string | undefined> = {}): ExchangeContext {
  const refuse = async () => {
    throw new Error('the fake exchange does not send, read or run');
  };
  return {
    now: clock.now,
    send: refuse,
    readText: refuse,
    runProcess: refuse,
    env,
    stsEndpoint: undefined,
    metadataEndpoint: undefined,
    timeoutMs: 1000,
  };
}

/** A new empty directory under the system's temporary directory. */
export function tempDir(prefix = 'fcinvoke-cred-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
