/**
 * The Tencent Cloud exchange its own environment asks for: the SDK's TKE OIDC variables (`OIDCRoleArnCredential`
 * with no arguments, and tccli), which federate the OIDC token in a file into a role with
 * AssumeRoleWithWebIdentity. The SDK needs all four; so does fcinvoke.
 */
import type { ExchangeSource } from '../../core/credential-source.js';
import { ConfigError } from '../../core/errors.js';
import type { Env } from '../resolve.js';

/** The SDK's variables, in the order its errors name them. */
export const TKE_VARIABLES = ['TKE_REGION', 'TKE_PROVIDER_ID', 'TKE_WEB_IDENTITY_TOKEN_FILE', 'TKE_ROLE_ARN'] as const;

/** The exchange the environment asks for, or undefined when it names none; ConfigError for a partial set. */
export function environmentSource(env: Env): ExchangeSource | undefined {
  const set = TKE_VARIABLES.filter((name) => (env[name] ?? '').trim() !== '');
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
