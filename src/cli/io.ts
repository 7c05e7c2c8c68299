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
}

/** The real process's Io. */
export function processIo(signal: AbortSignal): Io {
  return {
    stdout: { write: (data) => void process.stdout.write(data), isTTY: process.stdout.isTTY === true },
    stderr: { write: (data) => void process.stderr.write(data), isTTY: process.stderr.isTTY === true },
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
  };
}
