/** The process's streams and environment, gathered so commands never touch `process` and tests can capture. */
import { homedir } from 'node:os';

/** A stream fcinvoke writes to. */
export interface OutStream {
  write(data: string | Uint8Array): void;
  readonly isTTY: boolean;
}

/** Everything a command may read from or write to the outside world. */
export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  /** Standard input as a byte stream, with whether it is a terminal. */
  stdin: {
    isTTY: boolean;
    read(): Promise<Uint8Array>;
    /** Reads it chunk by chunk (batch mode, flat memory). */
    stream?(): AsyncIterable<Uint8Array>;
  };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** The user's home directory (where other tools keep their credential files). */
  home: string;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /**
   * Called once just before a single invocation sends its request (never for a batch or a dry run), after every
   * module it needs has loaded. The process entry tunes V8 here for a one-shot process (src/cli.ts).
   */
  beforeSingleRequest?: (() => void) | undefined;
}

/** The real process's Io. */
export function processIo(signal: AbortSignal, beforeSingleRequest?: () => void): Io {
  return {
    stdout: processStream(() => process.stdout),
    stderr: processStream(() => process.stderr),
    stdin: {
      // A getter: touching process.stdin opens it (a stream, and a socket or tty handle), which only commands
      // that read input should pay for.
      get isTTY() {
        return process.stdin.isTTY === true;
      },
      read: async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks);
      },
      stream: () => process.stdin,
    },
    env: process.env,
    cwd: process.cwd(),
    home: homedir(),
    signal,
    beforeSingleRequest,
  };
}

/**
 * process.stdout or process.stderr, opened on first use: Node creates the stream (a tty, pipe or file handle) the
 * first time the property is read, which `--version` need not pay for on stderr. A closed pipe (e.g. `| head -1`)
 * is not an error worth a message: main goes on, so the exit code still says what happened to the invocation.
 */
function processStream(get: () => NodeJS.WriteStream): OutStream {
  let stream: NodeJS.WriteStream | undefined;
  const open = () => {
    if (stream === undefined) {
      stream = get();
      stream.on('error', () => undefined);
    }
    return stream;
  };
  return {
    write: (data) => void open().write(data),
    get isTTY() {
      return open().isTTY === true;
    },
  };
}
