/**
 * The batch engine: runs one job per input line with a bounded number in flight and emits exactly one result per
 * line, in input order (or completion order), in memory that does not grow with the input.
 *
 * Nothing here knows about invocations: `invoke-batch.ts` supplies the job, the not-run result and the crash
 * result. The line reader splits a byte stream into lines without holding more than one line.
 */

/** How the engine schedules jobs. */
export interface BatchEngineOptions<T, R> {
  /** Jobs in flight at once (`--concurrency`). */
  concurrency: number;
  /** Emit results in input order (the default) rather than as they complete (`--unordered`). */
  ordered: boolean;
  /**
   * In order: the most lines started but not yet emitted, in flight or finished and waiting for an earlier line.
   * A slow line holds back the lines after it, so this bounds memory; when it is reached no line starts until the
   * slow one is emitted. @default max(64, 8 × concurrency)
   */
  window?: number | undefined;
  /** Once aborted, no job starts; every remaining line becomes `notRun(item, stop.reason)`. */
  stop?: AbortSignal | undefined;
  /** The job for one line. It should resolve with a result even on failure; a rejection goes to `crashed`. */
  run(item: T): Promise<R>;
  /** The result for a line that was never started. */
  notRun(item: T, reason: unknown): R;
  /** The result for a line whose job threw (a bug). */
  crashed(item: T, error: unknown): R;
}

/**
 * An iterator that can also hand out an item it already has without a promise: `takeSync()` returns the next
 * result at once, or undefined when getting it means waiting (then the engine calls `next()`). Each async
 * iteration step costs promises and microtask turns; a batch read from a file or `--repeat` has its next line at
 * hand almost always, so the engine takes it synchronously (docs/performance.md).
 */
export interface SyncTakingIterator<T> extends AsyncIterator<T> {
  takeSync(): IteratorResult<T> | undefined;
}

/** A source whose iterator may take items synchronously ({@link SyncTakingIterator}). */
export interface SyncTakingSource<T> {
  [Symbol.asyncIterator](): AsyncIterator<T> & Partial<Pick<SyncTakingIterator<T>, 'takeSync'>>;
}

/** The default reorder window for a concurrency. */
export function defaultWindow(concurrency: number): number {
  return Math.max(64, 8 * concurrency);
}

/**
 * Runs `options.run` over `source`, yielding one result per item.
 *
 * The loop below is the only scheduler. It reads the source only when a job may start (in flight <
 * concurrency, and in order, started − emitted < window), so the source is never read ahead and a finished result
 * is held only while an earlier line is still running. The read of the next item races with job completions: a
 * source that is slow to produce its next line (a pipe, `tail -f`) must not hold back results that are ready. A
 * line the source already has ({@link SyncTakingIterator}) is taken without a promise.
 * Results are handed out through the generator, so a slow consumer (a full stdout pipe) stops new jobs from
 * starting instead of piling results up.
 */
export async function* runBatchEngine<T, R>(
  source: AsyncIterable<T> | SyncTakingSource<T>,
  options: BatchEngineOptions<T, R>,
): AsyncGenerator<R, void, undefined> {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const window = Math.max(options.window ?? defaultWindow(concurrency), concurrency);
  const { ordered, stop } = options;
  const iterator: AsyncIterator<T> & { takeSync?: () => IteratorResult<T> | undefined } = source[Symbol.asyncIterator]();
  const takeSync = typeof iterator.takeSync === 'function' ? iterator.takeSync.bind(iterator) : undefined;
  const finished = new Map<number, R>(); // in order: sequence number → result
  const completed: R[] = []; // unordered: results in completion order
  let completedHead = 0;
  let started = 0;
  let emitted = 0;
  let inFlight = 0;
  let exhausted = false;
  let pendingRead: Promise<IteratorResult<T>> | undefined;
  let wake: (() => void) | undefined;
  // One promise per wait for a completion, made when first needed and kept until a job settles: not one per turn.
  let woken: Promise<'woken'> | undefined;

  const store = (sequence: number, result: R) => {
    if (ordered) finished.set(sequence, result);
    else completed.push(result);
  };
  const settle = (sequence: number, result: R) => {
    inFlight -= 1;
    store(sequence, result);
    const resume = wake;
    wake = undefined;
    woken = undefined;
    resume?.();
  };
  const begin = (item: T) => {
    const sequence = started;
    started += 1;
    if (stop?.aborted) {
      store(sequence, options.notRun(item, stop.reason));
      return;
    }
    inFlight += 1;
    let job: Promise<R>;
    try {
      job = options.run(item);
    } catch (error) {
      job = Promise.reject(error);
    }
    job.then(
      (result) => settle(sequence, result),
      (error: unknown) => settle(sequence, options.crashed(item, error)),
    );
  };
  const roomToStart = () => !exhausted && inFlight < concurrency && (!ordered || started - emitted < window);

  try {
    for (;;) {
      if (ordered) {
        while (finished.has(emitted)) {
          const result = finished.get(emitted) as R;
          finished.delete(emitted);
          emitted += 1;
          yield result;
        }
      } else {
        while (completedHead < completed.length) {
          const result = completed[completedHead] as R;
          completedHead += 1;
          emitted += 1;
          if (completedHead === completed.length) {
            completed.length = 0;
            completedHead = 0;
          }
          yield result;
        }
      }
      if (exhausted && inFlight === 0 && emitted === started) return;

      if (roomToStart() && pendingRead === undefined && takeSync !== undefined) {
        const ready = takeSync();
        if (ready !== undefined) {
          if (ready.done === true) exhausted = true;
          else begin(ready.value);
          continue;
        }
      }
      const completion = (woken ??= new Promise<'woken'>((resolve) => {
        wake = () => resolve('woken');
      }));
      if (!roomToStart()) {
        await completion;
        continue;
      }
      pendingRead ??= iterator.next();
      const read = pendingRead;
      const first = inFlight === 0 ? await read : await Promise.race([read, completion]);
      if (first === 'woken') continue;
      pendingRead = undefined;
      if (first.done === true) {
        exhausted = true;
        continue;
      }
      begin(first.value);
    }
  } finally {
    // The consumer stopped early (an error while writing): let the source close its file.
    if (!exhausted) await iterator.return?.();
  }
}

