/** The FC APIs' (3.0 and 2.0) event as the emulator's built-in functions take it. */

/**
 * FC hands the body over as bytes; portable handlers get the parsed JSON when it is JSON, else the text, else (not
 * UTF-8: a `--raw-event` binary body) the bytes themselves, as FC passes them, so `echo` returns them unchanged.
 */
export function decodeFcEvent(body: Buffer): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return body;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
