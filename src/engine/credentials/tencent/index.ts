/**
 * The Tencent Cloud exchanges: STS AssumeRole (signed with the keys `source.via` produced), STS
 * AssumeRoleWithWebIdentity (an OIDC token file, e.g. TKE_WEB_IDENTITY_TOKEN_FILE or a CI runner's token), and
 * the CVM instance role (metadata service). Thin: the pure parts are ./sts.ts and ./metadata.ts.
 */
import { readOidcToken } from '../oidc-token.js';
import { sendExchange } from '../send.js';
import type { AssumeRoleSource, InstanceSource, WebIdentitySource } from '../../../core/credential-source.js';
import type { Credentials } from '../../../core/credentials.js';
import { ConfigError } from '../../../core/errors.js';
import type { Exchange, ExchangeContext, TemporaryCredentials } from '../types.js';
import { metadataOrigin, metadataRequest, NOT_CVM_HINT, parseRoleCredentials, parseRoleList } from './metadata.js';
import {
  assumeRoleParameters,
  buildStsRequest,
  parseStsResponse,
  signStsRequest,
  stsOrigin,
  unsignedStsRequest,
  webIdentityParameters,
} from './sts.js';

export const exchange: Exchange = async (source, signer, context) => {
  switch (source.kind) {
    case 'assume-role':
      return assumeRole(source, signer, context);
    case 'web-identity':
      return assumeRoleWithWebIdentity(source, context);
    case 'instance':
      return instanceRole(source, context);
    default:
      throw new ConfigError(`${source.origin}: ${source.kind} credentials are not a Tencent Cloud exchange`);
  }
};

async function assumeRole(source: AssumeRoleSource, signer: Credentials | undefined, context: ExchangeContext): Promise<TemporaryCredentials> {
  if (signer?.kind !== 'keys') {
    throw new ConfigError(`${source.origin}: Tencent AssumeRole needs a SecretId and SecretKey to sign it (from ${source.via.origin})`);
  }
  const now = context.now();
  const origin = stsOrigin(source.region, context.stsEndpoint);
  const request = signStsRequest(
    buildStsRequest('AssumeRole', assumeRoleParameters(source, now), { origin, region: source.region }),
    signer,
    now,
  );
  const response = await sendExchange(context, request, `Tencent STS at ${origin}`, 'check the network, or FCINVOKE_STS_ENDPOINT');
  return parseStsResponse(response, {
    action: 'AssumeRole',
    roleArn: source.roleArn,
    caller: source.via.origin,
    secrets: [signer.accessKeySecret, signer.securityToken ?? ''],
  });
}

async function assumeRoleWithWebIdentity(source: WebIdentitySource, context: ExchangeContext): Promise<TemporaryCredentials> {
  const token = await readOidcToken(source, context);
  const now = context.now();
  const origin = stsOrigin(source.region, context.stsEndpoint);
  const request = unsignedStsRequest(
    buildStsRequest('AssumeRoleWithWebIdentity', webIdentityParameters(source, token, now), { origin, region: source.region }),
    now,
  );
  const response = await sendExchange(context, request, `Tencent STS at ${origin}`, 'check the network, or FCINVOKE_STS_ENDPOINT');
  return parseStsResponse(response, {
    action: 'AssumeRoleWithWebIdentity',
    roleArn: source.roleArn,
    caller: source.providerId,
    secrets: [token],
  });
}

async function instanceRole(source: InstanceSource, context: ExchangeContext): Promise<TemporaryCredentials> {
  const origin = metadataOrigin(context.metadataEndpoint);
  const send = (roleName?: string) =>
    sendExchange(context, metadataRequest(origin, roleName), `the Tencent Cloud metadata service at ${origin}`, NOT_CVM_HINT);
  const roleName = source.roleName ?? parseRoleList(await send(), origin);
  return parseRoleCredentials(await send(roleName), roleName, origin);
}


