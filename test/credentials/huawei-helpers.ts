/**
 * Shared by the Huawei Cloud / OTC credential tests: a clock the test moves (near the real time, so the invoke
 * routes' 15-minute skew check passes, until a test jumps it past an expiry), an ExchangeContext that sends through
 * the real transport, and a FunctionGraph invocation with credentials through the engine's `invoke()`.
 */
import type { Credentials } from '../../src/core/credentials.js';
import type { ExchangeContext } from '../../src/engine/credentials/types.js';
import { invoke } from '../../src/engine/invoke.js';
import { huaweiProvider } from '../../src/providers/huawei/index.js';
import { otcProvider } from '../../src/providers/otc/index.js';
import type { InvokeInput } from '../../src/providers/types.js';
import { send } from '../../src/transport/http.js';
import { FAKE } from '../helpers/secrets.js';

/** Real time plus an offset the test advances. */
export class OffsetClock {
  private offsetMs = 0;
  now = (): Date => new Date(Date.now() + this.offsetMs);
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  reset(): void {
    this.offsetMs = 0;
  }
}

/** An ExchangeContext on `clock` that sends through the real transport and reads `files` (path → text). */
export function realContext(
  clock: OffsetClock,
  options: { stsEndpoint?: string; metadataEndpoint?: string; env?: Record<string, string>; files?: Record<string, string> } = {},
): ExchangeContext {
  return {
    now: clock.now,
    send: (request, { timeoutMs }) => send(request, { timeoutMs, env: {} }),
    readText: async (path) => options.files?.[path],
    runProcess: async () => {
      throw new Error('no process in these tests');
    },
    env: options.env ?? {},
    stsEndpoint: options.stsEndpoint,
    metadataEndpoint: options.metadataEndpoint,
    timeoutMs: 5000,
  };
}

/** The region and project each FunctionGraph cloud's invocations use here. */
export const FG = {
  huawei: { provider: huaweiProvider, region: 'cn-north-4', project: FAKE.huawei.project },
  otc: { provider: otcProvider, region: 'eu-de', project: FAKE.otc.project },
} as const;

/** Invokes `hello` on the emulator at `url` with `credentials`; the invocation's status and API error code. */
export async function invokeHello(
  cloud: 'huawei' | 'otc',
  url: string,
  credentials: Credentials,
): Promise<{ status: string; code: string | undefined; result: unknown }> {
  const { provider, region, project } = FG[cloud];
  const input: InvokeInput = {
    provider: provider.id,
    functionName: 'hello',
    event: new TextEncoder().encode('{"name":"Ada"}'),
    invocationType: 'sync',
    logs: false,
    endpoint: url,
    region,
    projectId: project,
  };
  const { result } = await invoke(provider, input, credentials, { env: {} });
  return { status: result.status, code: result.error?.code, result: result.result };
}
