/** Making text that came from outside (user input, provider answers) safe to print on a terminal. */

/** The longest error line printed; user input echoed in messages (names, paths) can be arbitrarily long. */
const MAX_LINE_CHARS = 400;

/**
 * An error line safe for a terminal: control characters (which could move the cursor or change colours) shown
 * as `\xNN`, and a very long line cut with `…`.
 */
export function printable(text: string): string {
  const escaped = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return escaped.length > MAX_LINE_CHARS ? `${escaped.slice(0, MAX_LINE_CHARS)}…` : escaped;
}
