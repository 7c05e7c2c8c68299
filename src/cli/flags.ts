/**
 * The command line's shape, as types: the top-level command names and the flags of each, as commander parses
 * them. A module of its own so that main, the command definitions and the commands all read it and none imports
 * another for it (main loads the definitions and the commands, so an import back would be a cycle). Types only:
 * `--version` loads nothing of it.
 */

/** A top-level command's name; cli/main.ts lists them with their summaries (COMMANDS) and tsc checks both agree. */
export type CommandName = 'invoke' | 'emulator' | 'config' | 'providers' | 'completion' | 'schema';

/** The flags of `invoke`, as commander parses them. */
export interface InvokeFlags {
  event?: string;
  eventFile?: string;
  /** `--raw-event`: send the event's bytes as they are (FC only). */
  rawEvent?: boolean;
  qualifier?: string;
  namespace?: string;
  routingKey?: string;
  region?: string;
  async?: boolean;
  log: boolean;
  json?: boolean;
  raw?: boolean;
  endpoint?: string;
  allowInsecureHttp?: boolean;
  timeout?: string;
  local?: boolean;
  accountId?: string;
  service?: string;
  projectId?: string;
  taskId?: string;
  token?: string;
  tokenFile?: string;
  requestVersion?: 'v0' | 'v1';
  signatureMethod?: string;
  debug?: boolean;
  color: boolean;
  profile?: string;
  config?: string;
  eventsFile?: string;
  concurrency?: string;
  unordered?: boolean;
  repeat?: string;
  retries?: string;
  retryUnsafe?: boolean;
  deadline?: string;
  dryRun?: boolean;
  dryRunUnredacted?: boolean;
  query?: string;
  outputFile?: string;
}

/** The flags of the `config` commands. */
export interface ConfigFlags {
  config?: string;
  profile?: string;
  json?: boolean;
  names?: boolean;
}

/** The flags of `emulator`. */
export interface EmulatorFlags {
  port: string;
  host: string;
  functions?: string;
  faults?: string;
  seed?: string;
  /** Print one demo OIDC token and exit, starting no server. */
  printOidcToken?: boolean;
  oidcSubject?: string;
  oidcTtl?: string;
}
