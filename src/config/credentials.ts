/**
 * The credential chain for one cloud (docs/config.md, "Precedence"): the token flags > the cloud's static key
 * variables > its IAM token variable > the exchange its own variables ask for (a role, OIDC federation, the
 * instance) > the selected profile's credentials (keys, `${env:…}`, `from: <store>`, a role, an agency, federated
 * OIDC, the instance) > the cloud's native stores in their documented order. The result is either credentials
 * that sign as they are, or an exchange for the engine to carry out (engine/credentials/), with its provenance.
 * The instance role is never tried on its own: only when configured. Reading files goes through the injected
 * `readText`, so this is testable without a disk.
 */
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import type { CredentialSource, ExchangeSource, SourceCloud } from '../core/credential-source.js';
import { ConfigError } from '../core/errors.js';
import { maskKeyId } from '../core/redact.js';
import type { CloudId, Credentials } from '../providers/types.js';
import type { NativeCredentials, NativeExchange, NativeLookup } from './native/index.js';
import { sourceProfile, type FlatProfile } from './profile.js';
import { CREDENTIAL_VARIABLES, expandEnv, firstEnv, type Env, type Sourced } from './resolve.js';
import type { CredentialSpec, SourceSpec } from './schema.js';
import { environmentSource as aliyunEnvironment } from './sources/aliyun.js';
import { environmentSource as huaweiEnvironment } from './sources/huawei.js';
import { environmentSource as tencentEnvironment } from './sources/tencent.js';

/**
 * Credentials and where they came from (never the secret itself): keys or a token that sign as they are, or an
 * exchange the engine carries out. `source` is the one-line provenance (`f: profiles.ci.credentials.tencent →
 * role qcs::cam::uin/1:roleName/ci, session ci, from the OIDC token in /run/token`).
 */
export type ResolvedCredentials =
  | {
      credentials: Credentials;
      exchange?: undefined;
      source: string;
      /** Identifiers a native store carried beside the keys. */
      native?: NativeCredentials | undefined;
    }
  | {
      credentials?: undefined;
      exchange: ExchangeSource;
      source: string;
      /** The store entry that described the exchange, with the identifiers beside it. */
      native?: NativeCredentials | NativeExchange | undefined;
    };

/** Inputs to the chain. */
export interface CredentialChainInput {
  cloud: CloudId;
  env: Env;
  /** A Huawei or OTC IAM token given on the command line (`--token` or `--token-file`), with its source. */
  token?: Sourced<string> | undefined;
  /** The selected profile; `source: {profile: …}` reaches the other profiles through its `config`. */
  profile?: FlatProfile | undefined;
  lookup: Omit<NativeLookup, 'profile' | 'env'>;
}

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
  if (asked !== undefined) return { exchange: asked, source: provenance(asked.origin, asked) };
  if (input.profile?.values.credentials?.[cloud] !== undefined) return profileCredentials(input, input.profile, [input.profile.name]);
  // Lazy: the native store readers (seven file formats) load only when a profile or the chain needs them.
  const { findNativeCredentials, NATIVE_LOOKUP_ORDER } = await import('./native/index.js');
  const native = await findNativeCredentials(cloud, { ...input.lookup, env });
  if (native !== undefined) return fromStore(native, undefined);
  const names = CREDENTIAL_VARIABLES[cloud];
  throw new ConfigError(
    `missing ${cloudTitle(cloud)} credentials: set ${names.id[0]} and ${names.secret[0]}${tokenVariable === undefined ? '' : ` (or ${tokenVariable})`}, add them to a profile, or configure ${NATIVE_LOOKUP_ORDER[cloud].join(', ')}`,
    { code: 'config.missing_credentials', hint: 'or use --local to try the built-in emulator with demo credentials' },
  );
}

