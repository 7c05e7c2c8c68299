/** Reading parts of a received request without judging it: what the emulated APIs' ledger and fault hooks share. */
import type { EmulatorRequest } from '../../emulator-api.js';

/** The path of the request, without its query. */
export function pathOf(request: EmulatorRequest): string {
  return request.rawUrl.split('?')[0] ?? '';
}

/** A percent-decoded path segment, or the segment as it is when it does not decode. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The body as a JSON object, or undefined when it is not one. */
export function jsonObjectOf(body: Buffer): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
