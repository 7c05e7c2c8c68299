/**
 * The credential chain for one cloud (docs/config.md, "Precedence"): the token flags > the cloud's static key
 * variables > its IAM token variable > the exchange its own variables ask for (a role, OIDC federation, the
 * instance) > the selected profile's credentials (keys, `${env:…}`, `from: <store>`, a role, an agency, federated
 * OIDC, the instance) > the cloud's native stores in their documented order. The result is either credentials
 * that sign as they are, or an exchange for the engine to carry out (engine/credentials/), with its provenance.
 * The instance role is never tried on its own: only when configured. Reading files goes through the injected
 * `readText`, so this is testable without a disk.
 */
import type { ExchangeSource } from '../core/credential-source.js';
import { ConfigError } from '../core/errors.js';
import type { CloudId } from '../providers/types.js';
import type { CredentialChainInput, ResolvedCredentials } from './credential-types.js';
import { cloudTitle, CREDENTIAL_VARIABLES, firstEnv, type Env } from './resolve.js';
import { environmentSource as aliyunEnvironment } from './sources/aliyun.js';
import { environmentSource as huaweiEnvironment } from './sources/huawei.js';
import { environmentSource as tencentEnvironment } from './sources/tencent.js';

export type { CredentialChainInput, ResolvedCredentials } from './credential-types.js';
export { cloudTitle } from './resolve.js';

/**
 * The exchange each cloud's own variables ask for (config/sources/): Huawei's serve the Open Telekom Cloud too,
 * and are told which cloud is asked (a reader that takes only `env` ignores it).
 */
const ENVIRONMENT_SOURCES: Readonly<Record<CloudId, (env: Env, cloud: CloudId) => ExchangeSource | undefined>> = {
  tencent: tencentEnvironment,
  aliyun: aliyunEnvironment,
  huawei: huaweiEnvironment,
  otc: huaweiEnvironment,
};

/** Walks the chain; a ConfigError naming everything tried when nothing supplies credentials. */
export async function resolveCredentialChain(input: CredentialChainInput): Promise<ResolvedCredentials> {
  const { cloud, env } = input;
  const tokenVariable = IAM_TOKEN_VARIABLE[cloud];
  if (tokenVariable !== undefined && input.token !== undefined) {
    return { credentials: { kind: 'token', token: input.token.value }, source: input.token.source };
  }
  const fromEnv = keysFromEnv(cloud, env);
  if (fromEnv !== undefined) return fromEnv;
  // A token in the environment is ready to use, like keys: it wins over variables that describe an exchange.
  if (tokenVariable !== undefined) {
    const token = firstEnv(env, [tokenVariable]);
    if (token !== undefined) return { credentials: { kind: 'token', token: token.value }, source: token.source };
  }
  const asked = ENVIRONMENT_SOURCES[cloud](env, cloud);
  if (asked !== undefined) {
    const { provenance } = await import('./exchange-sources.js');
    return { exchange: asked, source: provenance(asked.origin, asked) };
  }
  const profile = input.profile;
  if (profile?.values.credentials?.[cloud] !== undefined) {
    // Lazy: roles, agencies and the other exchanges load only when a profile holds credentials.
    const { profileCredentials } = await import('./exchange-sources.js');
    const withoutProfile = () => resolveCredentialChain({ ...input, profile: undefined });
    return profileCredentials({ ...input, withoutProfile }, profile, [profile.name]);
  }
  // Lazy: the native store readers (seven file formats) load only when a profile or the chain needs them.
  const { findNativeCredentials, NATIVE_LOOKUP_ORDER } = await import('./native/index.js');
  const native = await findNativeCredentials(cloud, { ...input.lookup, env });
  if (native !== undefined) {
    if (native.credentials !== undefined) return { credentials: native.credentials, source: native.source, native };
    const { fromStore } = await import('./exchange-sources.js');
    return fromStore(native, undefined);
  }
  const names = CREDENTIAL_VARIABLES[cloud];
  throw new ConfigError(
    `missing ${cloudTitle(cloud)} credentials: set ${names.id[0]} and ${names.secret[0]}${tokenVariable === undefined ? '' : ` (or ${tokenVariable})`}, add them to a profile, or configure ${NATIVE_LOOKUP_ORDER[cloud].join(', ')}`,
    { code: 'config.missing_credentials', hint: 'or use --local to try the built-in emulator with demo credentials' },
  );
}

/**
 * The variable of an IAM token sent as `X-Auth-Token`, for the clouds whose FunctionGraph takes one (seed 003):
 * Huawei's, and the OpenStack clients' `OS_TOKEN` that OTC tooling (openstackclient, the opentelekomcloud Terraform
 * provider) reads.
 */
export const IAM_TOKEN_VARIABLE: Readonly<Record<CloudId, string | undefined>> = {
  tencent: undefined,
  aliyun: undefined,
  huawei: 'HUAWEICLOUD_AUTH_TOKEN',
  otc: 'OS_TOKEN',
};

/** Keys from the cloud's own environment variables, or undefined when the id or secret is missing. */
export function keysFromEnv(cloud: CloudId, env: Env): ResolvedCredentials | undefined {
  const names = CREDENTIAL_VARIABLES[cloud];
  const id = firstEnv(env, names.id);
  const secret = firstEnv(env, names.secret);
  if (id === undefined || secret === undefined) return undefined;
  const token = firstEnv(env, names.token);
  return {
    credentials: {
      kind: 'keys',
      accessKeyId: id.value,
      accessKeySecret: secret.value,
      ...(token === undefined ? {} : { securityToken: token.value }),
    },
    source: [id.source, secret.source, token?.source].filter(Boolean).join(', '),
  };
}
