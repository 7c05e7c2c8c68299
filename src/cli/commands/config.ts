/** `fcinvoke config path|list|show|validate|schema`: see and check the configuration in effect. */
import { resolve } from 'node:path';
import { EXIT_CODES, FcinvokeError, type ExitCode } from '../../core/errors.js';
import { readTextFile } from '../../config/context.js';
import { resolveCredentialChain, type ResolvedCredentials } from '../../config/credentials.js';
import type { ExchangeSource } from '../../core/credential-source.js';
import { describeSource, publicSource } from '../../core/describe-source.js';
import { findConfigFiles } from '../../config/find.js';
import { maskSecret } from '../../config/native/index.js';
import { resolveSettings, storeSettings } from '../../config/settings.js';
import { SETTING_KEYS } from '../../config/schema.js';
import { findProvider } from '../../providers/registry.js';
import type { CloudId } from '../../providers/types.js';
import { loadCommandConfig } from '../config-context.js';
import type { Io } from '../io.js';
import type { ConfigFlags } from '../flags.js';


const CLOUDS: readonly CloudId[] = ['tencent', 'aliyun', 'huawei', 'otc'];

/** `config path`: the files found, in the order they apply. */
export async function runConfigPath(flags: ConfigFlags, io: Io): Promise<ExitCode> {
  const places = await findConfigFiles({ cwd: io.cwd, home: io.home, env: io.env, explicitPath: flags.config });
  if (places.length === 0) {
    io.stderr.write('no config file found (searched .fcinvokerc* and fcinvoke.config.* from here upward, the "fcinvoke" key of package.json, and ~/.config/fcinvoke/config.{json,yaml,yml})\n');
    return EXIT_CODES.ok;
  }
  for (const place of places) io.stdout.write(`${place.path}\t${place.scope}\n`);
  return EXIT_CODES.ok;
}

/** `config list`: the profiles with provider and region, the selected one marked `*`. */
export async function runConfigList(flags: ConfigFlags, io: Io): Promise<ExitCode> {
  const context = await loadCommandConfig(flags, io);
  const names = Object.keys(context.config?.profiles ?? {}).sort();
  if (flags.names) {
    io.stdout.write(names.map((name) => `${name}\n`).join(''));
    return EXIT_CODES.ok;
  }
  if (names.length === 0) {
    io.stderr.write('no profiles defined\n');
    return EXIT_CODES.ok;
  }
  const rows = names.map((name) => {
    const values = context.config?.profiles[name]?.values ?? {};
    return [
      name === context.profileName?.value ? '*' : ' ',
      name,
      values.provider ?? '-',
      values.region ?? '-',
      values.extends ? `extends ${values.extends}` : '',
    ];
  });
  io.stdout.write(table(rows));
  return EXIT_CODES.ok;
}

/** `config show [profile]`: every resolved value with its source; secrets masked. */
export async function runConfigShow(profile: string | undefined, flags: ConfigFlags, io: Io): Promise<ExitCode> {
  const context = await loadCommandConfig({ ...flags, ...(profile === undefined ? {} : { profile }) }, io);
  const providerValue = context.profile?.values.provider;
  const cloud = providerValue === undefined ? undefined : findProvider(providerValue)?.cloud;
  const credentials: Record<string, CredentialsEntry> = {};
  const natives: Partial<Record<CloudId, ResolvedCredentials>> = {};
  for (const each of cloud === undefined ? CLOUDS : [cloud]) {
    try {
      const resolved = await resolveCredentialChain({
        cloud: each,
        env: io.env,
        profile: context.profile,
        lookup: { home: io.home, cwd: io.cwd, readText: readTextFile },
      });
      natives[each] = resolved;
      credentials[each] = await credentialsEntry(resolved, io);
    } catch (error) {
      if (!(error instanceof FcinvokeError)) throw error;
      credentials[each] = { error: error.message.split('\n')[0] ?? error.message };
    }
  }
  const native = cloud === undefined ? undefined : natives[cloud]?.native;
  // The default timeout depends on the provider; without one in the profile there is none to show.
  const entry = providerValue === undefined ? undefined : findProvider(providerValue);
  const limits = entry === undefined ? undefined : (await entry.load()).limits;
  const settings = resolveSettings(
    {
      flags: {},
      env: io.env,
      cloud,
      profile: context.profile,
      native: storeSettings(native),
      defaults:
        entry === undefined || limits === undefined
          ? undefined
          : { timeoutMs: { value: limits.defaultTimeoutMs.sync, source: `built-in default for ${entry.id} sync invocations` } },
    },
    SETTING_KEYS,
  );
  if (flags.json) {
    io.stdout.write(
      `${JSON.stringify(
        {
          profile: context.profileName ?? null,
          extends: context.profile?.chain.slice(1) ?? [],
          settings,
          credentials,
          files: context.config?.files.map((file) => ({ path: file.path, scope: file.scope })) ?? [],
        },
        null,
        2,
      )}\n`,
    );
    return EXIT_CODES.ok;
  }
  const rows: string[][] = [
    ['profile', context.profileName?.value ?? '(none)', context.profileName?.source ?? ''],
  ];
  if ((context.profile?.chain.length ?? 0) > 1) rows.push(['extends', context.profile!.chain.slice(1).join(' → '), '']);
  for (const key of SETTING_KEYS) {
    const value = settings[key];
    rows.push([key, value === undefined ? '-' : String(value.value), value?.source ?? '']);
  }
  for (const [each, entry] of Object.entries(credentials)) {
    if ('error' in entry) rows.push([`credentials.${each}`, '(none)', entry.error]);
    else if (entry.kind === 'exchange') {
      rows.push([`credentials.${each}`, entry.describe, entry.origin]);
      const cache =
        entry.cache.state === 'cached'
          ? `cached${entry.cache.expiresAt === null ? '' : `, expires ${entry.cache.expiresAt}`}`
          : entry.cache.state === 'off'
            ? 'disk cache off: exchanged by each invoke'
            : 'not cached: the next invoke exchanges';
      rows.push([`credentials.${each}.cache`, cache, '']);
    }
    else {
      const what = entry.kind === 'token' ? 'IAM token ****' : `${entry.accessKeyId} / secret ****${entry.securityToken ? ' + token ****' : ''}`;
      rows.push([`credentials.${each}`, what, entry.source]);
    }
  }
  io.stdout.write(table(rows));
  return EXIT_CODES.ok;
}

