/** Case-insensitive header look-up: requests keep the case they are sent in, and HTTP names are case-insensitive. */
export function getHeader(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  // Object.keys, not Object.entries: signers look a header up on every request, and the pairs are garbage.
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === wanted) return headers[key];
  }
  return undefined;
}

/**
 * A copy of `headers` for a signer to add to. Object.assign rather than `{ ...headers, name: value }`: in V8,
 * properties added to a spread copy take a slow path, which costs microseconds per request in a batch.
 */
export function copyHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.assign({}, headers);
}
