/** Checks of the files the invoke options name, made before anything is read or sent. */
import { stat } from 'node:fs/promises';
import { InputError } from '../core/errors.js';
import type { InvokeFlags } from './main.js';

/** The options that name a file ('-' is standard input), with their flag. */
const FILE_OPTIONS = [
  ['eventFile', '--event-file'],
  ['eventsFile', '--events-file'],
  ['outputFile', '--output-file'],
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
