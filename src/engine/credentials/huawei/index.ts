/**
 * The Huawei Cloud and Open Telekom Cloud exchanges (the same APIs on each cloud's own IAM): federated OIDC
 * (`federated-oidc`), agency assumption (`agency`) and the ECS metadata security key (`instance`). Thin: the
 * requests and answers are built and read by `iam.ts` and `metadata.ts`; this sends them through the context.
 */
import { readOidcToken } from '../oidc-token.js';
import { sendExchange } from '../send.js';
import type { AgencySource, FederatedOidcSource } from '../../../core/credential-source.js';
import type { Credentials } from '../../../core/credentials.js';
import { ConfigError } from '../../../core/errors.js';
import type { HttpRequest, RawResponse } from '../../../core/http.js';
import type { Exchange, ExchangeContext, TemporaryCredentials } from '../types.js';
import {
  FEDERATED_DURATION_SECONDS,
  agencyHint,
  buildAgencyRequest,
  buildIdTokenRequest,
  buildTokenSecurityTokenRequest,
  durationProblem,
  federatedHint,
  iamOrigin,
  parseSecurityToken,
  parseSubjectToken,
  type IamCloud,
} from './iam.js';
import {
  buildMetadataTokenRequest,
  buildSecurityKeyRequest,
  metadataOrigin,
  parseMetadataToken,
  parseSecurityKey,
} from './metadata.js';

export const exchange: Exchange = async (source, signer, context) => {
  if (source.cloud !== 'huawei' && source.cloud !== 'otc') {
    throw new ConfigError(`the Huawei exchanges do not serve ${source.cloud} (${source.origin})`);
  }
  const cloud: IamCloud = source.cloud;
  switch (source.kind) {
    case 'federated-oidc':
      return federated(source, context);
    case 'agency':
      return agency(source, signer, context);
    case 'instance':
      return instance(cloud, context);
    default:
      throw new ConfigError(`${source.origin}: ${source.kind} credentials are not an exchange of ${cloud === 'otc' ? 'the Open Telekom Cloud' : 'Huawei Cloud'}`, {
        hint: 'use an agency, federated OIDC (an identity provider id and a token file) or the ECS agency (instance)',
      });
  }
};

async function federated(source: FederatedOidcSource, context: ExchangeContext): Promise<TemporaryCredentials> {
  checkDuration(source.durationSeconds, source.origin);
  const idToken = await readOidcToken(source, context);
  const origin = iamOrigin(source, context.stsEndpoint, context.env);
  const answer = await sendTo(context, buildIdTokenRequest(origin, source.idpId, idToken), origin, source.cloud);
  const iamToken = parseSubjectToken(answer, source.cloud, source, [idToken]);
  const request = buildTokenSecurityTokenRequest(origin, iamToken, source.durationSeconds ?? FEDERATED_DURATION_SECONDS);
  const keys = await sendTo(context, request, origin, source.cloud);
  return parseSecurityToken(keys, source.cloud, `temporary keys for identity provider ${source.idpId}`, federatedHint(source), [idToken, iamToken]);
}

async function agency(source: AgencySource, signer: Credentials | undefined, context: ExchangeContext): Promise<TemporaryCredentials> {
  checkDuration(source.durationSeconds, source.origin);
  if ((source.domainId === undefined) === (source.domainName === undefined)) {
    throw new ConfigError(`${source.origin}: agency ${source.agencyName} needs the account that owns it: a domain name or a domain id (one of them)`);
  }
  if (signer === undefined || (signer.kind === 'token' && signer.token === '')) {
    throw new ConfigError(`${source.origin}: assuming agency ${source.agencyName} needs AK/SK keys or an IAM token from its source`);
  }
  const origin = iamOrigin(source, context.stsEndpoint, context.env);
  const request = buildAgencyRequest(origin, source, signer, { now: context.now(), nonce: 0 });
  const answer = await sendTo(context, request, origin, source.cloud);
  const secrets = signer.kind === 'token' ? [signer.token] : [signer.accessKeySecret, signer.securityToken ?? ''];
  return parseSecurityToken(answer, source.cloud, `agency ${source.agencyName}`, agencyHint(source), secrets);
}

async function instance(cloud: IamCloud, context: ExchangeContext): Promise<TemporaryCredentials> {
  const origin = metadataOrigin(context.metadataEndpoint);
  const token = parseMetadataToken(await sendTo(context, buildMetadataTokenRequest(origin), origin, cloud, 'metadata'));
  return parseSecurityKey(await sendTo(context, buildSecurityKeyRequest(origin, token), origin, cloud, 'metadata'), token);
}

function checkDuration(seconds: number | undefined, origin: string): void {
  const problem = durationProblem(seconds);
  if (problem !== undefined) throw new ConfigError(`${origin}: ${problem}`);
}

/** Sends one request to the IAM or the metadata service of `cloud`; unreachable is exit 4 naming the service. */
function sendTo(
  context: ExchangeContext,
  request: HttpRequest,
  origin: string,
  cloud: IamCloud,
  service: 'iam' | 'metadata' = 'iam',
): Promise<RawResponse> {
  const name = service === 'metadata' ? 'the ECS metadata service' : `${cloud === 'otc' ? 'the Open Telekom Cloud' : 'the Huawei Cloud'} IAM`;
  return sendExchange(
    context,
    request,
    `${name} at ${origin}`,
    service === 'metadata'
      ? 'the ECS metadata service answers only on an ECS; elsewhere use another credential source, or set FCINVOKE_METADATA_ENDPOINT'
      : 'check the network, FCINVOKE_STS_ENDPOINT and HUAWEICLOUD_SDK_IAM_ENDPOINT',
  );
}
