/** `fcinvoke providers`: each provider with its aliases, identifiers and credential variables. */
import { EXIT_CODES, type ExitCode } from '../../core/errors.js';
import { IAM_TOKEN_VARIABLE } from '../../config/credentials.js';
import { CREDENTIAL_VARIABLES } from '../../config/resolve.js';
import { settingVariables } from '../../config/settings.js';
import { PROVIDERS } from '../../providers/registry.js';
import type { Io } from '../io.js';

const IDENTIFIER_SETTINGS: Record<string, 'region' | 'accountId' | 'projectId' | undefined> = {
  region: 'region',
  'account-id': 'accountId',
  'project-id': 'projectId',
};

/** Prints the provider table, or one JSON array with --json. */
export function runProviders(flags: { json?: boolean }, io: Io): ExitCode {
  const rows = PROVIDERS.map((entry) => {
    const variables = CREDENTIAL_VARIABLES[entry.cloud];
    return {
      id: entry.id,
      aliases: [...entry.aliases],
      api: entry.title,
      identifiers: entry.identifiers.map((name) => {
        const setting = IDENTIFIER_SETTINGS[name];
        const env = setting === undefined ? [] : settingVariables(setting, entry.cloud);
        return { flag: `--${name}`, env: env[0] ?? null };
      }),
      credentials: {
        id: variables.id[0],
        secret: variables.secret[0],
        token: variables.token[0] ?? null,
        ...(IAM_TOKEN_VARIABLE[entry.cloud] === undefined ? {} : { iamToken: IAM_TOKEN_VARIABLE[entry.cloud] }),
      },
    };
  });
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT_CODES.ok;
  }
  const blocks = rows.map((row) =>
    [
      `${row.id}${row.aliases.length > 0 ? ` (${row.aliases.join(', ')})` : ''}`,
      `  api          ${row.api}`,
      `  identifiers  ${row.identifiers.map((id) => (id.env ? `${id.flag} or ${id.env}` : id.flag)).join(', ')}`,
      `  credentials  ${row.credentials.id}, ${row.credentials.secret}${row.credentials.token ? `, optional ${row.credentials.token}` : ''}${
        row.credentials.iamToken ? `; or ${row.credentials.iamToken} / --token` : ''
      }`,
    ].join('\n'),
  );
  io.stdout.write(`${blocks.join('\n\n')}\n`);
  return EXIT_CODES.ok;
}