/** One line of an events file: its bytes, or the fact that it was longer than allowed. */
export type RawLine =
  | { line: number; bytes: Uint8Array; tooLong?: undefined }
  | { line: number; bytes?: undefined; tooLong: true; length: number };

/**
 * Splits a byte stream into lines (LF or CRLF). `line` is the physical line number, counting from 1. Blank lines
 * (only spaces, tabs or CR) are skipped: they are not events. A UTF-8 byte-order mark before the first line is
 * dropped. A line longer than `maxLineBytes` is not kept: it is reported as `tooLong` and skipped to its end, so
 * one huge line cannot exhaust memory.
 */
export async function* splitLines(
  chunks: AsyncIterable<Uint8Array>,
  maxLineBytes: number,
): AsyncGenerator<RawLine, void, undefined> {
  const splitter = new LineSplitter(maxLineBytes);
  for await (const chunk of chunks) {
    splitter.push(chunk);
    for (let line = splitter.next(); line !== undefined; line = splitter.next()) yield line;
  }
  const last = splitter.end();
  if (last !== undefined) yield last;
}

/**
 * {@link splitLines} without promises: `push` a chunk, take its complete lines one by one with `next` (undefined
 * when the chunk is used up), and `end` for the last line. Holds one chunk and the line being assembled.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private length = 0;
  private overflow = false;
  private line = 0;
  private buffer: Buffer | undefined;
  private start = 0;

  constructor(private readonly maxLineBytes: number) {}

  push(chunk: Uint8Array): void {
    this.buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.start = 0;
  }

  /** The next complete line of the chunk pushed last, or undefined when it has no more (its rest is kept). */
  next(): RawLine | undefined {
    const buffer = this.buffer;
    if (buffer === undefined) return undefined;
    for (;;) {
      const newline = buffer.indexOf(0x0a, this.start);
      if (newline === -1) {
        if (this.start < buffer.length) this.append(buffer.subarray(this.start));
        this.buffer = undefined;
        return undefined;
      }
      this.append(buffer.subarray(this.start, newline));
      this.start = newline + 1;
      const done = this.finish();
      if (done !== undefined) return done;
    }
  }

  /** The last line, when the stream did not end with a newline. */
  end(): RawLine | undefined {
    return this.length > 0 || this.overflow ? this.finish() : undefined;
  }

  private finish(): RawLine | undefined {
    this.line += 1;
    const { line, parts, length: total, overflow: tooLong } = this;
    this.parts = [];
    this.length = 0;
    this.overflow = false;
    if (tooLong) return { line, tooLong: true, length: total };
    let bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, total);
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    if (line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    if (isBlank(bytes)) return undefined;
    // A copy, so a short line does not keep its whole read chunk alive while it waits in the window.
    return { line, bytes: parts.length === 1 ? Buffer.from(bytes) : bytes };
  }

  private append(piece: Buffer): void {
    if (this.overflow) {
      this.length += piece.length;
      return;
    }
    if (this.length + piece.length > this.maxLineBytes) {
      this.overflow = true;
      this.parts = [];
      this.length += piece.length;
      return;
    }
    if (piece.length > 0) this.parts.push(piece);
    this.length += piece.length;
  }
}

function isBlank(bytes: Uint8Array): boolean {
  for (const byte of bytes) {
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  }
  return true;
}
