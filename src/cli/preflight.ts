/** Checks of the files the invoke options name, made before anything is read or sent. */
import { readFile, stat } from 'node:fs/promises';
import { InputError } from '../core/errors.js';
import type { InvokeFlags } from './flags.js';

/** The options that name a file ('-' is standard input), with their flag. */
const FILE_OPTIONS = [
  ['eventFile', '--event-file'],
  ['eventsFile', '--events-file'],
  ['outputFile', '--output-file'],
  ['tokenFile', '--token-file'],
] as const satisfies ReadonlyArray<readonly [keyof InvokeFlags, string]>;

/**
 * Refuses a file option that names a directory (exit 2, one line). Other problems (a missing file, no
 * permission) are left to the code that opens the file, which names them.
 */
export async function refuseDirectories(flags: InvokeFlags): Promise<void> {
  for (const [key, flag] of FILE_OPTIONS) {
    const path = flags[key];
    if (path === undefined || path === '-') continue;
    const isDirectory = await stat(path).then(
      (found) => found.isDirectory(),
      () => false,
    );
    if (isDirectory) throw new InputError(`${flag} ${path} is a directory, not a file`, { code: 'input.is_directory' });
  }
}

/**
 * The Huawei IAM token in `--token-file`: the file's one line, without surrounding whitespace. A file that is
 * empty or holds several lines is refused, since either would be sent as a broken X-Auth-Token.
 */
export async function readTokenFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read --token-file ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')}`, {
      code: 'input.token_file',
    });
  }
  const token = text.trim();
  if (token === '') throw new InputError(`--token-file ${path} is empty`, { code: 'input.token_file' });
  if (/[\r\n]/.test(token)) {
    throw new InputError(`--token-file ${path} holds more than one line; it must hold only the token`, { code: 'input.token_file' });
  }
  return token;
}
