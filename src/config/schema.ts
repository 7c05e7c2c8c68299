/**
 * The config file format: one zod schema that is the source of truth for validation, the TypeScript types,
 * `fcinvoke config schema` (JSON Schema for editors) and docs/config.md.
 */
import { z } from 'zod';
import { PROVIDER_NAMES } from '../providers/registry.js';
import { BOUNDS, describeBound, SESSION_BOUNDS, type Bound } from './bounds.js';


/** The credential stores of other tools that a profile may point at. */
export const NATIVE_STORE_NAMES = [
  'tccli',
  'tencentcloud',
  'aliyun-cli',
  'alibabacloud',
  'serverless-devs',
  'huaweicloud',
  'koocli',
  'openstack-clouds',
] as const;

/** Any string may be `${env:NAME}`, read from the environment when the profile is used. */
const text = z.string().regex(/\S/, 'expected a non-empty string');

/** A whole number inside its row of the bounds table, shared with the flag that sets the same value. */
function bounded(bound: Pick<Bound, 'unit' | 'min' | 'max'>) {
  const message = (issue: { input: unknown }) => `takes ${describeBound(bound)}, not ${JSON.stringify(issue.input)}`;
  return z.number({ error: message }).int({ error: message }).min(bound.min, { error: message }).max(bound.max, { error: message });
}

const fromStore = z.strictObject({
  from: z.enum(NATIVE_STORE_NAMES).describe("read the keys from another tool's credential store"),
  profile: text.optional().describe("the profile/section/alias in that store (default: that tool's own default)"),
});

const tencentKeys = z.strictObject({
  secretId: text.describe('SecretId (or ${env:NAME})'),
  secretKey: text.describe('SecretKey (or ${env:NAME}); keep it out of the file with ${env:…} or from:'),
  sessionToken: text.optional().describe('session token of temporary keys'),
});

const aliyunKeys = z.strictObject({
  accessKeyId: text.describe('AccessKey ID (or ${env:NAME})'),
  accessKeySecret: text.describe('AccessKey secret (or ${env:NAME})'),
  securityToken: text.optional().describe('STS security token of temporary keys'),
});

const huaweiKeys = z.strictObject({
  ak: text.describe('access key (AK) (or ${env:NAME})'),
  sk: text.describe('secret key (SK) (or ${env:NAME})'),
  securityToken: text.optional().describe('security token of temporary keys'),
});

const huaweiToken = z.strictObject({
  authToken: text.describe('an IAM token, sent as X-Auth-Token instead of signing (or ${env:NAME})'),
});

/** A union whose error, when no branch's shape fits at all, says what the forms are (formatIssues). */
function oneOf<const T extends readonly [z.ZodType, ...z.ZodType[]]>(options: T, forms: string) {
  return z.union(options, { error: `expected ${forms}` });
}

/** The instance role from the metadata service: `instance`, or `{instance: {role: <name>}}` to name the role. */
const namedInstance = z.union([
  z.literal('instance').describe("the instance role from the metadata service (only when configured: never tried on its own)"),
  z.strictObject({ instance: z.strictObject({ role: text.optional().describe('the role name (default: the one the metadata service lists)') }) }),
]);
/** Huawei/OTC ECS metadata has no role name. */
const instance = z.literal('instance').describe('the ECS metadata security key (only when configured: never tried on its own)');

const profileRef = z.strictObject({
  profile: text.describe("another profile's credentials for the same cloud (which may be a role itself: chained roles)"),
});

/** A Tencent STS or Alibaba STS role to assume. */
function roleSchema(bound: (typeof SESSION_BOUNDS)[keyof typeof SESSION_BOUNDS], example: string) {
  return z.strictObject(
    {
      arn: text.describe(`the role's ARN, e.g. ${example}`),
      sessionName: text.optional().describe('the role session name (default fcinvoke-<unix seconds>)'),
      durationSeconds: bounded(bound).optional().describe(`how long the temporary keys last (${describeBound(bound)})`),
      externalId: text.optional().describe("the external id the role's trust policy asks for"),
      policy: text.optional().describe('a session policy (JSON text) narrowing the role'),
      region: text.optional().describe("the STS region (default: the cloud's global STS endpoint)"),
    },
    { error: (issue) => (issue.input === undefined ? 'required: the role to assume ({arn: …})' : undefined) },
  );
}

