/** The process's streams and environment, gathered so commands never touch `process` and tests can capture. */
import { fstatSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';

/** Why writing to a stream failed. */
export interface WriteFailure {
  /** The errno code: `EPIPE`, `ENOSPC`, `EIO`… */
  code: string;
  /** The reader went away (EPIPE): its choice, not an error worth a message (docs/exit-codes.md). */
  closed: boolean;
}

/** A stream fcinvoke writes to. */
export interface OutStream {
  write(data: string | Uint8Array): void;
  readonly isTTY: boolean;
  /**
   * Resolves once everything written so far has reached the OS, or writing has failed: writes to a pipe or file
   * complete later, and so do their errors. A test double that writes at once need not have it.
   */
  flush?(): Promise<void>;
  /** Set once a write has failed; later writes are dropped. */
  readonly failure?: WriteFailure | undefined;
  /** Calls `listener` once, when a write first fails (at once if one already has). */
  onFailure?(listener: (failure: WriteFailure) => void): void;
}

/** Everything a command may read from or write to the outside world. */
export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  /** Standard input as a byte stream. It is read only when asked for: `-f -`, `--events-file -`. */
  stdin: {
    isTTY: boolean;
    /** Reads it to the end; rejects when {@link Io.signal} aborts first. */
    read(): Promise<Uint8Array>;
    /** Reads it chunk by chunk (batch mode, flat memory). */
    stream?(): AsyncIterable<Uint8Array>;
    /** Stops reading it, even mid-read, so a stdin that never ends does not keep the process alive. */
    close?(): void;
    /**
     * How many bytes are known to be waiting, found without reading any: the unread rest of a redirected regular
     * file. Undefined when that cannot be told without reading (a pipe, a terminal).
     */
    waiting?(): number | undefined;
  };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** The user's home directory (where other tools keep their credential files). */
  home: string;
  /** Aborted on Ctrl-C or SIGTERM; {@link signalName} tells which. */
  signal: AbortSignal;
  /**
   * Called once just before a single invocation sends its request (never for a batch or a dry run), after every
   * module it needs has loaded. The process entry tunes V8 here for a one-shot process (src/cli.ts).
   */
  beforeSingleRequest?: (() => void) | undefined;
  /**
   * Called once when a batch is about to start its first line (`--events-file`, `--repeat`), after its modules
   * have loaded. The process entry tunes V8's heap for a long run here (src/cli.ts).
   */
  beforeBatch?: (() => void) | undefined;
  /**
   * Runs `cleanup` (synchronous) if the process exits before the returned function is called: a second Ctrl-C
   * exits at once, and the `-o` temporary file must not stay behind.
   */
  onExit?: ((cleanup: () => void) => () => void) | undefined;
}

/**
 * The signal that aborted `signal`: src/cli.ts aborts with an AbortError whose message is the signal's name (an
 * Error, as the transport hands the reason to undici). Undefined when not aborted, or aborted by a test.
 */
export function signalName(signal: AbortSignal): 'SIGINT' | 'SIGTERM' | undefined {
  const message = signal.aborted ? (signal.reason as { message?: unknown } | undefined)?.message : undefined;
  return message === 'SIGINT' || message === 'SIGTERM' ? message : undefined;
}

/** The real process's Io. */
export function processIo(signal: AbortSignal, beforeSingleRequest?: () => void, beforeBatch?: () => void): Io {
  return {
    stdout: processStream(() => process.stdout),
    stderr: processStream(() => process.stderr),
    stdin: {
      // A getter: touching process.stdin opens it (a stream, and a socket or tty handle), which only commands
      // that read input should pay for.
      get isTTY() {
        return process.stdin.isTTY === true;
      },
      read: () => readAll(process.stdin, signal),
      stream: () => process.stdin,
      close: () => void process.stdin.destroy(),
      waiting: unreadStdinBytes,
    },
    env: process.env,
    cwd: process.cwd(),
    home: homedir(),
    signal,
    beforeSingleRequest,
    beforeBatch,
    onExit: (cleanup) => {
      process.once('exit', cleanup);
      return () => void process.off('exit', cleanup);
    },
  };
}

/**
 * process.stdout or process.stderr, opened on first use: Node creates the stream (a tty, pipe or file handle) the
 * first time the property is read, which `--version` need not pay for on stderr. Write errors are kept, not thrown:
 * main reads `failure` after `flush` and reports it, except a closed pipe (e.g. `| head -1`), after which main goes
 * on quietly, so the exit code still says what happened to the invocation.
 */
function processStream(get: () => NodeJS.WriteStream): OutStream {
  let stream: NodeJS.WriteStream | undefined;
  let pending = 0;
  let failure: WriteFailure | undefined;
  const idle: Array<() => void> = [];
  const listeners: Array<(failure: WriteFailure) => void> = [];
  const settle = () => {
    if (pending === 0 || failure !== undefined) for (const resolve of idle.splice(0)) resolve();
  };
  const fail = (error: NodeJS.ErrnoException) => {
    if (failure === undefined) {
      failure = { code: error.code ?? 'EIO', closed: error.code === 'EPIPE' };
      for (const listener of listeners.splice(0)) listener(failure);
    }
    settle();
  };
  const written = (error: Error | null | undefined) => {
    pending -= 1;
    if (error) fail(error);
    else settle();
  };
  const open = () => {
    if (stream === undefined) {
      stream = get();
      stream.on('error', fail);
    }
    return stream;
  };
  return {
    write: (data) => {
      if (failure !== undefined) return;
      pending += 1;
      open().write(data, written);
    },
    get isTTY() {
      return open().isTTY === true;
    },
    flush: () =>
      pending === 0 || failure !== undefined ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve)),
    get failure() {
      return failure;
    },
    onFailure: (listener) => {
      if (failure !== undefined) listener(failure);
      else listeners.push(listener);
    },
  };
}

/**
 * Reads stdin to its end. Ctrl-C or SIGTERM ends the wait: a stdin that never ends (`sleep inf | fcinvoke … -f -`)
 * must not need a second Ctrl-C, so the stream is destroyed, which also lets the process exit.
 */
function readAll(stdin: NodeJS.ReadStream, signal: AbortSignal): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer) => void chunks.push(chunk);
    const done = () => {
      signal.removeEventListener('abort', onAbort);
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.off('error', onError);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    function onAbort() {
      done();
      stdin.destroy();
      reject(signal.reason);
    }
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    stdin.on('data', onData);
    stdin.once('end', onEnd);
    stdin.once('error', onError);
  });
}

/**
 * The unread rest of stdin when it is a regular file (`< event.json`): its size less the file position, which Linux
 * shows in /proc (elsewhere the position is taken as 0). A pipe's content cannot be seen without reading it, which
 * would take it from whoever reads next (a `while read` loop), so it is undefined, as for a terminal.
 */
function unreadStdinBytes(): number | undefined {
  let size: number;
  try {
    const stats = fstatSync(0);
    if (!stats.isFile()) return undefined;
    size = stats.size;
  } catch {
    return undefined;
  }
  let position = 0;
  try {
    position = Number(/^pos:\s*(\d+)/m.exec(readFileSync('/proc/self/fdinfo/0', 'utf8'))?.[1] ?? 0);
  } catch {
    // Not Linux: a redirect starts at 0, which is what this is nearly always.
  }
  return Math.max(0, size - position);
}
