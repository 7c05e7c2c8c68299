/** Lenient JSON helpers for response parsers, which must never throw. */
import { decodeUtf8 } from './text.js';

/** Parses JSON, returning undefined instead of throwing. */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** True for a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A body that is a JSON object, or undefined (not UTF-8 JSON, or another kind of value). */
export function jsonBodyObject(body: Uint8Array): Record<string, unknown> | undefined {
  const parsed = tryParseJson(decodeUtf8(body));
  return isRecord(parsed) ? parsed : undefined;
}

/** The value as a string, or undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The value as a finite number (numeric strings accepted, as headers carry numbers as text), or null. */
export function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

/** UTF-8 text of some bytes, with replacement for invalid sequences. */
export function utf8(bytes: Uint8Array): string {
  return decodeUtf8(bytes);
}

/**
 * `value × factor` rounded to a whole number (a unit conversion such as MB → bytes), or null when the product is
 * not a finite number: a header claiming 1e308 MB must not become `Infinity`, which JSON cannot carry.
 */
export function scaleToInteger(value: number | null, factor: number): number | null {
  if (value === null) return null;
  const scaled = Math.round(value * factor);
  return Number.isFinite(scaled) ? scaled : null;
}
