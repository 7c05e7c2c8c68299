/**
 * The CVM instance role from the Tencent Cloud metadata service, pure: `GET …/cam/security-credentials/` lists the
 * role bound to the instance, `GET …/cam/security-credentials/<role>` answers its temporary keys
 * (`TmpSecretId`, `TmpSecretKey`, `Token`, `ExpiredTime`, `Expiration`, `Code: "Success"`).
 */
import { CredentialError } from '../../../core/errors.js';
import type { HttpRequest, RawResponse } from '../../../core/http.js';
import type { TemporaryCredentials } from '../types.js';
import { jsonBodyObject } from '../../../providers/shared/json.js';
import { expiryOf, overrideOrigin } from './sts.js';

export const METADATA_ORIGIN = 'http://metadata.tencentyun.com';
export const ROLE_PATH = '/latest/meta-data/cam/security-credentials/';

export const NOT_CVM_HINT = 'this is not a Tencent Cloud CVM instance (or set FCINVOKE_METADATA_ENDPOINT)';

/** The metadata origin: FCINVOKE_METADATA_ENDPOINT when set, else the CVM's. */
export function metadataOrigin(override: string | undefined): string {
  return override === undefined || override === '' ? METADATA_ORIGIN : overrideOrigin(override, 'FCINVOKE_METADATA_ENDPOINT');
}

/** The GET of the role list (no role name) or of one role's keys. */
export function metadataRequest(origin: string, roleName?: string): HttpRequest {
  return {
    method: 'GET',
    url: `${origin}${ROLE_PATH}${roleName === undefined ? '' : encodeURIComponent(roleName)}`,
    headers: {},
    body: new Uint8Array(),
  };
}

/** The role the instance has (the first line of the list), or CredentialError 3 when none is bound. */
export function parseRoleList(response: RawResponse, origin: string): string {
  const text = new TextDecoder().decode(response.body);
  const role = response.status === 200 ? text.split(/\r?\n/).map((line) => line.trim()).find((line) => line !== '') : undefined;
  if (role === undefined || !/^[\w+=,.@-]{1,128}$/.test(role)) {
    throw new CredentialError(`the Tencent Cloud metadata service at ${origin} lists no CAM role for this instance (HTTP ${response.status})`, 3, {
      hint: 'bind a CAM role to the CVM instance, or name the role in the profile',
    });
  }
  return role;
}

/** The role's temporary keys, or CredentialError 3 (the role is not bound, or the service answered no keys). */
export function parseRoleCredentials(response: RawResponse, roleName: string, origin: string): TemporaryCredentials {
  const what = `the Tencent Cloud metadata service at ${origin} has no credentials for role ${roleName}`;
  if (response.status === 404) {
    throw new CredentialError(`${what} (HTTP 404)`, 3, { hint: `check that role ${roleName} is the CAM role bound to this CVM instance` });
  }
  const body = jsonBodyObject(response.body);
  if (response.status !== 200 || body === undefined) {
    throw new CredentialError(`${what} (HTTP ${response.status})`, 3, { hint: NOT_CVM_HINT });
  }
  const { TmpSecretId: id, TmpSecretKey: secret, Token: token, Code: code } = body;
  if (code !== 'Success' || typeof id !== 'string' || typeof secret !== 'string' || typeof token !== 'string') {
    throw new CredentialError(`${what} (Code ${typeof code === 'string' ? code.slice(0, 64) : 'missing'})`, 3, {
      hint: `check that role ${roleName} is the CAM role bound to this CVM instance`,
    });
  }
  return {
    kind: 'keys',
    accessKeyId: id,
    accessKeySecret: secret,
    securityToken: token,
    expiresAt: expiryOf(body['ExpiredTime'], body['Expiration']),
  };
}

/** CredentialError 4: the metadata service could not be reached. */

