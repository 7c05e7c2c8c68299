/**
 * Credentials as every floor sees them: the providers sign with them, the config floor resolves them, redaction
 * masks them. On the ground floor so that none of those needs another to name the type.
 */

/** An access key pair, with a session/security token when the keys are temporary. */
export interface KeyCredentials {
  kind: 'keys';
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string | undefined;
}

/** An already-issued bearer token (Huawei IAM `X-Auth-Token`). */
export interface TokenCredentials {
  kind: 'token';
  token: string;
}

export type Credentials = KeyCredentials | TokenCredentials;
