/**
 * Legacy API v2 response shapes (providers.md §2.4): always HTTP 200 JSON `{code, message, codeDesc[, data]}`.
 * A refusal carries no `data`, as in the observed `{code: 4100, message: …, codeDesc: 'AuthFailure'}`.
 */
import type { EmulatorResponse } from '../../emulator-api.js';

/** A legacy error: numeric `code` from the public table, `codeDesc` text, human `message`. */
export interface QcloudV2Error {
  code: number;
  codeDesc: string;
  message: string;
}

/** `{"code": n, "message": …, "codeDesc": …}`. */
export function qcloudV2ErrorResponse(error: QcloudV2Error): EmulatorResponse {
  return json({ code: error.code, message: error.message, codeDesc: error.codeDesc });
}

/** `{"code": 0, "message": "", "codeDesc": "Success", "data": …}`. */
export function qcloudV2SuccessResponse(data: Record<string, unknown>): EmulatorResponse {
  return json({ code: 0, message: '', codeDesc: 'Success', data });
}

/** Builders for the errors the emulator answers (codes from providers.md §2.4; `codeDesc` texts are ours, §8.2). */
export const V2_ERRORS = {
  invalidParameter: (message: string): QcloudV2Error => ({ code: 4000, codeDesc: 'InvalidParameter', message }),
  signatureFailure: (): QcloudV2Error => ({
    code: 4100,
    codeDesc: 'AuthFailure',
    message: 'Authentication failed: the signature does not match the request.',
  }),
  secretIdNotFound: (): QcloudV2Error => ({
    code: 4104,
    codeDesc: 'AuthFailure.SecretIdNotFound',
    message: 'The SecretId does not exist.',
  }),
  tokenFailure: (): QcloudV2Error => ({
    code: 4105,
    codeDesc: 'AuthFailure.TokenFailure',
    message: 'The temporary credentials need a valid Token parameter.',
  }),
  expired: (skewSeconds: number): QcloudV2Error => ({
    code: 4500,
    codeDesc: 'AuthFailure.SignatureExpire',
    message: `The request Timestamp is ${skewSeconds} s away from the server time (at most 300 s allowed).`,
  }),
  replay: (): QcloudV2Error => ({
    code: 4500,
    codeDesc: 'AuthFailure.Replay',
    message: 'The Nonce was already used with this Timestamp: the request is a replay.',
  }),
  functionNotFound: (name: string, region: string): QcloudV2Error => ({
    code: 5000,
    codeDesc: 'ResourceNotFound.Function',
    message: `The function ${name} does not exist in region ${region}.`,
  }),
} as const;

function json(body: unknown): EmulatorResponse {
  return { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}
