/**
 * Credentials that need an exchange before they can sign (docs/config.md, "Roles, OIDC and instance roles"): pure
 * data, built by the config floor from profiles, environment variables and the other tools' stores, and carried
 * out by the engine (`engine/credentials/`), which caches and refreshes what comes back.
 *
 * `origin` says where the setting came from ("profile ci (./fcinvoke.yaml)", "ALIBABA_CLOUD_ROLE_ARN",
 * "~/.aliyun/config.json profile dev"), for `config show`, `--debug` and errors; it never holds a secret.
 */
import type { Credentials } from './credentials.js';

/** The clouds, as the credential sources name them (the same ids as `CloudId` in providers/types.ts). */
export type SourceCloud = 'tencent' | 'aliyun' | 'huawei' | 'otc';

interface SourceBase {
  cloud: SourceCloud;
  /** Where this source was configured; no secret. */
  origin: string;
}

/** Keys or a token as found: no exchange. */
export interface StaticSource extends SourceBase {
  kind: 'static';
  credentials: Credentials;
}

/**
 * Tencent STS `AssumeRole` / Alibaba STS `AssumeRole`, signed with the credentials `via` yields. `roleArn` is the
 * cloud's role name (`qcs::cam::uin/100000000001:roleName/ci`, `acs:ram::1234567890123456:role/ci`).
 */
export interface AssumeRoleSource extends SourceBase {
  kind: 'assume-role';
  cloud: 'tencent' | 'aliyun';
  roleArn: string;
  /** @default `fcinvoke-<unix seconds>` */
  sessionName?: string | undefined;
  /** @default the cloud's default (Tencent 7200 s, Alibaba 3600 s) */
  durationSeconds?: number | undefined;
  externalId?: string | undefined;
  /** A session policy document (JSON text). */
  policy?: string | undefined;
  /** The STS region (`sts.<region>.…` endpoints); @default the global endpoint */
  region?: string | undefined;
  /** Where the signing credentials come from: static keys, another profile, a store, or another role (chaining). */
  via: CredentialSource;
}

/** Tencent `AssumeRoleWithWebIdentity` / Alibaba `AssumeRoleWithOIDC`: an OIDC token file, no keys needed. */
export interface WebIdentitySource extends SourceBase {
  kind: 'web-identity';
  cloud: 'tencent' | 'aliyun';
  roleArn: string;
  /** Tencent `ProviderId` (TKE_PROVIDER_ID); Alibaba `OIDCProviderArn` (ALIBABA_CLOUD_OIDC_PROVIDER_ARN). */
  providerId: string;
  /** Read on every exchange: CI runners rotate it. */
  tokenFile: string;
  sessionName?: string | undefined;
  durationSeconds?: number | undefined;
  policy?: string | undefined;
  region?: string | undefined;
}

/** Huawei Cloud / OTC federated OIDC: token file → IAM token (`X-Idp-Id`) → temporary AK/SK. */
export interface FederatedOidcSource extends SourceBase {
  kind: 'federated-oidc';
  cloud: 'huawei' | 'otc';
  /** The identity provider's id (HUAWEICLOUD_SDK_IDP_ID). */
  idpId: string;
  tokenFile: string;
  /** The IAM token is scoped to this project when set, else to `domainId`. */
  projectId?: string | undefined;
  domainId?: string | undefined;
  region?: string | undefined;
  durationSeconds?: number | undefined;
  /** The IAM origin (`iam_endpoint` of the SDK profile file); @default HUAWEICLOUD_SDK_IAM_ENDPOINT, else by region */
  iamEndpoint?: string | undefined;
}

/** Huawei Cloud / OTC agency assumption (`/v3.0/OS-CREDENTIAL/securitytokens`, method `assume_role`). */
export interface AgencySource extends SourceBase {
  kind: 'agency';
  cloud: 'huawei' | 'otc';
  agencyName: string;
  /** The account that owns the agency: a name or an id (one of them). */
  domainName?: string | undefined;
  domainId?: string | undefined;
  durationSeconds?: number | undefined;
  /** The IAM region (`iam.<region>.…`); @default Huawei's global IAM, OTC's eu-de */
  region?: string | undefined;
  /** The IAM origin; @default HUAWEICLOUD_SDK_IAM_ENDPOINT, else by region */
  iamEndpoint?: string | undefined;
  via: CredentialSource;
}

/** The cloud host's instance role from its metadata service (CVM, ECS, Huawei/OTC ECS). */
export interface InstanceSource extends SourceBase {
  kind: 'instance';
  /** The role name; @default the one the metadata service lists (Tencent, Alibaba); Huawei has none */
  roleName?: string | undefined;
}

/** An external command printing credentials as JSON (aliyun CLI `External`, `process_command`). */
export interface ProcessSource extends SourceBase {
  kind: 'process';
  command: string;
}

/** A URL answering credentials as JSON (aliyun CLI `CredentialsURI`, ALIBABA_CLOUD_CREDENTIALS_URI). */
export interface UriSource extends SourceBase {
  kind: 'uri';
  url: string;
}

export type CredentialSource =
  | StaticSource
  | AssumeRoleSource
  | WebIdentitySource
  | FederatedOidcSource
  | AgencySource
  | InstanceSource
  | ProcessSource
  | UriSource;

/** The sources that need an exchange. */
export type ExchangeSource = Exclude<CredentialSource, StaticSource>;
