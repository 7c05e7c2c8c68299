/**
 * An HTTP exchange as bytes and strings: what a provider builds and parses, what the transport sends and receives,
 * what redaction masks. On the ground floor so that providers and transport, which sit side by side and never
 * import each other, share one definition.
 */

/** An HTTP request as bytes and strings, before or after signing. Header names keep the case they are sent in. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** An HTTP response as received; header names are lower-case. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}
