/**
 * The credential chain for one cloud: explicit flags and environment variables > the selected profile's
 * credentials (literal, `${env:…}` or `from: <store>`) > the cloud's native stores in their documented order.
 * Reading files goes through the injected `readText`, so this is testable without a disk.
 */
import { ConfigError } from '../core/errors.js';
import type { CloudId, Credentials } from '../providers/types.js';
import type { NativeCredentials, NativeLookup } from './native/index.js';
import type { FlatProfile } from './profile.js';
import { CREDENTIAL_VARIABLES, expandEnv, firstEnv, type Env, type Sourced } from './resolve.js';

/** Credentials and where they came from (never the secret itself). */
export interface ResolvedCredentials {
  credentials: Credentials;
  source: string;
  /** Identifiers a native store carried beside the keys. */
  native?: NativeCredentials | undefined;
}

/** Inputs to the chain. */
export interface CredentialChainInput {
  cloud: CloudId;
  env: Env;
  /** A Huawei or OTC IAM token given on the command line (`--token` or `--token-file`), with its source. */
  token?: Sourced<string> | undefined;
  profile?: FlatProfile | undefined;
  lookup: Omit<NativeLookup, 'profile' | 'env'>;
}

/** Walks the chain; a ConfigError naming everything tried when nothing supplies keys. */
export async function resolveCredentialChain(input: CredentialChainInput): Promise<ResolvedCredentials> {
  const { cloud, env } = input;
  if (IAM_TOKEN_VARIABLE[cloud] !== undefined && input.token !== undefined) {
    return { credentials: { kind: 'token', token: input.token.value }, source: input.token.source };
  }
  const fromEnv = keysFromEnv(cloud, env);
  if (fromEnv !== undefined) return fromEnv;
  const tokenVariable = IAM_TOKEN_VARIABLE[cloud];
  if (tokenVariable !== undefined) {
    const token = firstEnv(env, [tokenVariable]);
    if (token !== undefined) return { credentials: { kind: 'token', token: token.value }, source: token.source };
  }
  const spec = input.profile?.values.credentials?.[cloud];
  if (spec !== undefined) {
    const where = input.profile?.credentialOrigins[cloud] ?? `profile ${input.profile?.name}`;
    if ('from' in spec) {
      // Lazy: the native store readers (seven file formats) load only when a profile or the chain needs them.
      const { readNativeStore } = await import('./native/index.js');
      const found = await readNativeStore(spec.from, cloud, { ...input.lookup, env, profile: spec.profile });
      if (found === undefined) {
        throw new ConfigError(`${where}: no ${cloud} credentials in the ${spec.from} store${spec.profile ? ` (profile ${spec.profile})` : ''}`, {
          code: 'config.native_missing',
        });
      }
      return { credentials: found.credentials, source: `${where} → ${found.source}`, native: found };
    }
    return { credentials: literalCredentials(spec, env, where), source: where };
  }
  const { findNativeCredentials, NATIVE_LOOKUP_ORDER } = await import('./native/index.js');
  const native = await findNativeCredentials(cloud, { ...input.lookup, env });
  if (native !== undefined) return { credentials: native.credentials, source: native.source, native };
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

type LiteralSpec =
  | { secretId: string; secretKey: string; sessionToken?: string | undefined }
  | { accessKeyId: string; accessKeySecret: string; securityToken?: string | undefined }
  | { ak: string; sk: string; securityToken?: string | undefined }
  | { authToken: string };

function literalCredentials(spec: LiteralSpec, env: Env, where: string): Credentials {
  const expand = (value: string, key: string) => expandEnv(value, env, `${where}.${key}`);
  if ('authToken' in spec) return { kind: 'token', token: expand(spec.authToken, 'authToken') };
  const [id, secret, token] =
    'secretId' in spec
      ? [expand(spec.secretId, 'secretId'), expand(spec.secretKey, 'secretKey'), spec.sessionToken && expand(spec.sessionToken, 'sessionToken')]
      : 'accessKeyId' in spec
        ? [expand(spec.accessKeyId, 'accessKeyId'), expand(spec.accessKeySecret, 'accessKeySecret'), spec.securityToken && expand(spec.securityToken, 'securityToken')]
        : [expand(spec.ak, 'ak'), expand(spec.sk, 'sk'), spec.securityToken && expand(spec.securityToken, 'securityToken')];
  return { kind: 'keys', accessKeyId: id, accessKeySecret: secret, ...(token ? { securityToken: token } : {}) };
}

/** A cloud's name for messages. */
export function cloudTitle(cloud: CloudId): string {
  return { tencent: 'Tencent Cloud', aliyun: 'Alibaba Cloud', huawei: 'Huawei Cloud', otc: 'Open Telekom Cloud' }[cloud];
}
