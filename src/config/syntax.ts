/** Where a JSON text stops parsing, as line and column: for event JSON and JSON config files alike. */

/** A JSON syntax error: the reason without JSON.parse's position suffix, and where it is (1-based). */
export interface JsonSyntaxError {
  reason: string;
  /** Absent when the parser gave no position. */
  at?: { line: number; column: number } | undefined;
}

/** Undefined when `text` is valid JSON; otherwise the reason and, when known, its line and column. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message)?.[1];
    // Node 20 gives no position for a truncated document: the error is at its end.
    const offset = position !== undefined ? Number(position) : /end of (JSON )?input/i.test(message) ? text.length : undefined;
    const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
    return { reason, at: offset === undefined ? undefined : lineColumn(text, offset) };
  }
}

/** The 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}
