/** Case-insensitive header look-up: requests keep the case they are sent in, and HTTP names are case-insensitive. */
export function getHeader(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}
