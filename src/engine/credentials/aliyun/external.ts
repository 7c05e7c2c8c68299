/**
 * The output of an External process (aliyun CLI `mode: External`, `process_command`): one JSON object as the
 * aliyun CLI prints it and `@alicloud/credentials` 2.4.7 providers/external.js reads it:
 * `{"mode": "AK"|"StsToken", "access_key_id", "access_key_secret", "sts_token", "expiration"?}`.
 *
 * Unusable output is a ConfigError (exit 2): the command is the user's configuration, nothing was sent, and the
 * fix is in that command. The output is never quoted: it may hold a secret.
 */
import type { ProcessSource } from '../../../core/credential-source.js';
import { ConfigError } from '../../../core/errors.js';
import type { TemporaryCredentials } from '../types.js';
import { isRecord } from '../../../providers/shared/json.js';
import { parseExpiration, stringField } from './sts.js';

export function parseExternalOutput(stdout: string, source: ProcessSource): TemporaryCredentials {
  const fail = (why: string): never => {
    throw new ConfigError(`${source.origin}: the credential process ${why}`, {
      code: 'config.process_output',
      hint: 'it must print one JSON object: {"mode": "AK" or "StsToken", "access_key_id", "access_key_secret", "sts_token"}',
    });
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return fail('did not print JSON');
  }
  if (!isRecord(parsed)) return fail('did not print a JSON object');
  const accessKeyId = stringField(parsed, 'access_key_id');
  const accessKeySecret = stringField(parsed, 'access_key_secret');
  if (accessKeyId === undefined || accessKeySecret === undefined) return fail('printed no access_key_id or access_key_secret');
  const mode = parsed.mode ?? 'AK';
  if (mode !== 'AK' && mode !== 'StsToken') return fail('printed a mode other than AK or StsToken');
  const securityToken = stringField(parsed, 'sts_token');
  if (mode === 'StsToken' && securityToken === undefined) return fail('printed mode StsToken without sts_token');
  const expiresAt = parsed.expiration === undefined ? undefined : parseExpiration(parsed.expiration);
  if (expiresAt === null) return fail('printed an expiration that is not a time');
  return {
    kind: 'keys',
    accessKeyId,
    accessKeySecret,
    ...(mode === 'StsToken' && securityToken !== undefined ? { securityToken } : {}),
    expiresAt,
  };
}
