/** The credential set the emulator accepts: the demo keys plus any keys in its own environment. */
import { CREDENTIAL_VARIABLES, firstEnv, type Env } from '../config/resolve.js';
import type { CloudId } from '../providers/types.js';
import { DEMO_CREDENTIALS } from './demo-credentials.js';
import type { EmulatorKey } from '../providers/emulator-api.js';

/** Builds the key set from the demo credentials and `env`. */
export function emulatorKeys(env: Env): Record<CloudId, ReadonlyMap<string, EmulatorKey>> {
  const keys = {} as Record<CloudId, Map<string, EmulatorKey>>;
  for (const cloud of ['tencent', 'aliyun', 'huawei', 'otc'] as const) {
    const map = new Map<string, EmulatorKey>();
    const demo = DEMO_CREDENTIALS[cloud];
    map.set(demo.accessKeyId, { secret: demo.accessKeySecret });
    const names = CREDENTIAL_VARIABLES[cloud];
    const id = firstEnv(env, names.id);
    const secret = firstEnv(env, names.secret);
    if (id !== undefined && secret !== undefined) {
      map.set(id.value, { secret: secret.value, securityToken: firstEnv(env, names.token)?.value });
    }
    keys[cloud] = map;
  }
  return keys;
}
