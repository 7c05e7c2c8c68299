/** The credential chain's input and result, shared by the chain (credentials.ts) and the exchange sources. */
import type { ExchangeSource } from '../core/credential-source.js';
import type { CloudId, Credentials } from '../providers/types.js';
import type { NativeCredentials, NativeExchange, NativeLookup } from './native/index.js';
import type { FlatProfile } from './profile.js';
import type { Env, Sourced } from './resolve.js';

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
