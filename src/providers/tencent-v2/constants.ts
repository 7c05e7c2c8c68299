/** Tencent SCF legacy API v2 wire constants (providers.md §2). */

/** The one legacy host: the region travels as the `Region` parameter, not in the host name (providers.md §2.1). */
export const DEFAULT_HOST = 'scf.api.qcloud.com';
/** The legacy API path; it is part of the string to sign (providers.md §2.3). */
export const API_PATH = '/v2/index.php';
export const ACTION_INVOKE_FUNCTION = 'InvokeFunction';
/** Parameters travel form-encoded in a POST body (providers.md §2.2). */
export const CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** Common parameter names (capitalised on the wire, providers.md §2.2). */
export const PARAM_ACTION = 'Action';
export const PARAM_REGION = 'Region';
export const PARAM_TIMESTAMP = 'Timestamp';
export const PARAM_NONCE = 'Nonce';
export const PARAM_SECRET_ID = 'SecretId';
export const PARAM_SIGNATURE_METHOD = 'SignatureMethod';
export const PARAM_TOKEN = 'Token';
export const PARAM_SIGNATURE = 'Signature';

/** InvokeFunction parameter names (lower camel case on the wire, providers.md §2.2). */
export const PARAM_FUNCTION_NAME = 'functionName';
export const PARAM_INVOKE_TYPE = 'invokeType';
export const PARAM_EVENT = 'param';
export const PARAM_LOG_TYPE = 'logType';

export const INVOKE_TYPE_SYNC = 'RequestResponse';
export const INVOKE_TYPE_ASYNC = 'Event';
export const LOG_TYPE_TAIL = 'Tail';
export const LOG_TYPE_NONE = 'None';

/** The two signature methods; an absent `SignatureMethod` means HmacSHA1 (providers.md §2.2). */
export const SIGNATURE_METHODS = ['HmacSHA1', 'HmacSHA256'] as const;
export type QcloudV2SignatureMethod = (typeof SIGNATURE_METHODS)[number];
/** fcinvoke signs with HmacSHA256 unless `--signature-method HmacSHA1` is given. */
export const DEFAULT_SIGNATURE_METHOD: QcloudV2SignatureMethod = 'HmacSHA256';
