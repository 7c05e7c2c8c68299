/** The `--json` rendering: exactly one JSON document, the normalized result (schema version 2). */
import type { JsonResult } from '../core/result.js';

/**
 * One JSON object and a newline; indented at a terminal, one line otherwise (so it can be grepped and streamed).
 * Build the object with `jsonResultOf` (core/result.ts).
 */
export function renderJson(result: JsonResult, pretty: boolean): string {
  return `${JSON.stringify(result, null, pretty ? 2 : undefined)}\n`;
}
