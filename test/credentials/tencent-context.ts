/**
 * Shared by the Tencent credential tests: an ExchangeContext over the real transport (loopback only), a source of
 * each kind, and the emulator with a movable clock.
 */
import { readFile } from 'node:fs/promises';
import { afterAll } from 'vitest';
import type { AssumeRoleSource, InstanceSource, WebIdentitySource } from '../../src/core/credential-source.js';
import type { ExchangeContext } from '../../src/engine/credentials/types.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { HttpTransport } from '../../src/transport/http.js';
import { FAKE } from '../helpers/secrets.js';

export const ROLE_ARN = 'qcs::cam::uin/100000000001:roleName/ci-deployer';
export const DENIED_ROLE_ARN = 'qcs::cam::uin/100000000001:roleName/fcinvoke-denied';
export const PROVIDER_ID = 'github-actions';

/** The fake static keys, as a source's `via`. */
export const STATIC_VIA = {
  kind: 'static',
  cloud: 'tencent',
  origin: 'profile ci (fcinvoke.yaml)',
  credentials: { kind: 'keys', accessKeyId: FAKE.tencent.id, accessKeySecret: FAKE.tencent.secret },
} as const;

export function assumeRoleSource(overrides: Partial<AssumeRoleSource> = {}): AssumeRoleSource {
  return { kind: 'assume-role', cloud: 'tencent', origin: 'profile ci (fcinvoke.yaml)', roleArn: ROLE_ARN, via: STATIC_VIA, ...overrides };
}

export function webIdentitySource(tokenFile: string, overrides: Partial<WebIdentitySource> = {}): WebIdentitySource {
  return { kind: 'web-identity', cloud: 'tencent', origin: 'TKE_ROLE_ARN (environment)', roleArn: ROLE_ARN, providerId: PROVIDER_ID, tokenFile, ...overrides };
}

export function instanceSource(overrides: Partial<InstanceSource> = {}): InstanceSource {
  return { kind: 'instance', cloud: 'tencent', origin: 'profile cvm (fcinvoke.yaml)', ...overrides };
}

/** A context sending through a real transport, closed after the file's tests. */
export function realContext(overrides: Partial<ExchangeContext> = {}): ExchangeContext {
  const transport = new HttpTransport();
  afterAll(() => transport.close());
  return {
    now: () => new Date(),
    send: (request, options) => transport.send(request, { timeoutMs: options.timeoutMs }),
    readText: async (path) => {
      try {
        return await readFile(path, 'utf8');
      } catch (error) {
        if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    runProcess: () => Promise.reject(new Error('no process sources here')),
    env: {},
    stsEndpoint: undefined,
    metadataEndpoint: undefined,
    timeoutMs: 5_000,
    ...overrides,
  };
}

/** An emulator whose credential clock runs `offsetMs` ahead of the real one (`advance` moves it). */
export async function emulatorWithClock(): Promise<{ emulator: RunningEmulator; advance: (ms: number) => void; now: () => Date }> {
  let offsetMs = 0;
  // One clock for the emulator and the client that signs against it: request dates are checked against it too.
  const now = () => new Date(Date.now() + offsetMs);
  const emulator = await startEmulator({ host: '127.0.0.1', port: 0, now });
  afterAll(() => emulator.close());
  return { emulator, advance: (ms) => (offsetMs += ms), now };
}
