/** The batch's writers: stdout in bigger writes, stderr with a progress line the other lines go above. */
import type { OutStream } from './io.js';

/**
 * stdout in bigger writes: lines collected and written once per turn of the event loop (or every 64 KiB), so a
 * fast batch does not make one write call per line while a slow one still shows each line at once.
 */
export class BufferedWriter {
  private chunks: string[] = [];
  private size = 0;
  private scheduled = false;

  constructor(private readonly stream: OutStream) {}

  write(text: string): void {
    this.chunks.push(text);
    this.size += text.length;
    if (this.size >= 64 * 1024) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    if (this.chunks.length === 0) return;
    const text = this.chunks.join('');
    this.chunks = [];
    this.size = 0;
    this.stream.write(text);
  }
}

/** stderr with an optional progress line that other lines are written above. */
export class StatusWriter {
  private drawn = false;

  constructor(private readonly stream: OutStream) {}

  /** Writes one line (no trailing newline needed), moving the progress line out of the way. */
  line(text: string): void {
    this.clearProgress();
    this.stream.write(`${text}\n`);
  }

  /** Redraws the progress line in place. */
  progress(text: string): void {
    this.stream.write(`\r\u001b[2K${text}`);
    this.drawn = true;
  }

  clearProgress(): void {
    if (!this.drawn) return;
    this.stream.write('\r\u001b[2K');
    this.drawn = false;
  }
}