/** A profile's credentials block for the input's cloud; `visiting` is the `source: {profile}` chain so far. */
async function profileCredentials(input: CredentialChainInput, profile: FlatProfile, visiting: string[]): Promise<ResolvedCredentials> {
  const spec = profile.values.credentials?.[input.cloud] as CredentialSpec;
  const where = profile.credentialOrigins[input.cloud] ?? `profile ${profile.name}`;
  return fromSpec(input, spec, { where, profile, visiting, file: profile.credentialFiles?.[input.cloud] });
}

/** Where a spec sits: its key path, the profile holding it, the `source: {profile}` chain, its file. */
interface SpecPlace {
  where: string;
  profile: FlatProfile;
  visiting: string[];
  file: string | undefined;
}

/** One credentials block (or a role's `source:`), as credentials or an exchange. */
async function fromSpec(input: CredentialChainInput, spec: CredentialSpec | SourceSpec, place: SpecPlace): Promise<ResolvedCredentials> {
  const { cloud, env } = input;
  const { where } = place;
  const exchange = (source: ExchangeSource): ResolvedCredentials => ({ exchange: source, source: provenance(where, source) });
  if (spec === 'instance') return exchange({ kind: 'instance', cloud, origin: where });
  if ('from' in spec) {
    // Lazy: the native store readers (seven file formats) load only when a profile or the chain needs them.
    const { readNativeStore } = await import('./native/index.js');
    const found = await readNativeStore(spec.from, cloud, { ...input.lookup, env, profile: spec.profile });
    if (found === undefined) {
      throw new ConfigError(`${where}: no ${cloud} credentials in the ${spec.from} store${spec.profile ? ` (profile ${spec.profile})` : ''}`, {
        code: 'config.native_missing',
      });
    }
    return fromStore(found, where);
  }
  if ('profile' in spec) return toResolved(await chainedProfile(input, spec.profile, place));
  if ('instance' in spec) return exchange({ kind: 'instance', cloud, origin: where, roleName: expandOptional(spec.instance.role, env, `${where}.instance.role`) });
  if ('role' in spec) return exchange(await roleSource(input, spec, place));
  if ('agency' in spec) {
    const agency = expandAll(spec.agency, env, `${where}.agency`);
    return exchange({
      kind: 'agency',
      cloud: cloud as 'huawei' | 'otc',
      origin: where,
      agencyName: agency.name,
      domainName: agency.domainName,
      domainId: agency.domainId,
      durationSeconds: agency.durationSeconds,
      via: await signingSource(input, spec.source, { ...place, where: `${where}.source` }),
    });
  }
  if ('federated' in spec) {
    const federated = expandAll(spec.federated, env, `${where}.federated`);
    return exchange({ kind: 'federated-oidc', cloud: cloud as 'huawei' | 'otc', origin: where, ...federated, tokenFile: besideConfig(federated.tokenFile, place.file) });
  }
  if ('processCommand' in spec) return exchange({ kind: 'process', cloud, origin: where, command: expandEnv(spec.processCommand, env, `${where}.processCommand`) });
  if ('credentialsUri' in spec) return exchange({ kind: 'uri', cloud, origin: where, url: expandEnv(spec.credentialsUri, env, `${where}.credentialsUri`) });
  if ('oidcTokenFile' in spec) {
    // The schema allows a token file only as a role's source, where roleSource reads it.
    throw new ConfigError(`${where}: an OIDC token file needs a role to assume`, { code: 'config.invalid' });
  }
  return { credentials: literalCredentials(expandAll(spec, env, where)), source: where };
}

