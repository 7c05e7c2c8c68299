/** FunctionGraph v2 wire constants, the same on Huawei Cloud and the Open Telekom Cloud (providers.md §5, §9.1). */

/** The signing algorithm name, first word of `Authorization` and of the string to sign (providers.md §5.3). */
export const ALGORITHM = 'SDK-HMAC-SHA256';
export const JSON_CONTENT_TYPE = 'application/json';
/** Ask for the v1 JSON envelope `{request_id, result, log, status}`: "SDKs must use v1" (providers.md §5.2). */
export const REQUEST_VERSION = 'v1';
export const LOG_TYPE_TAIL = 'tail';
/** The package a short function name lives in (providers.md §5.2). */
export const DEFAULT_PACKAGE = 'default';
/** The version a short function name runs when no --qualifier is given. */
export const DEFAULT_VERSION = 'latest';
/** Hex SHA-256 of the empty string: the payload hash of an empty body. */
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export const HEADER_DATE = 'X-Sdk-Date';
export const HEADER_PROJECT_ID = 'X-Project-Id';
export const HEADER_SECURITY_TOKEN = 'X-Security-Token';
export const HEADER_AUTH_TOKEN = 'X-Auth-Token';
export const HEADER_CONTENT_SHA256 = 'X-Sdk-Content-Sha256';
export const HEADER_LOG_TYPE = 'X-Cff-Log-Type';
export const HEADER_REQUEST_VERSION = 'X-CFF-Request-Version';

/** Response headers, lower-case as RawResponse carries them (providers.md §5.4). */
export const RESPONSE_REQUEST_ID = 'x-cff-request-id';
export const RESPONSE_GATEWAY_REQUEST_ID = 'x-request-id';
export const RESPONSE_FUNCTION_LOG = 'x-cff-function-log';
export const RESPONSE_INVOKE_SUMMARY = 'x-cff-invoke-summary';
export const RESPONSE_BILLING_DURATION = 'x-cff-billing-duration';
export const RESPONSE_VERSION = 'x-cff-response-version';
export const RESPONSE_FUNC_ERR_CODE = 'x-func-err-code';
export const RESPONSE_IS_FUNC_ERR = 'x-is-func-err';
