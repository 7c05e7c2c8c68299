/** Case-insensitive header look-up: requests keep the case they are sent in, and HTTP names are case-insensitive. */
export function getHeader(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  // Object.keys, not Object.entries: signers look a header up on every request, and the pairs are garbage.
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === wanted) return headers[key];
  }
  return undefined;
}