/** `role:` with its `source:`: AssumeRole signed by the source, or AssumeRoleWith{WebIdentity,OIDC} from a token file. */
async function roleSource(
  input: CredentialChainInput,
  spec: Extract<CredentialSpec, { role: unknown }>,
  place: SpecPlace,
): Promise<ExchangeSource> {
  const { where } = place;
  const role = expandAll(spec.role, input.env, `${where}.role`);
  const cloud = input.cloud as 'tencent' | 'aliyun';
  const common = {
    cloud,
    origin: where,
    roleArn: role.arn,
    sessionName: role.sessionName,
    durationSeconds: role.durationSeconds,
    policy: role.policy,
    region: role.region,
  };
  const source = spec.source;
  if (source !== undefined && source !== 'instance' && 'oidcTokenFile' in source) {
    if (role.externalId !== undefined) {
      throw new ConfigError(`${where}.role.externalId: an OIDC role takes no external id (its trust policy names the identity provider)`, {
        code: 'config.invalid',
      });
    }
    const oidc = expandAll(source, input.env, `${where}.source`);
    const providerId = 'providerArn' in oidc ? oidc.providerArn : oidc.providerId;
    return { kind: 'web-identity', ...common, providerId, tokenFile: besideConfig(oidc.oidcTokenFile, place.file) };
  }
  return { kind: 'assume-role', ...common, externalId: role.externalId, via: await signingSource(input, source, { ...place, where: `${where}.source` }) };
}

/**
 * What signs a role or agency request: the source given, or (none given) the cloud's chain without the profile
 * (keys from the environment or a store, or an exchange those ask for).
 */
async function signingSource(input: CredentialChainInput, spec: SourceSpec | undefined, place: SpecPlace): Promise<CredentialSource> {
  if (spec !== undefined) return toSource(input.cloud, await fromSpec(input, spec, place));
  try {
    return toSource(input.cloud, await resolveCredentialChain({ ...input, profile: undefined }));
  } catch (error) {
    if (!(error instanceof ConfigError) || error.code !== 'config.missing_credentials') throw error;
    throw new ConfigError(`${place.where}: nothing to sign the request with (no source given): ${error.message}`, {
      code: error.code,
      hint: 'give the role a source: {profile: <name>}, keys, {from: <store>}, or instance',
    });
  }
}

/** `source: {profile: X}`: X's credentials for the same cloud (a role itself, for chained roles); cycles refused. */
async function chainedProfile(input: CredentialChainInput, name: string, place: SpecPlace): Promise<CredentialSource> {
  const profile = sourceProfile(place.profile.config, input.cloud, name, `${place.where}.profile`, place.visiting);
  return toSource(input.cloud, await profileCredentials(input, profile, [...place.visiting, name]));
}

/** A store's keys, or the exchange its entry describes, behind `where` when a profile named the store. */
function fromStore(found: NativeCredentials | NativeExchange, where: string | undefined): ResolvedCredentials {
  const source = where === undefined ? found.source : `${where} → ${found.source}`;
  if (found.exchange === undefined) return { credentials: found.credentials, source, native: found };
  return { exchange: found.exchange, source: provenance(source, found.exchange), native: found };
}

/** Resolved credentials as the source of another exchange. */
function toSource(cloud: CloudId, resolved: ResolvedCredentials): CredentialSource {
  if (resolved.exchange !== undefined) return resolved.exchange;
  return { kind: 'static', cloud, origin: resolved.source, credentials: resolved.credentials };
}

/** A source as resolved credentials, its own origin the provenance. */
function toResolved(source: CredentialSource): ResolvedCredentials {
  if (source.kind === 'static') return { credentials: source.credentials, source: source.origin };
  return { exchange: source, source: provenance(source.origin, source) };
}

/** `origin → what the exchange does`. */
function provenance(origin: string, source: ExchangeSource): string {
  return `${origin} → ${describeSource(source)}`;
}

/**
 * One line saying what a source does, for `config show`, `--debug` and errors: the role, session, token file,
 * what signs it; never a secret or a token (a key id masked, a command's first word, a URL without its query).
 */
