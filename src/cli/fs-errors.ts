/** Words for the errno codes a file or stream operation of the CLI can meet, for one-line `error:` messages. */

const WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EIO: 'I/O error',
  EBADF: 'the stream is closed',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many symbolic links',
};

/** `ENOSPC (no space left on device)`; a code without words is shown alone. */
export function describeFsError(code: string | undefined): string {
  if (code === undefined) return 'unknown error';
  const words = WORDS[code];
  return words === undefined ? code : `${code} (${words})`;
}
