/**
 * The contract between the credential orchestrator (`engine/credentials/provider.ts`: cache, refresh, chaining)
 * and each cloud's exchanges (`engine/credentials/<cloud>/`). A cloud's module is a small signed client in the
 * provider style: pure builders, signers and parsers (functions of source, credentials and clock), and one thin
 * `exchange` that sends through the injected {@link ExchangeContext}. Nothing here reads the process: the
 * environment, the clock, files, the network and child processes all come in through the context.
 */
import type { ExchangeSource } from '../../core/credential-source.js';
import type { Credentials, KeyCredentials } from '../../core/credentials.js';
import type { HttpRequest, RawResponse } from '../../core/http.js';

/** Credentials an exchange produced, with when they stop working. */
export type TemporaryCredentials = (KeyCredentials | { kind: 'token'; token: string }) & {
  /** When the cloud says they expire; undefined: they do not (a process or URI that gave no expiry). */
  expiresAt: Date | undefined;
};

/** What an exchange may use. */
export interface ExchangeContext {
  /** The clock (tests inject one). */
  now(): Date;
  /** Sends one request (the transport, thin): TransportError on failure, the response whatever its status. */
  send(request: HttpRequest, options: { timeoutMs: number }): Promise<RawResponse>;
  /** Reads a file's text; undefined when it does not exist. */
  readText(path: string): Promise<string | undefined>;
  /** Runs a shell command line (process sources); stdout as text, or throws a CredentialError. */
  runProcess(command: string, options: { timeoutMs: number }): Promise<string>;
  /** The environment (for the clouds' own endpoint variables, e.g. HUAWEICLOUD_SDK_IAM_ENDPOINT). */
  env: Readonly<Record<string, string | undefined>>;
  /** FCINVOKE_STS_ENDPOINT: every STS and IAM exchange goes to this origin instead of the cloud's. */
  stsEndpoint: string | undefined;
  /** FCINVOKE_METADATA_ENDPOINT: instance metadata is read from this origin instead of 100.100.100.200 / 169.254.169.254 / metadata.tencentyun.com. */
  metadataEndpoint: string | undefined;
  /** Each request's timeout. */
  timeoutMs: number;
}

/**
 * One cloud's exchanges. `signer` is what `source.via` yielded (assume-role and agency sources), undefined for
 * the others. Throws ConfigError (exit 2: the token file is missing, a setting is malformed), CredentialError
 * (exit 3 refused with a hint naming the role and trust policy; exit 4 unreachable), never anything holding a
 * secret or a token.
 */
export type Exchange = (
  source: ExchangeSource,
  signer: Credentials | undefined,
  context: ExchangeContext,
) => Promise<TemporaryCredentials>;
