/**
 * The Alibaba Cloud exchanges (docs/config.md, "Roles, OIDC and instance credentials", Alibaba Cloud): STS
 * AssumeRole and AssumeRoleWithOIDC, the ECS instance RAM role, the External process and the credentials URI.
 * Thin: the pure builders and parsers are in sts.ts, metadata.ts and external.ts; this sends through the context.
 */
import { readOidcToken } from '../oidc-token.js';
import { sendExchange } from '../send.js';
import { randomUUID } from 'node:crypto';
import type { AssumeRoleSource, UriSource, WebIdentitySource } from '../../../core/credential-source.js';
import type { Credentials, KeyCredentials } from '../../../core/credentials.js';
import { ConfigError, CredentialError } from '../../../core/errors.js';
import type { HttpRequest } from '../../../core/http.js';
import type { Exchange, ExchangeContext, TemporaryCredentials } from '../types.js';
import { parseExternalOutput } from './external.js';
import {
  buildMetadataTokenRequest,
  buildSecurityCredentialsRequest,
  imdsV1Allowed,
  instanceRoleCall,
  metadataOrigin,
  parseMetadataToken,
  parseRoleList,
  parseSecurityCredentials,
} from './metadata.js';
import { rpcTimestamp } from './rpc.js';
import {
  buildAssumeRoleRequest,
  buildAssumeRoleWithOidcRequest,
  nonEmpty,
  parseStsResponse,
  sessionParameters,
  stsOrigin,
} from './sts.js';

export const exchange: Exchange = async (source, signer, context) => {
  const { kind, origin } = source;
  if (source.cloud !== 'aliyun') throw new ConfigError(`the Alibaba Cloud exchanges cannot serve ${source.cloud}`);
  switch (source.kind) {
    case 'assume-role':
      return assumeRole(source, signer, context);
    case 'web-identity':
      return assumeRoleWithOidc(source, context);
    case 'instance':
      return instanceRole(source.roleName ?? nonEmpty(context.env.ALIBABA_CLOUD_ECS_METADATA), context);
    case 'process':
      return parseExternalOutput(await context.runProcess(source.command, { timeoutMs: context.timeoutMs }), source);
    case 'uri':
      return credentialsUri(source, context);
    default:
      throw new ConfigError(`Alibaba Cloud has no ${kind} exchange (${origin})`);
  }
};

async function assumeRole(source: AssumeRoleSource, signer: Credentials | undefined, context: ExchangeContext): Promise<TemporaryCredentials> {
  const keys = signingKeys(source, signer);
  const origin = stsOrigin(source.region, context);
  const now = context.now();
  const request = buildAssumeRoleRequest(
    source,
    keys,
    { timestamp: rpcTimestamp(now), nonce: randomUUID() },
    origin,
    sessionParameters(source, now, context.env),
  );
  const response = await sendExchange(context, request, `Alibaba STS at ${origin}`, ENDPOINT_HINT);
  return parseStsResponse(response, { action: 'AssumeRole', roleArn: source.roleArn, principal: `the keys from ${source.via.origin}` });
}

async function assumeRoleWithOidc(source: WebIdentitySource, context: ExchangeContext): Promise<TemporaryCredentials> {
  const origin = stsOrigin(source.region, context);
  const now = context.now();
  const session = sessionParameters(source, now, context.env);
  const token = await readOidcToken(source, context);
  const request = buildAssumeRoleWithOidcRequest(source, token, rpcTimestamp(now), origin, session);
  const response = await sendExchange(context, request, `Alibaba STS at ${origin}`, ENDPOINT_HINT);
  return parseStsResponse(response, {
    action: 'AssumeRoleWithOIDC',
    roleArn: source.roleArn,
    principal: `the OIDC provider ${source.providerId} (token in ${source.tokenFile})`,
  });
}

async function instanceRole(named: string | undefined, context: ExchangeContext): Promise<TemporaryCredentials> {
  const origin = metadataOrigin(context);
  const where = `the ECS metadata service at ${origin}`;
  let token: string | undefined;
  try {
    token = parseMetadataToken(await sendExchange(context, buildMetadataTokenRequest(origin), where, ENDPOINT_HINT));
  } catch (error) {
    if (!imdsV1Allowed(context.env)) throw error;
  }
  if (token === undefined && !imdsV1Allowed(context.env)) {
    throw new CredentialError(`${where} gave no metadata token and ALIBABA_CLOUD_IMDSV1_DISABLED=true forbids going without`, 3, {
      hint: 'check that the instance allows metadata tokens (PUT /latest/api/token), or unset ALIBABA_CLOUD_IMDSV1_DISABLED',
    });
  }
  const role = named ?? parseRoleList(await sendExchange(context, buildSecurityCredentialsRequest(origin, undefined, token), where, ENDPOINT_HINT));
  const response = await sendExchange(context, buildSecurityCredentialsRequest(origin, role, token), where, ENDPOINT_HINT);
  return parseSecurityCredentials(response, instanceRoleCall(role));
}

async function credentialsUri(source: UriSource, context: ExchangeContext): Promise<TemporaryCredentials> {
  let url: URL;
  try {
    url = new URL(source.url);
  } catch {
    throw new ConfigError(`${source.origin}: the credentials URI is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${source.origin}: the credentials URI must be http or https`);
  const request: HttpRequest = { method: 'GET', url: url.href, headers: {}, body: new Uint8Array() };
  // The URI is shown by origin only: its path or query may carry a token.
  const response = await sendExchange(context, request, `the credentials URI at ${url.origin}`, ENDPOINT_HINT);
  return parseSecurityCredentials(response, {
    service: `the credentials URI at ${url.origin} (${source.origin})`,
    hint: 'check that the credentials URI answers {"Code": "Success", "AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration"}',
  });
}

function signingKeys(source: AssumeRoleSource, signer: Credentials | undefined): KeyCredentials {
  if (signer === undefined || signer.kind !== 'keys') {
    throw new ConfigError(`${source.origin}: assuming ${source.roleArn} needs an AccessKey pair to sign with (from ${source.via.origin})`, {
      code: 'config.assume_role_signer',
    });
  }
  return signer;
}

/** What to check when an Alibaba service cannot be reached. */
const ENDPOINT_HINT = 'check the network, or the endpoint override (FCINVOKE_STS_ENDPOINT / FCINVOKE_METADATA_ENDPOINT)';
