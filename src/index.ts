/**
 * fcinvoke as a library: `import { invoke, invokeBatch, findProvider, … } from 'fcinvoke'` (docs/library.md).
 *
 * The same engine as the CLI, without the CLI: nothing here exits the process or writes to the console, and
 * credential resolution reads only the environment, home and working directory it is handed. Two defaults follow
 * Node's HTTP clients: the proxy variables (HTTPS_PROXY, NO_PROXY…) come from process.env unless `env` is given,
 * and connections are pooled in one shared pool (`closeTransport()` closes it; pass `transport: new
 * HttpTransport()` to keep your own). The emulator and the result's JSON Schema load on first use.
 */
import type { CredentialSource } from './core/credential-source.js';
import type { CredentialProvider, OpenCredentialProviderOptions } from './engine/credentials/provider.js';
import type { EmulatorOptions, RunningEmulator } from './emulator/server.js';
import { defaultTransport } from './transport/http.js';

// Invoking: one invocation, a batch, and the input from plain fields.
export { invoke, InterruptedInvocationError } from './engine/invoke.js';
export type { InvokeOptions, RetryEvent, TimedInvocation } from './engine/invoke.js';
export { DEFAULT_BATCH_CONCURRENCY, invokeBatch } from './engine/invoke-batch.js';
export type {
  BatchCredentials,
  BatchEnd,
  BatchInput,
  BatchItem,
  BatchLine,
  BatchLineResult,
  InvokeBatchOptions,
  NotRunReason,
} from './engine/invoke-batch.js';
export type { BatchStatus, BatchSummary } from './engine/summary.js';
export { createInvokeInput } from './engine/input.js';
export type { InvocationFields } from './engine/input.js';
export { DEFAULT_RETRY_POLICY, RETRY_RULES } from './engine/retry.js';
export type { RetryPolicy } from './engine/retry.js';

// The providers: the registry, and the contract each provider meets.
export { findProvider, PROVIDER_IDS, PROVIDERS as providers } from './providers/registry.js';
export type { ProviderEntry, ProviderId, ProviderName } from './providers/registry.js';
export type { CloudId, InvokeInput, Provider, ProviderLimits, SigningContext } from './providers/types.js';

// Credentials: the CLI's chain (environment, profile, other tools' stores), with everything it reads passed in.
export { resolveCredentials } from './config/resolve-credentials.js';
export type { ResolveCredentialsOptions, ResolvedProviderCredentials } from './config/resolve-credentials.js';
export type { Credentials, KeyCredentials, TokenCredentials } from './core/credentials.js';
// Credentials that need an exchange (roles, OIDC federation, agencies, the instance role, processes, URIs):
// `resolveCredentials` answers one of these as `exchange` instead of `credentials`; `describeSource` says what
// it does in one line, `publicSource` gives it with every secret masked.
export { describeSource, publicSource } from './core/describe-source.js';
export type { ResolvedCredentials } from './config/credentials.js';
export type {
  AgencySource,
  AssumeRoleSource,
  CredentialSource,
  ExchangeSource,
  FederatedOidcSource,
  InstanceSource,
  ProcessSource,
  SourceCloud,
  StaticSource,
  UriSource,
  WebIdentitySource,
} from './core/credential-source.js';
export { CredentialError } from './core/errors.js';
export type { CredentialProvider, ProvidedCredentials } from './engine/credentials/provider.js';
export type { Exchange, ExchangeContext, TemporaryCredentials } from './engine/credentials/types.js';

/**
 * Credentials from a source that needs an exchange (a role, OIDC federation, the instance role; docs/library.md):
 * `get()` answers credentials for `invoke`, cached in memory and in the cache directory under `home` (or
 * FCINVOKE_CACHE_DIR of `env`) and refreshed before they expire; pass the provider itself to `invokeBatch` to
 * refresh between lines. `env` and `home` are the caller's to give, as for `resolveCredentials`. Loaded on first use.
 */
export async function createCredentialProvider(
  source: CredentialSource,
  options: Omit<OpenCredentialProviderOptions, 'transport'> & Partial<Pick<OpenCredentialProviderOptions, 'transport'>>,
): Promise<CredentialProvider> {
  const { openCredentialProvider } = await import('./engine/credentials/provider.js');
  return openCredentialProvider(source, { transport: defaultTransport, ...options });
}

// The result, its statuses and errors.
export { decodePayload, exitCodeForStatus, INVOCATION_STATUSES, jsonResultOf, RESULT_SCHEMA_VERSION } from './core/result.js';
export type {
  Invocation,
  InvocationDetails,
  InvocationError,
  InvocationMetrics,
  InvocationResult,
  InvocationStatus,
  InvocationType,
  JsonResult,
  ResultDetails,
} from './core/result.js';
export { ConfigError, EXIT_CODES, FcinvokeError, InputError, UsageError } from './core/errors.js';
export type { ExitCode } from './core/errors.js';
export { redactRequest, redactServerText } from './core/redact.js';
export type { HttpRequest, RawResponse } from './core/http.js';

// The network: the shared pool, or a pool of your own.
export { closeTransport, HttpTransport, TransportError } from './transport/http.js';
export type { SendOptions, SendTimings, TransportPhase } from './transport/http.js';

export type { EmulatorOptions, RunningEmulator } from './emulator/server.js';

/**
 * The JSON Schema (draft 2020-12) of what `--json` prints (schema version 2), as `fcinvoke schema result` prints it:
 * an {@link InvocationResult} plus `schemaVersion` and `details`, which {@link jsonResultOf} adds.
 * Asynchronous because it loads zod, which nothing else here needs.
 */
export async function resultJsonSchema(): Promise<unknown> {
  const { resultJsonSchema: build } = await import('./output/result-schema.js');
  return build();
}

/**
 * Starts the built-in emulator, which serves every provider's invoke API and checks signatures
 * (docs/emulator.md): `port: 0` picks a free port, `url` says where. Accepts the demo credentials
 * ({@link DEMO_CREDENTIALS}) and any keys in `options.env`. Loaded on first use. Its built-in functions log through
 * `console`, which it captures per run: the first run routes `console` through it for the life of the process.
 */
export async function startEmulator(options?: EmulatorOptions): Promise<RunningEmulator> {
  const { startEmulator: start } = await import('./emulator/server.js');
  return start(options);
}

export { DEMO_CREDENTIALS, DEMO_IAM_TOKEN, DEMO_IDENTIFIERS } from './emulator/demo-credentials.js';
