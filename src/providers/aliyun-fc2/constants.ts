/** Alibaba Function Compute 2.0 wire constants (providers.md §4). */

/** The API version `@alicloud/fc2` 2.6.6 hard-codes in every path (providers.md §0.2). */
export const API_VERSION = '2016-08-15';
/** The scheme word of the Authorization header: `FC <AccessKeyId>:<signature>` (providers.md §4.3). */
export const AUTHORIZATION_SCHEME = 'FC';
/** The only header prefix whose headers are signed besides the three fixed lines (providers.md §4.3 step 2). */
export const SIGNED_HEADER_PREFIX = 'x-fc-';
/** What the SDK sends for a string or Buffer event (providers.md §4.2). */
export const CONTENT_TYPE = 'application/octet-stream';
export const ACCEPT = 'application/json';
/** The public host suffix: `{accountId}.{region}.fc.aliyuncs.com` (providers.md §4.1). */
export const HOST_SUFFIX = 'fc.aliyuncs.com';

// Request headers, lower-case as `@alicloud/fc2` sends them (names are case-insensitive on the wire).
export const HEADER_ACCEPT = 'accept';
export const HEADER_DATE = 'date';
export const HEADER_CONTENT_TYPE = 'content-type';
export const HEADER_CONTENT_MD5 = 'content-md5';
export const HEADER_AUTHORIZATION = 'authorization';
export const HEADER_ACCOUNT_ID = 'x-fc-account-id';
export const HEADER_SECURITY_TOKEN = 'x-fc-security-token';
export const HEADER_INVOCATION_TYPE = 'x-fc-invocation-type';
export const HEADER_LOG_TYPE = 'x-fc-log-type';
export const HEADER_ASYNC_INVOCATION_ID = 'x-fc-stateful-async-invocation-id';

// Response headers (lower-case, as the transport delivers them; providers.md §4.4).
export const HEADER_REQUEST_ID = 'x-fc-request-id';
export const HEADER_ERROR_TYPE = 'x-fc-error-type';
export const HEADER_LOG_RESULT = 'x-fc-log-result';
export const HEADER_MAX_MEMORY_USAGE = 'x-fc-max-memory-usage';
export const HEADER_INVOCATION_DURATION = 'x-fc-invocation-duration';
export const HEADER_INSTANCE_ID = 'x-fc-instance-id';
export const HEADER_SERVICE_VERSION = 'x-fc-invocation-service-version';
/** The CRC-64 of the function's code package (seed 004, response parameters). */
export const HEADER_CODE_CHECKSUM = 'x-fc-code-checksum';

export const INVOCATION_TYPE_SYNC = 'Sync';
export const INVOCATION_TYPE_ASYNC = 'Async';
export const LOG_TYPE_TAIL = 'Tail';
export const LOG_TYPE_NONE = 'None';
