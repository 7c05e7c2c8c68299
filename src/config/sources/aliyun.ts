/**
 * The Alibaba Cloud exchanges its own environment variables ask for, in `@alicloud/credentials` 2.4.7's order
 * (providers/default.js), after the static keys (ALIBABA_CLOUD_ACCESS_KEY_ID…), which the chain reads first:
 *
 * 1. ALIBABA_CLOUD_ROLE_ARN + ALIBABA_CLOUD_OIDC_PROVIDER_ARN + ALIBABA_CLOUD_OIDC_TOKEN_FILE
 *    (+ ALIBABA_CLOUD_ROLE_SESSION_NAME, ALIBABA_CLOUD_STS_REGION): AssumeRoleWithOIDC. All three or none: a
 *    partial set is a ConfigError naming what is missing (the SDK silently skips it, which hides a CI typo).
 * 2. ALIBABA_CLOUD_ECS_METADATA (the role name): the ECS instance role, unless ALIBABA_CLOUD_ECS_METADATA_DISABLED=true.
 * 3. ALIBABA_CLOUD_CREDENTIALS_URI: a URL answering credentials.
 */
import type { ExchangeSource } from '../../core/credential-source.js';
import { ConfigError } from '../../core/errors.js';
import type { Env } from '../resolve.js';

/** The three variables of OIDC federation, all required together. */
export const ALIYUN_OIDC_VARIABLES = ['ALIBABA_CLOUD_ROLE_ARN', 'ALIBABA_CLOUD_OIDC_PROVIDER_ARN', 'ALIBABA_CLOUD_OIDC_TOKEN_FILE'] as const;

/** The exchange the environment asks for, or undefined when it names none. */
export function environmentSource(env: Env): ExchangeSource | undefined {
  const value = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const [roleArn, providerId, tokenFile] = ALIYUN_OIDC_VARIABLES.map(value);
  if (roleArn !== undefined || providerId !== undefined || tokenFile !== undefined) {
    const missing = ALIYUN_OIDC_VARIABLES.filter((name) => value(name) === undefined);
    if (roleArn === undefined || providerId === undefined || tokenFile === undefined) {
      const set = ALIYUN_OIDC_VARIABLES.filter((name) => value(name) !== undefined);
      throw new ConfigError(`${set.join(' and ')} ${set.length === 1 ? 'is' : 'are'} set but ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not`, {
        code: 'config.oidc_partial',
        hint: 'OIDC federation needs ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE together',
      });
    }
    const sessionName = value('ALIBABA_CLOUD_ROLE_SESSION_NAME');
    const region = value('ALIBABA_CLOUD_STS_REGION');
    return {
      kind: 'web-identity',
      cloud: 'aliyun',
      origin: 'ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE',
      roleArn,
      providerId,
      tokenFile,
      ...(sessionName === undefined ? {} : { sessionName }),
      ...(region === undefined ? {} : { region }),
    };
  }
  const roleName = value('ALIBABA_CLOUD_ECS_METADATA');
  if (roleName !== undefined && env.ALIBABA_CLOUD_ECS_METADATA_DISABLED?.toLowerCase() !== 'true') {
    return { kind: 'instance', cloud: 'aliyun', origin: 'ALIBABA_CLOUD_ECS_METADATA', roleName };
  }
  const url = value('ALIBABA_CLOUD_CREDENTIALS_URI');
  if (url !== undefined) return { kind: 'uri', cloud: 'aliyun', origin: 'ALIBABA_CLOUD_CREDENTIALS_URI', url };
  return undefined;
}
