/**
 * Credentials blocks that describe an exchange (docs/config.md, "Roles, OIDC and instance roles"): a profile's
 * role, agency, federated OIDC, instance, process or URI as an {@link ExchangeSource}, chained through other
 * profiles (cycles refused) with every error at its key path; and the one-line description of a source that
 * `config show`, `--debug` and errors print, never holding a secret. Loaded only when a profile or a store names
 * an exchange, so the chain of plain keys stays small.
 */
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import type { CredentialSource, ExchangeSource } from '../core/credential-source.js';
import { describeSource } from '../core/describe-source.js';
import { ConfigError } from '../core/errors.js';
import type { CloudId, Credentials } from '../providers/types.js';
import type { CredentialChainInput, ResolvedCredentials } from './credential-types.js';
import type { NativeCredentials, NativeExchange } from './native/index.js';
import { sourceProfile, type FlatProfile } from './profile.js';
import { expandEnv, type Env } from './resolve.js';
import type { CredentialSpec, SourceSpec } from './schema.js';

/** The chain's input, and the chain without the profile (what signs a role that names no source). */
export interface SpecInput extends CredentialChainInput {
  withoutProfile(): Promise<ResolvedCredentials>;
}

/** A profile's credentials block for the input's cloud; `visiting` is the `source: {profile}` chain so far. */
export async function profileCredentials(input: SpecInput, profile: FlatProfile, visiting: string[]): Promise<ResolvedCredentials> {
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
async function fromSpec(input: SpecInput, spec: CredentialSpec | SourceSpec, place: SpecPlace): Promise<ResolvedCredentials> {
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
  input: SpecInput,
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
async function signingSource(input: SpecInput, spec: SourceSpec | undefined, place: SpecPlace): Promise<CredentialSource> {
  if (spec !== undefined) return toSource(input.cloud, await fromSpec(input, spec, place));
  try {
    return toSource(input.cloud, await input.withoutProfile());
  } catch (error) {
    if (!(error instanceof ConfigError) || error.code !== 'config.missing_credentials') throw error;
    throw new ConfigError(`${place.where}: nothing to sign the request with (no source given): ${error.message}`, {
      code: error.code,
      hint: 'give the role a source: {profile: <name>}, keys, {from: <store>}, or instance',
    });
  }
}

/** `source: {profile: X}`: X's credentials for the same cloud (a role itself, for chained roles); cycles refused. */
async function chainedProfile(input: SpecInput, name: string, place: SpecPlace): Promise<CredentialSource> {
  const profile = sourceProfile(place.profile.config, input.cloud, name, `${place.where}.profile`, place.visiting);
  return toSource(input.cloud, await profileCredentials(input, profile, [...place.visiting, name]));
}

/** A store's keys, or the exchange its entry describes, behind `where` when a profile named the store. */
export function fromStore(found: NativeCredentials | NativeExchange, where: string | undefined): ResolvedCredentials {
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
export function provenance(origin: string, source: ExchangeSource): string {
  return `${origin} → ${describeSource(source)}`;
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
