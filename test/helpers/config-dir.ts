/** Temporary project trees and homes for config tests. */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Creates a temporary directory holding `files` (paths relative to it), with optional modes. */
export function makeTree(files: Record<string, string | { text: string; mode: number }>): string {
  const root = mkdtempSync(join(tmpdir(), 'fcinvoke-config-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    const text = typeof content === 'string' ? content : content.text;
    writeFileSync(full, text);
    chmodSync(full, typeof content === 'string' ? 0o600 : content.mode);
  }
  return root;
}
