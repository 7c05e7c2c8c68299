/**
 * RFC 3986 percent-encoding: everything but unreserved characters (A-Z a-z 0-9 - _ . ~) is encoded, as the
 * ACS3, SDK-HMAC and legacy Tencent schemes require. `encodeURIComponent` leaves `!'()*` alone, so fix those.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Percent-encodes each segment of a path, keeping the `/` separators. */
export function percentEncodePath(path: string): string {
  return path.split('/').map(percentEncode).join('/');
}
