/** `invoke --local`: the emulator started in-process on a free loopback port, with the demo credentials. */
import type { CloudId } from '../providers/types.js';
import { DEMO_CREDENTIALS, DEMO_IDENTIFIERS } from './demo-credentials.js';
import { startEmulator } from './server.js';

/** Starts an emulator for one invocation. */
export async function startLocalEmulator(functionsDir?: string) {
  const emulator = await startEmulator({ host: '127.0.0.1', port: 0, functionsDir });
  return {
    endpoint: emulator.url,
    credentials: DEMO_CREDENTIALS,
    identifiers: DEMO_IDENTIFIERS,
    /**
     * Where a cloud's STS, IAM and metadata exchanges go. Huawei Cloud and OTC share the IAM and metadata paths;
     * an unsigned call (the OIDC token, the metadata) names OTC by the `/otc` prefix (docs/emulator.md).
     */
    exchangeEndpoint: (cloud: CloudId) => (cloud === 'otc' ? `${emulator.url}/otc` : emulator.url),
    stop: emulator.close,
  };
}
