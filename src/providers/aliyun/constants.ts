/** Alibaba Function Compute 3.0 wire constants (providers.md §3). */

/** The API version in the path and in `x-acs-version`. */
export const API_VERSION = '2023-03-30';
/** The `x-acs-action` value. */
export const ACTION = 'InvokeFunction';
/** The signature algorithm, first word of Authorization and of the string to sign. */
export const ALGORITHM = 'ACS3-HMAC-SHA256';
/** The invocation API path prefix; the function name follows, then `/invocations` (providers.md §3.2). */
export const PATH_PREFIX = `/${API_VERSION}/functions/`;
/** What follows the function name in the path. */
export const PATH_SUFFIX = '/invocations';
/** Public invocation host; the account id and region are part of it (providers.md §3.1). */
export const HOST_SUFFIX = 'fc.aliyuncs.com';
/** Sent with a non-empty body, and then signed (providers.md §3.2). */
export const CONTENT_TYPE = 'application/octet-stream';
/** The `accept` value the SDK sends (unsigned). */
export const ACCEPT = 'application/json';

/** Signed header carrying the API version. */
export const HEADER_VERSION = 'x-acs-version';
/** Signed header carrying the action name. */
export const HEADER_ACTION = 'x-acs-action';
/** Signed request time, UTC `YYYY-MM-DDTHH:mm:ssZ`. */
export const HEADER_DATE = 'x-acs-date';
/** Signed per-request nonce (replay protection). */
export const HEADER_NONCE = 'x-acs-signature-nonce';
/** Signed hex SHA-256 of the body. */
export const HEADER_CONTENT_SHA256 = 'x-acs-content-sha256';
/** Signed STS token (temporary keys only). */
export const HEADER_SECURITY_TOKEN = 'x-acs-security-token';
/** Signed STS AccessKey ID, sent with the token. */
export const HEADER_ACCESS_KEY_ID = 'x-acs-accesskey-id';
/** Not signed by ACS3 (providers.md §0.4). */
export const HEADER_INVOCATION_TYPE = 'x-fc-invocation-type';
/** Not signed by ACS3 (providers.md §0.4). */
export const HEADER_LOG_TYPE = 'x-fc-log-type';
/** Not signed by ACS3 (providers.md §0.4). */
export const HEADER_ASYNC_TASK_ID = 'x-fc-async-task-id';

// Response headers (providers.md §3.4); lower-case, as RawResponse carries them.
export const RESPONSE_REQUEST_ID = 'x-fc-request-id';
/** Present on function errors: `UnhandledInvocationError` or `HandledInvocationError`. */
export const RESPONSE_ERROR_TYPE = 'x-fc-error-type';
/** Base64 log tail. */
export const RESPONSE_LOG_RESULT = 'x-fc-log-result';
/** The instance that ran the function. */
export const RESPONSE_INSTANCE_ID = 'x-fc-instance-id';
/** Execution time in ms (observed, not in the 2023-03-30 reference; providers.md §8.4). */
export const RESPONSE_DURATION = 'x-fc-invocation-duration';
/** Peak memory in MB, decimal (observed, not in the reference; providers.md §8.4). */
export const RESPONSE_MAX_MEMORY = 'x-fc-max-memory-usage';
/** The version or alias that ran (providers.md §3.4; the 2023-03-30 reference lists no response headers). */
export const RESPONSE_SERVICE_VERSION = 'x-fc-invocation-service-version';
/** The CRC-64 of the code package (providers.md §3.4). */
export const RESPONSE_CODE_CHECKSUM = 'x-fc-code-checksum';
