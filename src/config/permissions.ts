/**
 * The readable-secret check, as ssh does for keys: a config file that holds a literal secret must not be
 * readable by group or others. Pure: works on the loaded files and their modes.
 */
import type { ConfigFile } from './load.js';
import { isEnvReference } from './resolve.js';

/** Credential fields whose values are secrets. */
const SECRET_FIELDS = ['secretKey', 'sessionToken', 'accessKeySecret', 'securityToken', 'sk', 'authToken'] as const;

/** True when any profile of the file has a secret written literally (not `${env:…}`, not `from:`). */
export function holdsLiteralSecret(file: ConfigFile): boolean {
  return Object.values(file.config.profiles ?? {}).some((profile) => Object.values(profile.credentials ?? {}).some(holdsSecret));
}

/** A credentials block or, nested in it, a role's or agency's `source:` with a literal secret. */
function holdsSecret(spec: unknown): boolean {
  if (typeof spec !== 'object' || spec === null) return false;
  const record = spec as Record<string, unknown>;
  if (SECRET_FIELDS.some((field) => typeof record[field] === 'string' && !isEnvReference(record[field]))) return true;
  return holdsSecret(record['source']);
}

/** One warning line per file that holds a literal secret and is readable by group or others. */
export function permissionWarnings(files: readonly ConfigFile[]): string[] {
  return files
    .filter((file) => (file.mode & 0o077) !== 0 && holdsLiteralSecret(file))
    .map(
      (file) =>
        `warning: ${file.path} holds a secret and is readable by others (mode ${(file.mode & 0o777).toString(8).padStart(4, '0')}); fix it with: chmod 600 '${file.path}'`,
    );
}
