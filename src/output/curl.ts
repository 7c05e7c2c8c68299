/**
 * `--dry-run`: the signed request as a `curl` command line, or as one JSON object. Pure. The caller passes a
 * redacted request (core/redact.ts) unless a test asks for the unredacted form to replay it.
 */
import type { HttpRequest } from '../providers/types.js';

/** The request as a JSON object: method, url, headers and the body as UTF-8 text (or base64 when it is not). */
export function renderRequestJson(request: HttpRequest): string {
  const text = decodeUtf8(request.body);
  return `${JSON.stringify({
    method: request.method,
    url: request.url,
    headers: request.headers,
    ...(text === undefined
      ? { bodyBase64: Buffer.from(request.body).toString('base64') }
      : { body: text }),
  })}\n`;
}

/** The request as a copy-pasteable `curl` command (POSIX shell quoting). */
export function renderCurl(request: HttpRequest): string {
  const lines = [`curl -sS -X ${request.method} ${shellQuote(request.url)}`];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`  -H ${shellQuote(`${name}: ${value}`)}`);
  if (request.body.byteLength > 0) {
    const text = decodeUtf8(request.body);
    lines.push(
      text === undefined
        ? `  --data-binary @- <<< "$(printf %s ${shellQuote(Buffer.from(request.body).toString('base64'))} | base64 -d)"`
        : `  --data-binary ${shellQuote(text)}`,
    );
  }
  return `${lines.join(' \\\n')}\n`;
}

/** Quotes a string for a POSIX shell: single quotes, with embedded ones closed, escaped and reopened. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