/** `config validate [file]`: checks files against the schema (and profiles' `extends`). Exit 0 or 2. */
export async function runConfigValidate(file: string | undefined, flags: ConfigFlags, io: Io): Promise<ExitCode> {
  const explicit = file ?? flags.config;
  const places = await findConfigFiles({ cwd: io.cwd, home: io.home, env: io.env, explicitPath: explicit === undefined ? undefined : resolve(io.cwd, explicit) });
  if (places.length === 0) {
    io.stderr.write('no config file found to validate\n');
    return EXIT_CODES.usage;
  }
  const { readConfigFile, mergeConfigFiles } = await import('../../config/load.js');
  const { checkCredentialSources, flattenProfile } = await import('../../config/profile.js');
  const files = [];
  for (const place of places) files.push(await readConfigFile(place.path, place.scope));
  const merged = mergeConfigFiles(files);
  for (const name of Object.keys(merged.profiles)) flattenProfile(merged, { value: name, source: 'config validate' });
  checkCredentialSources(merged);
  for (const each of files) io.stdout.write(`ok: ${each.path}\n`);
  return EXIT_CODES.ok;
}

/** `config schema`: the JSON Schema of the config file. */
export async function runConfigSchema(io: Io): Promise<ExitCode> {
  const { configJsonSchema } = await import('../../config/schema.js');
  io.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  return EXIT_CODES.ok;
}

/** One cloud's credentials as `config show` prints them: masked keys, or the exchange's configured chain. */
type CredentialsEntry =
  | { kind: 'keys' | 'token'; source: string; accessKeyId?: string; securityToken: boolean }
  | {
      kind: 'exchange';
      source: string;
      /** Where the exchange was configured (a profile key, variables, a store entry). */
      origin: string;
      /** What it does, one line: role, session, token file, what signs it. */
      describe: string;
      /** The source with every secret masked (keys of a static signer, a command's arguments, a URL's query). */
      exchange: unknown;
      /** The disk cache now: usable credentials until `expiresAt`, none (the next invoke exchanges), or turned off. */
      cache: { state: 'cached'; expiresAt: string | null } | { state: 'none' | 'off' };
    }
  | { error: string };

async function credentialsEntry(resolved: ResolvedCredentials, io: Io): Promise<CredentialsEntry> {
  if (resolved.exchange !== undefined) {
    return {
      kind: 'exchange',
      source: resolved.source,
      origin: resolved.exchange.origin,
      describe: describeSource(resolved.exchange),
      exchange: publicSource(resolved.exchange),
      cache: await cacheState(resolved.exchange, io),
    };
  }
  const keys = resolved.credentials;
  return keys.kind === 'keys'
    ? { kind: 'keys', accessKeyId: maskSecret(keys.accessKeyId), securityToken: keys.securityToken !== undefined, source: resolved.source }
    : { kind: 'token', securityToken: false, source: resolved.source };
}

/** What the disk cache holds for an exchange: read only, never an exchange (nothing is sent by `config show`). */
async function cacheState(source: ExchangeSource, io: Io): Promise<Extract<CredentialsEntry, { kind: 'exchange' }>['cache']> {
  const [{ cacheDirectory }, { openCredentialProvider }] = await Promise.all([
    import('../../engine/credentials/cache.js'),
    import('../../engine/credentials/provider.js'),
  ]);
  if (cacheDirectory(io.env, io.home) === undefined) return { state: 'off' };
  const refuse = async (): Promise<never> => {
    throw new Error('config show sends nothing');
  };
  try {
    const found = await openCredentialProvider(source, {
      env: io.env,
      home: io.home,
      transport: { send: refuse },
      warn: (message) => io.stderr.write(`warning: ${message}\n`),
    }).cached();
    return found === undefined ? { state: 'none' } : { state: 'cached', expiresAt: found.expiresAt?.toISOString() ?? null };
  } catch (error) {
    // A malformed FCINVOKE_STS_ENDPOINT is the invoke's error to report; here it only means the key is unknown.
    if (error instanceof FcinvokeError) return { state: 'none' };
    throw error;
  }
}


function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n') + '\n';
}
