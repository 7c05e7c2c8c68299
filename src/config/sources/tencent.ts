/**
 * The Tencent Cloud exchange its own environment asks for:
 * - tccli's `TENCENTCLOUD_ROLE_ARN` (with `TENCENTCLOUD_ROLE_SESSION_NAME`): assume that role with the keys of
 *   `TENCENTCLOUD_SECRET_ID` / `TENCENTCLOUD_SECRET_KEY` (STS AssumeRole). tccli checks it before the TKE set.
 * - the SDK's TKE OIDC variables (`OIDCRoleArnCredential` with no arguments, and tccli): federate the OIDC token in
 *   a file into a role (STS AssumeRoleWithWebIdentity). The SDK needs all four; so does fcinvoke.
 */
import type { ExchangeSource } from '../../core/credential-source.js';
import { ConfigError } from '../../core/errors.js';
import { CREDENTIAL_VARIABLES, firstEnv, type Env } from '../resolve.js';

/** The SDK's variables, in the order its errors name them. */
export const TKE_VARIABLES = ['TKE_REGION', 'TKE_PROVIDER_ID', 'TKE_WEB_IDENTITY_TOKEN_FILE', 'TKE_ROLE_ARN'] as const;
/** tccli's role variables. */
export const ROLE_ARN_VARIABLE = 'TENCENTCLOUD_ROLE_ARN';
export const ROLE_SESSION_NAME_VARIABLE = 'TENCENTCLOUD_ROLE_SESSION_NAME';

/** The exchange the environment asks for, or undefined when it names none; ConfigError for a partial set. */
export function environmentSource(env: Env): ExchangeSource | undefined {
  return roleArnSource(env) ?? tkeSource(env);
}

function roleArnSource(env: Env): ExchangeSource | undefined {
  const roleArn = firstEnv(env, [ROLE_ARN_VARIABLE]);
  if (roleArn === undefined) return undefined;
  const names = CREDENTIAL_VARIABLES.tencent;
  const id = firstEnv(env, names.id);
  const secret = firstEnv(env, names.secret);
  if (id === undefined || secret === undefined) {
    throw new ConfigError(`${ROLE_ARN_VARIABLE} is set but ${names.id[0]} and ${names.secret[0]} are not`, {
      hint: `AssumeRole is signed with the keys in ${names.id[0]} and ${names.secret[0]}`,
    });
  }
  return {
    kind: 'assume-role',
    cloud: 'tencent',
    origin: `${ROLE_ARN_VARIABLE} (environment)`,
    roleArn: roleArn.value.trim(),
    sessionName: firstEnv(env, [ROLE_SESSION_NAME_VARIABLE])?.value.trim(),
    via: {
      kind: 'static',
      cloud: 'tencent',
      origin: `${id.source} (environment)`,
      credentials: { kind: 'keys', accessKeyId: id.value, accessKeySecret: secret.value, securityToken: firstEnv(env, names.token)?.value },
    },
  };
}

function tkeSource(env: Env): ExchangeSource | undefined {
  const set = TKE_VARIABLES.filter((name) => firstEnv(env, [name]) !== undefined);
  if (set.length === 0) return undefined;
  const missing = TKE_VARIABLES.filter((name) => !set.includes(name));
  if (missing.length > 0) {
    throw new ConfigError(`${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not`, {
      hint: 'Tencent OIDC federation needs all of TKE_REGION, TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE and TKE_ROLE_ARN',
    });
  }
  const value = (name: (typeof TKE_VARIABLES)[number]) => env[name]!.trim();
  return {
    kind: 'web-identity',
    cloud: 'tencent',
    origin: 'TKE_ROLE_ARN, TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE, TKE_REGION (environment)',
    roleArn: value('TKE_ROLE_ARN'),
    providerId: value('TKE_PROVIDER_ID'),
    tokenFile: value('TKE_WEB_IDENTITY_TOKEN_FILE'),
    region: value('TKE_REGION'),
  };
}
