/**
 * `-o/--output-file <path>`: the payload goes to a temporary file beside the target, renamed over it only once
 * complete. A call that fails without a payload, a signal or a failed write leaves an existing file exactly as it
 * was; a reader never sees half a payload. The temporary file is created before the request is sent, which proves
 * the target can be written (the directory exists, it is not a directory, permission), so a bad path is exit 2 with
 * nothing sent. docs/output.md describes it for users.
 */
import { randomBytes } from 'node:crypto';
import { unlinkSync, type Stats } from 'node:fs';
import { access, constants, open, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError, OutputError } from '../core/errors.js';
import { describeFsError } from './fs-errors.js';

/** Where the payload will go, ready before sending. */
export interface OutputFile {
  /** The path as given. */
  readonly path: string;
  /** Writes the payload and puts it in place. Throws {@link OutputError} (exit 74), leaving the target as it was. */
  commit(payload: Uint8Array): Promise<void>;
  /** Drops what was prepared (no payload, or the call failed): the target is left as it was. Idempotent. */
  discard(): Promise<void>;
}

/**
 * Checks the target and prepares the write. `onExit` registers a synchronous cleanup in case the process exits
 * first (a second Ctrl-C); it returns the function that unregisters it.
 */
export async function prepareOutputFile(
  path: string,
  cwd: string,
  onExit?: (cleanup: () => void) => () => void,
): Promise<OutputFile> {
  const absolute = resolve(cwd, path);
  let existing: Stats | undefined;
  try {
    existing = await stat(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw cannotWrite(path, code);
  }
  if (existing?.isDirectory()) throw cannotWrite(path, 'EISDIR');
  if (existing !== undefined && !existing.isFile()) {
    // A device or FIFO (/dev/null, a named pipe) is written in place, as a shell redirect would: a rename would
    // replace the node itself. Opening a FIFO waits for its reader, so that too happens only at the end.
    await access(absolute, constants.W_OK).catch((error: NodeJS.ErrnoException) => {
      throw cannotWrite(path, error.code);
    });
    return new InPlaceFile(path, absolute);
  }
  // Through a symbolic link, replace the file it points to, not the link.
  const target =
    existing === undefined
      ? absolute
      : await realpath(absolute).catch((error: NodeJS.ErrnoException) => {
          throw cannotWrite(path, error.code);
        });
  if (existing !== undefined) {
    // The rename would replace a file we may not write: refuse it, as `>` would.
    await access(target, constants.W_OK).catch((error: NodeJS.ErrnoException) => {
      throw cannotWrite(path, error.code);
    });
  }
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.fcinvoke-tmp`);
  let handle: FileHandle;
  try {
    handle = await open(temporary, 'wx');
  } catch (error) {
    throw cannotWrite(path, (error as NodeJS.ErrnoException).code);
  }
  const unregister = onExit?.(() => {
    try {
      unlinkSync(temporary);
    } catch {
      // Already gone.
    }
  });
  const file = new TemporaryFile(path, target, temporary, handle, unregister);
  if (existing !== undefined) {
    // A replaced file keeps its permissions; a new one gets the umask's, like any other new file.
    try {
      await handle.chmod(existing.mode & 0o7777);
    } catch (error) {
      await file.discard();
      throw cannotWrite(path, (error as NodeJS.ErrnoException).code);
    }
  }
  return file;
}

class TemporaryFile implements OutputFile {
  #handle: FileHandle | undefined;

  constructor(
    readonly path: string,
    private readonly target: string,
    private readonly temporary: string,
    handle: FileHandle,
    private readonly unregister: (() => void) | undefined,
  ) {
    this.#handle = handle;
  }

  async commit(payload: Uint8Array): Promise<void> {
    const handle = this.#handle;
    if (handle === undefined) throw new Error('the output file was already committed or discarded');
    try {
      await handle.writeFile(payload);
      this.#handle = undefined;
      await handle.close();
      await rename(this.temporary, this.target);
    } catch (error) {
      await this.discard();
      throw writeFailed(this.path, (error as NodeJS.ErrnoException).code, '; the file was left as it was');
    }
    this.unregister?.();
  }

  async discard(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close().catch(() => undefined);
    await unlink(this.temporary).catch(() => undefined);
    this.unregister?.();
  }
}

class InPlaceFile implements OutputFile {
  constructor(
    readonly path: string,
    private readonly target: string,
  ) {}

  async commit(payload: Uint8Array): Promise<void> {
    let handle: FileHandle | undefined;
    try {
      handle = await open(this.target, 'w');
      await handle.writeFile(payload);
    } catch (error) {
      throw writeFailed(this.path, (error as NodeJS.ErrnoException).code, '');
    } finally {
      await handle?.close().catch(() => undefined);
    }
  }

  async discard(): Promise<void> {}
}

function cannotWrite(path: string, code: string | undefined): InputError {
  return new InputError(`cannot write --output-file ${path}: ${describeFsError(code)}`, { code: 'input.output_file' });
}

function writeFailed(path: string, code: string | undefined, note: string): OutputError {
  return new OutputError(`cannot write --output-file ${path}: ${describeFsError(code)}${note}`, {
    code: 'output.output_file',
  });
}