/** Tencent: TKE's OIDC variables as profile keys (AssumeRoleWithWebIdentity). */
const tencentOidc = z.strictObject({
  oidcTokenFile: text.describe('the OIDC token file (read on every exchange; relative to this config file)'),
  providerId: text.describe('the identity provider id (TKE_PROVIDER_ID)'),
});

/** Alibaba: ALIBABA_CLOUD_OIDC_* as profile keys (AssumeRoleWithOIDC). */
const aliyunOidc = z.strictObject({
  oidcTokenFile: text.describe('the OIDC token file (read on every exchange; relative to this config file)'),
  providerArn: text.describe('the OIDC provider ARN (ALIBABA_CLOUD_OIDC_PROVIDER_ARN)'),
});

const aliyunProcess = z.strictObject({
  processCommand: text.describe('a command printing credentials as JSON (the aliyun CLI External mode)'),
});
const aliyunUri = z.strictObject({
  credentialsUri: text.describe('a URL answering credentials as JSON (ALIBABA_CLOUD_CREDENTIALS_URI)'),
});

const SOURCE_FORMS = 'keys, {from: <store>}, {profile: <name>}, an OIDC token file or instance';

const tencentRole = z.strictObject({
  role: roleSchema(SESSION_BOUNDS.tencent, 'qcs::cam::uin/100000000001:roleName/deploy'),
  source: oneOf([tencentKeys, fromStore, profileRef, tencentOidc, namedInstance], SOURCE_FORMS)
    .optional()
    .describe("what signs AssumeRole (default: the cloud's chain without this profile), or an OIDC token file (AssumeRoleWithWebIdentity)"),
});

const aliyunRole = z.strictObject({
  role: roleSchema(SESSION_BOUNDS.aliyun, 'acs:ram::1234567890123456:role/deploy'),
  source: oneOf([aliyunKeys, fromStore, profileRef, aliyunOidc, namedInstance, aliyunProcess, aliyunUri], SOURCE_FORMS)
    .optional()
    .describe("what signs AssumeRole (default: the cloud's chain without this profile), or an OIDC token file (AssumeRoleWithOIDC)"),
});

/** Huawei/OTC federated OIDC: token file → IAM token → temporary AK/SK. */
const federated = z.strictObject({
  federated: z.strictObject({
    idpId: text.describe('the identity provider id (HUAWEICLOUD_SDK_IDP_ID)'),
    tokenFile: text.describe('the OIDC token file (HUAWEICLOUD_SDK_ID_TOKEN_FILE; relative to this config file)'),
    projectId: text.optional().describe('scope the IAM token to this project (else to domainId)'),
    domainId: text.optional().describe('scope the IAM token to this account'),
    region: text.optional(),
    durationSeconds: bounded(SESSION_BOUNDS.huawei).optional().describe(`lifetime of the temporary AK/SK (${describeBound(SESSION_BOUNDS.huawei)})`),
  }),
});

/** Huawei/OTC agency assumption (`assume_role`). */
const agency = z.strictObject({
  agency: z
    .strictObject({
      name: text.describe('the agency name'),
      domainName: text.optional().describe('the account that owns the agency, by name'),
      domainId: text.optional().describe('the account that owns the agency, by id'),
      durationSeconds: bounded(SESSION_BOUNDS.huawei).optional().describe(`lifetime of the temporary AK/SK (${describeBound(SESSION_BOUNDS.huawei)})`),
    })
    .refine((value) => (value.domainName === undefined) !== (value.domainId === undefined), {
      error: 'give the owning account as domainName or domainId (one of them)',
    }),
  source: oneOf([huaweiKeys, huaweiToken, fromStore, profileRef, federated, instance], 'keys, {authToken}, {from: <store>}, {profile: <name>}, {federated: …} or instance')
    .optional()
    .describe("what authorizes the assumption (default: the cloud's chain without this profile)"),
});

const TENCENT_FORMS = 'keys (secretId/secretKey), {from: <store>}, {role: …, source: …} or instance';
const ALIYUN_FORMS = 'keys (accessKeyId/accessKeySecret), {from: <store>}, {role: …, source: …}, instance, {processCommand} or {credentialsUri}';
const HUAWEI_FORMS = 'keys (ak/sk), {authToken}, {from: <store>}, {agency: …}, {federated: …} or instance';

