/**
 * Exit codes and the error family for failures that happen before (or instead of) an invocation.
 *
 * The outcome of an invocation that was sent is data (`InvocationResult.status`); only failures where nothing was
 * sent, or where fcinvoke itself broke, are thrown. See docs/exit-codes.md, which a test checks against this table.
 */

/** Every exit code fcinvoke uses, with the meaning documented in docs/exit-codes.md and `--help`. */
export const EXIT_CODES = {
  ok: 0,
  functionError: 1,
  usage: 2,
  apiError: 3,
  transport: 4,
  outcomeUnknown: 5,
  internal: 70,
  outputFailed: 74,
  interrupted: 130,
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** One line per exit code, in the words used by `--help` and docs/exit-codes.md. */
export const EXIT_CODE_DESCRIPTIONS: ReadonlyArray<readonly [ExitCode, string]> = [
  [0, 'ok: the function returned (or an async invocation was accepted)'],
  [1, 'the function ran and failed'],
  [2, 'bad usage, config or input; nothing was sent'],
  [3, 'the provider API refused the call (auth, not found, quota, invalid parameter)'],
  [4, 'transport failure before the function could have run (DNS, connect, TLS)'],
  [5, 'outcome unknown: the request was sent but no complete answer came back'],
  [70, 'internal error in fcinvoke (a bug)'],
  [74, 'the result could not be written (stdout or --output-file)'],
  [130, 'interrupted (Ctrl-C)'],
  [143, 'terminated (SIGTERM)'],
];

/** Options shared by every {@link FcinvokeError}. */
export interface FcinvokeErrorOptions {
  /** A second line telling the user what to do about it. */
  hint?: string | undefined;
  cause?: unknown;
  /**
   * Several problems found at once (a config file's schema errors), one `error:` line each. Without it the
   * message is one line, whatever it contains: a newline in a name the user typed is escaped, not obeyed.
   */
  problems?: readonly string[] | undefined;
}

/** Base class of the errors fcinvoke throws on purpose; `code` is stable and safe to match on. */
export class FcinvokeError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  /** The lines to print: the message, or each of several problems. */
  readonly problems: readonly string[];

  constructor(code: string, message: string, exitCode: ExitCode, options: FcinvokeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.problems = options.problems ?? [message];
  }
}

/** Bad command line: unknown option, missing argument, invalid option value. Exit 2. */
export class UsageError extends FcinvokeError {
  constructor(message: string, options: FcinvokeErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'usage', message, EXIT_CODES.usage, options);
  }
}

/** Bad or missing configuration, including missing credentials. Exit 2. */
export class ConfigError extends FcinvokeError {
  constructor(message: string, options: FcinvokeErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'config', message, EXIT_CODES.usage, options);
  }
}

/** Bad input data (event JSON, sizes, names), with a position when there is one. Exit 2. */
export class InputError extends FcinvokeError {
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(
    message: string,
    options: FcinvokeErrorOptions & { code?: string; line?: number; column?: number } = {},
  ) {
    super(options.code ?? 'input', message, EXIT_CODES.usage, options);
    this.line = options.line;
    this.column = options.column;
  }
}

/**
 * The invocation's result could not be written: stdout or the `-o` file failed (no space, I/O error). Exit 74,
 * EX_IOERR of sysexits.h. A reader that closed the pipe (EPIPE) is not this: it is quiet (docs/exit-codes.md).
 */
export class OutputError extends FcinvokeError {
  constructor(message: string, options: FcinvokeErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'output', message, EXIT_CODES.outputFailed, options);
  }
}

/** The user pressed Ctrl-C (or SIGTERM came: src/cli.ts turns the exit code into 143). Exit 130. */
export class InterruptedError extends FcinvokeError {
  constructor() {
    super('interrupted', 'interrupted', EXIT_CODES.interrupted);
  }
}

/**
 * Temporary credentials could not be obtained (engine/credentials/): the STS, IAM or metadata service refused
 * (exit 3, with a hint naming the role or trust policy), or could not be reached (exit 4). Nothing was invoked.
 */
export class CredentialError extends FcinvokeError {
  constructor(
    message: string,
    exitCode: typeof EXIT_CODES.apiError | typeof EXIT_CODES.transport,
    options: FcinvokeErrorOptions & { code?: string } = {},
  ) {
    super(options.code ?? (exitCode === EXIT_CODES.apiError ? 'credentials.refused' : 'credentials.unreachable'), message, exitCode, options);
  }
}
