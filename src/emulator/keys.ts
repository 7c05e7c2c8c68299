/**
 * The credential set the emulator accepts: the demo keys, any keys in its own environment, and the temporary keys
 * its credential services issued (while they have not expired).
 */
import { CREDENTIAL_VARIABLES, firstEnv, type Env } from '../config/resolve.js';
import type { CloudId } from '../providers/types.js';
import { DEMO_CREDENTIALS } from './demo-credentials.js';
import type { EmulatorKey } from '../providers/emulator-api.js';
import type { CredentialIssuer } from './credentials/issuer.js';

/** A cloud's fixed keys, then the issuer's temporary ones. */
class CloudKeys extends Map<string, EmulatorKey> {
  constructor(
    private readonly cloud: CloudId,
    private readonly issuer: CredentialIssuer | undefined,
  ) {
    super();
  }

  override get(accessKeyId: string): EmulatorKey | undefined {
    return super.get(accessKeyId) ?? this.issuer?.lookupKey(this.cloud, accessKeyId);
  }

  override has(accessKeyId: string): boolean {
    return this.get(accessKeyId) !== undefined;
  }
}

/** Builds the key set from the demo credentials, `env` and the issuer of temporary keys. */
export function emulatorKeys(env: Env, issuer?: CredentialIssuer): Record<CloudId, ReadonlyMap<string, EmulatorKey>> {
  const keys = {} as Record<CloudId, Map<string, EmulatorKey>>;
  for (const cloud of ['tencent', 'aliyun', 'huawei', 'otc'] as const) {
    const map = new CloudKeys(cloud, issuer);
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
