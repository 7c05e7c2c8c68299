/** `invoke --local`: the emulator started in-process on a free loopback port, with the demo credentials. */
import { DEMO_CREDENTIALS, DEMO_IDENTIFIERS } from './demo-credentials.js';
import { startEmulator } from './server.js';

/** Starts an emulator for one invocation. */
export async function startLocalEmulator(functionsDir?: string) {
  const emulator = await startEmulator({ host: '127.0.0.1', port: 0, functionsDir });
  return {
    endpoint: emulator.url,
    credentials: DEMO_CREDENTIALS,
    identifiers: DEMO_IDENTIFIERS,
    stop: emulator.close,
  };
}
