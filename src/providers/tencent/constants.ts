/** Tencent SCF API 3.0 wire constants (providers.md §1). */

export const API_VERSION = '2018-04-16';
export const ALGORITHM = 'TC3-HMAC-SHA256';
/** The credential-scope service. The cloud only accepts `scf` (providers.md §0.9). */
export const SERVICE = 'scf';
export const CONTENT_TYPE = 'application/json';
export const DEFAULT_HOST = 'scf.tencentcloudapi.com';
/** The headers the official SDK signs; we sign the same set for parity (providers.md §1.2). */
export const SIGNED_HEADERS = 'content-type;host';
export const ACTION_INVOKE_FUNCTION = 'InvokeFunction';
export const ACTION_INVOKE = 'Invoke';

export const HEADER_ACTION = 'X-TC-Action';
export const HEADER_REGION = 'X-TC-Region';
export const HEADER_TIMESTAMP = 'X-TC-Timestamp';
export const HEADER_VERSION = 'X-TC-Version';
export const HEADER_TOKEN = 'X-TC-Token';