/** One profile: defaults for invoke, and credentials per cloud. */
export const profileSchema = z.strictObject({
  extends: text.optional().describe('another profile whose values this one inherits (and overrides)'),
  provider: z.enum(PROVIDER_NAMES).optional().describe('provider used when `invoke` is given only a function'),
  region: text.optional(),
  endpoint: text.optional().describe('scheme://host[:port] instead of the provider default'),
  namespace: text.optional().describe('Tencent namespace'),
  qualifier: text.optional().describe('version or alias'),
  accountId: text.optional().describe('Alibaba Cloud account id'),
  projectId: text.optional().describe('Huawei Cloud or Open Telekom Cloud project id'),
  service: text.optional().describe('Alibaba FC 2.0 service'),
  timeoutMs: bounded(BOUNDS.timeout)
    .optional()
    .describe('per-attempt timeout in ms (default: per provider, longer than its longest sync run; 60000 for async)'),
  retries: bounded(BOUNDS.retries).optional().describe('retries of throttled/never-sent requests (default 2)'),
  output: z.enum(['human', 'json', 'raw']).optional().describe('default output format (default human)'),
  log: z.boolean().optional().describe('ask for the log tail (default true)'),
  credentials: z
    .strictObject({
      tencent: oneOf([tencentKeys, fromStore, tencentRole, namedInstance], TENCENT_FORMS).optional(),
      aliyun: oneOf([aliyunKeys, fromStore, aliyunRole, namedInstance, aliyunProcess, aliyunUri], ALIYUN_FORMS).optional(),
      huawei: oneOf([huaweiKeys, huaweiToken, fromStore, agency, federated, instance], HUAWEI_FORMS).optional(),
      // Open Telekom Cloud keys are not Huawei Cloud keys: the same AK/SK shape, a cloud of its own.
      otc: oneOf([huaweiKeys, huaweiToken, fromStore, agency, federated, instance], HUAWEI_FORMS).optional(),
    })
    .optional(),
});

/** A whole config file. */
export const configFileSchema = z.strictObject({
  $schema: z.string().optional().describe('for editors'),
  defaultProfile: text.optional().describe('the profile used when neither --profile nor FCINVOKE_PROFILE is given (default: "default")'),
  profiles: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'profile names use letters, digits, _ . -'), profileSchema).optional(),
});

/** A config file as written (before `${env:…}` is expanded). */
export type RawConfig = z.infer<typeof configFileSchema>;
export type RawProfile = z.infer<typeof profileSchema>;
export type ProfileCredentials = NonNullable<RawProfile['credentials']>;
/** One cloud's credentials block in a profile. */
export type CredentialSpec = NonNullable<ProfileCredentials[keyof ProfileCredentials]>;
/** What a role or agency `source:` may be. */
export type SourceSpec =
  | NonNullable<z.infer<typeof tencentRole>['source']>
  | NonNullable<z.infer<typeof aliyunRole>['source']>
  | NonNullable<z.infer<typeof agency>['source']>;

/** The profile fields that are plain settings (not extends/credentials), in display order. */
export const SETTING_KEYS = [
  'provider',
  'region',
  'endpoint',
  'namespace',
  'qualifier',
  'accountId',
  'projectId',
  'service',
  'timeoutMs',
  'retries',
  'output',
  'log',
] as const;

export type SettingKey = (typeof SETTING_KEYS)[number];

/** The JSON Schema of the config file. */
export function configJsonSchema(): unknown {
  return z.toJSONSchema(configFileSchema, { io: 'input' });
}

/**
 * Renders zod issues as one line each: `file: key.path: message`. A union (the credential forms) whose input fits
 * one branch's shape reports that branch's own errors at their key paths; when no branch fits, the forms.
 */
export function formatIssues(file: string, issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): string[] {
  return issues.flatMap((issue) => {
    const at = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') {
      // A branch with an error at its own root (unknown keys, wrong type) is not the form the user meant; of the
      // others, the one with the fewest errors is (`{profile: 3}` is a bad profile name, not a store missing `from`).
      const fitting = issue.errors.filter((branch) => branch.length > 0 && branch.every((inner) => inner.path.length > 0 || inner.code === 'custom'));
      const fewest = Math.min(...fitting.map((branch) => branch.length));
      const closest = fitting.filter((branch) => branch.length === fewest);
      if (closest.length === 1) return formatIssues(file, closest[0]!, at);
    }
    const path = at.map((part) => (typeof part === 'number' ? `[${part}]` : String(part))).join('.');
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    return [`${file}: ${path === '' ? '(top level)' : path}: ${message}`];
  });
}
