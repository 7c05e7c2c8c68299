/** The `--json` rendering: exactly one JSON document, the normalized result. */
import type { InvocationResult } from '../core/result.js';

/** One JSON object and a newline; indented at a terminal, one line otherwise (so it can be grepped and streamed). */
export function renderJson(result: InvocationResult, pretty: boolean): string {
  return `${JSON.stringify(result, null, pretty ? 2 : undefined)}\n`;
}