export function describeSource(source: CredentialSource): string {
  const session = (name: string | undefined, seconds: number | undefined) =>
    `${name === undefined ? '' : `, session ${name}`}${seconds === undefined ? '' : `, ${seconds} s`}`;
  const signer = (via: CredentialSource) => (via.kind === 'static' ? describeSource(via) : `${describeSource(via)} (${via.origin})`);
  switch (source.kind) {
    case 'static':
      return source.credentials.kind === 'keys'
        ? `keys ${maskKeyId(source.credentials.accessKeyId)} (${source.origin})`
        : `an IAM token (${source.origin})`;
    case 'assume-role':
      return `role ${source.roleArn}${session(source.sessionName, source.durationSeconds)}, signed with ${signer(source.via)}`;
    case 'web-identity':
      return `role ${source.roleArn}${session(source.sessionName, source.durationSeconds)}, from the OIDC token in ${source.tokenFile} (provider ${source.providerId})`;
    case 'federated-oidc':
      return `federated identity provider ${source.idpId}${source.projectId === undefined ? '' : `, project ${source.projectId}`}${session(undefined, source.durationSeconds)}, from the OIDC token in ${source.tokenFile}`;
    case 'agency':
      return `agency ${source.agencyName} of ${source.domainName ?? source.domainId}${session(undefined, source.durationSeconds)}, assumed with ${signer(source.via)}`;
    case 'instance':
      return `the instance role${source.roleName === undefined ? '' : ` ${source.roleName}`} from the ${cloudTitle(source.cloud)} metadata service`;
    case 'process':
      return `the output of the command ${firstWord(source.command)}`;
    case 'uri':
      return `the credentials URI ${publicUrl(source.url)}`;
  }
}

/**
 * A source as data that may be printed (`config show --json`): a static signer's key id masked and its secret,
 * token and the IAM token left out, a command cut to its first word, a URL to its origin and path.
 */
export function publicSource(source: CredentialSource): Record<string, unknown> {
  switch (source.kind) {
    case 'static': {
      const { credentials, ...rest } = source;
      return credentials.kind === 'keys'
        ? { ...rest, credentials: { kind: 'keys', accessKeyId: maskKeyId(credentials.accessKeyId), securityToken: credentials.securityToken !== undefined } }
        : { ...rest, credentials: { kind: 'token' } };
    }
    case 'assume-role':
    case 'agency':
      return { ...source, via: publicSource(source.via) };
    case 'process':
      return { ...source, command: firstWord(source.command) };
    case 'uri':
      return { ...source, url: publicUrl(source.url) };
    default:
      return { ...source };
  }
}

/** A command line's first word and an ellipsis: its arguments may carry a secret. */
function firstWord(command: string): string {
  return `${command.trim().split(/\s+/)[0] ?? ''}…`;
}

/** A URL without user info, query or fragment (where a credentials URI could carry a token). */
function publicUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

/** A relative token file path in a profile is relative to its config file's directory. */
function besideConfig(path: string, file: string | undefined): string {
  return isAbsolute(path) || file === undefined ? path : resolvePath(dirname(file), path);
}

/** Every string of a block with `${env:…}` expanded, each error naming its key path (`where.key`). */
function expandAll<T extends object>(block: T, env: Env, where: string): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(block)) {
    out[key] = typeof value === 'string' ? expandEnv(value, env, `${where}.${key}`) : value;
  }
  return out as T;
}

function expandOptional(value: string | undefined, env: Env, where: string): string | undefined {
  return value === undefined ? undefined : expandEnv(value, env, where);
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

/** Keys or a token written in a profile (already expanded). */
function literalCredentials(spec: LiteralSpec): Credentials {
  if ('authToken' in spec) return { kind: 'token', token: spec.authToken };
  const [id, secret, token] =
    'secretId' in spec
      ? [spec.secretId, spec.secretKey, spec.sessionToken]
      : 'accessKeyId' in spec
        ? [spec.accessKeyId, spec.accessKeySecret, spec.securityToken]
        : [spec.ak, spec.sk, spec.securityToken];
  return { kind: 'keys', accessKeyId: id, accessKeySecret: secret, ...(token ? { securityToken: token } : {}) };
}

/** A cloud's name for messages. */
export function cloudTitle(cloud: CloudId): string {
  return { tencent: 'Tencent Cloud', aliyun: 'Alibaba Cloud', huawei: 'Huawei Cloud', otc: 'Open Telekom Cloud' }[cloud];
}
