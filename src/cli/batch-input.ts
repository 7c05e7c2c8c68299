/**
 * The input of a batch, as the engine's items: the lines of an events file (or stdin) checked one by one, or one
 * event repeated; and the means to stop reading it. What `cli/commands/batch.ts` feeds to `invokeBatch`.
 */
import { open } from 'node:fs/promises';
import { InputError, type FcinvokeError } from '../core/errors.js';
import { LineSplitter, type RawLine, type SyncTakingIterator, type SyncTakingSource } from '../engine/batch.js';
import type { BatchItem } from '../engine/invoke-batch.js';
import type { InvokeInput } from '../providers/types.js';
import type { Io } from './io.js';
import type { PreparedInvoke } from './prepare-invoke.js';

/** The batch's input as engine items, and the means to stop reading it. */
export interface BatchSource {
  items: SyncTakingSource<BatchItem>;
  /** Stops reading: ends the items at once, even with a read pending, and closes stdin when that is the input. */
  stopReading(): void;
  /** Whether reading was stopped before the input ended. */
  cut(): boolean;
  dispose(): void;
}

/**
 * The events (or repetitions) as engine items. Reading stops when stdout is gone (its lines would be lost), and
 * on Ctrl-C when the input is stdin, which may never end. Otherwise, after Ctrl-C or the deadline, every line is
 * read and reported as not run.
 */
export async function openInput(
  prepared: PreparedInvoke,
  settings: { eventsFile: string | undefined; repeat: number | undefined },
  io: Io,
): Promise<BatchSource> {
  const { input } = prepared;
  const maxLineBytes = prepared.provider.limits.maxEventBytes[input.invocationType];
  const stopReading = new AbortController();
  let inputCut = false;
  // No async generator between the source and the engine: each layer costs promises per line, and a line at hand
  // (the rest of a read chunk, the next repetition) is handed on synchronously (engine/batch.ts SyncTakingIterator).
  const source =
    settings.repeat !== undefined
      ? repeatItems(input, settings.repeat)
      : eventItems(await openEvents(settings.eventsFile ?? '-', io), maxLineBytes, input);
  const items = untilAborted(source, stopReading.signal, () => {
    inputCut = true;
  });
  const fromStdin = settings.repeat === undefined && (settings.eventsFile ?? '-') === '-';
  // Closing the generators above waits for their pending read, which on a pipe may never come: close stdin itself.
  if (fromStdin) stopReading.signal.addEventListener('abort', () => io.stdin.close?.(), { once: true });
  const onInterrupt = () => stopReading.abort();
  if (fromStdin) {
    if (io.signal.aborted) onInterrupt();
    else io.signal.addEventListener('abort', onInterrupt, { once: true });
  }
  return {
    items,
    stopReading: () => stopReading.abort(),
    cut: () => inputCut,
    dispose: () => io.signal.removeEventListener('abort', onInterrupt),
  };
}

/** An input line as an engine item. One task id per line: FC runs an async task id once, so a shared one would run only the first line. */
function toItem(line: LineEvent, base: InvokeInput): BatchItem {
  if (line.error !== undefined) return { line: line.line, input: base, error: line.error };
  // --repeat sends the same event every time: without a task id, the line's input is the base itself (a spread
  // copy per line was a visible share of a batch's CPU).
  const input: InvokeInput =
    base.taskId === undefined && line.event === base.event
      ? base
      : {
          ...base,
          event: line.event,
          ...(base.taskId === undefined ? {} : { taskId: `${base.taskId}-${line.line}` }),
        };
  return { line: line.line, input };
}

/** The same event `count` times as items; `line` is the repetition number. */
function repeatItems(base: InvokeInput, count: number): SyncTakingIterator<BatchItem> {
  let line = 0;
  const takeSync = (): IteratorResult<BatchItem> => {
    if (line >= count) return { done: true, value: undefined };
    line += 1;
    return { done: false, value: toItem({ line, event: base.event }, base) };
  };
  return {
    takeSync,
    next: async () => takeSync(),
    return: async () => {
      line = count;
      return { done: true, value: undefined };
    },
  };
}

/** The lines of an events file as items, each checked (see {@link checkLine}); the lines of a chunk read without promises. */
function eventItems(chunks: AsyncIterable<Uint8Array>, maxLineBytes: number, base: InvokeInput): SyncTakingIterator<BatchItem> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const splitter = new LineSplitter(maxLineBytes);
  const reader = chunks[Symbol.asyncIterator]();
  const done: IteratorReturnResult<undefined> = { done: true, value: undefined };
  let ended = false;
  const item = (raw: RawLine): IteratorResult<BatchItem> => ({ done: false, value: toItem(checkLine(raw, decoder, maxLineBytes, base), base) });
  const takeSync = (): IteratorResult<BatchItem> | undefined => {
    if (ended) return done;
    const raw = splitter.next();
    return raw === undefined ? undefined : item(raw);
  };
  return {
    takeSync,
    next: async () => {
      for (;;) {
        const ready = takeSync();
        if (ready !== undefined) return ready;
        const chunk = await reader.next();
        if (ended) return done;
        if (chunk.done === true) {
          ended = true;
          const last = splitter.end();
          return last === undefined ? done : item(last);
        }
        splitter.push(chunk.value);
      }
    },
    return: async () => {
      if (!ended) {
        ended = true;
        await reader.return?.();
      }
      return done;
    },
  };
}

/**
 * `source` until `signal` aborts: then it ends at once, even with a read pending (a pipe with no next line yet),
 * and the source is closed, so stdin does not keep the process alive. `onCut` is called if it ends that way.
 */
function untilAborted<T>(iterator: SyncTakingIterator<T>, signal: AbortSignal, onCut: () => void): SyncTakingSource<T> {
  return {
    [Symbol.asyncIterator]() {
      const done: IteratorReturnResult<undefined> = { done: true, value: undefined };
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        onCut();
        // Not awaited: a pending read of a pipe may never settle.
        void iterator.return?.().catch(() => undefined);
      };
      // The read in progress, ended by an abort. Not Promise.race with a promise that settles on abort: each race
      // adds a reaction to that promise which holds the race's result, so every item read would stay in memory
      // until the abort (docs/performance.md).
      let pending: ((result: IteratorResult<T>) => void) | undefined;
      signal.addEventListener(
        'abort',
        () => {
          const resolve = pending;
          pending = undefined;
          if (resolve === undefined) return;
          close();
          resolve(done);
        },
        { once: true },
      );
      return {
        takeSync: () => {
          if (closed) return done;
          if (signal.aborted) {
            close();
            return done;
          }
          if (pending !== undefined) return undefined; // a read is in progress: it is next()'s
          const result = iterator.takeSync();
          if (result?.done === true) closed = true;
          return result;
        },
        next: () => {
          if (closed) return Promise.resolve(done);
          if (signal.aborted) {
            close();
            return Promise.resolve(done);
          }
          return new Promise<IteratorResult<T>>((resolve, reject) => {
            pending = resolve;
            iterator.next().then(
              (next) => {
                if (pending !== resolve) return; // ended by the abort already
                pending = undefined;
                if (signal.aborted) {
                  close();
                  resolve(done);
                  return;
                }
                if (next.done === true) closed = true;
                resolve(next);
              },
              (error: unknown) => {
                if (pending !== resolve) return;
                pending = undefined;
                reject(error);
              },
            );
          });
        },
        return: async () => {
          if (!closed) {
            closed = true;
            await iterator.return?.();
          }
          return done;
        },
      };
    },
  };
}

/** One input line: an event to send, or why the line is not one. */
type LineEvent = { line: number; event: Uint8Array; error?: undefined } | { line: number; event?: undefined; error: FcinvokeError };
/** A line to an event: it must be UTF-8 JSON within the provider's size limit, else it is an input error. */
function checkLine(raw: RawLine, decoder: { decode(bytes: Uint8Array): string }, maxLineBytes: number, input: InvokeInput): LineEvent {
  if (raw.tooLong === true) {
    return {
      line: raw.line,
      error: new InputError(
        `the event is ${raw.length} bytes, over the ${maxLineBytes}-byte limit of ${input.provider}${input.invocationType === 'async' ? ' async' : ''} invocations`,
        { code: 'input.event_size', line: raw.line },
      ),
    };
  }
  let text: string;
  try {
    text = decoder.decode(raw.bytes);
  } catch {
    return { line: raw.line, error: new InputError('the line is not valid UTF-8', { code: 'input.event_encoding', line: raw.line }) };
  }
  try {
    JSON.parse(text);
  } catch (error) {
    return { line: raw.line, error: jsonLineError(text, raw.line, error) };
  }
  return { line: raw.line, event: raw.bytes };
}

function jsonLineError(text: string, line: number, error: unknown): InputError {
  const reason = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(reason)?.[1];
  const column = position !== undefined ? Number(position) + 1 : /end of (JSON )?input/i.test(reason) ? text.length + 1 : undefined;
  const clean = reason.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
  return new InputError(`invalid event JSON${column === undefined ? '' : ` at column ${column}`}: ${clean}`, {
    code: 'input.event_json',
    line,
    ...(column === undefined ? {} : { column }),
  });
}

/** The events file as a byte stream; a missing or unreadable file is exit 2 before anything is sent. */
async function openEvents(path: string, io: Io): Promise<AsyncIterable<Uint8Array>> {
  if (path === '-') {
    // A streaming stdin keeps memory flat; an Io without one (older test doubles) reads it whole.
    const stdin = io.stdin as Io['stdin'] & { stream?: () => AsyncIterable<Uint8Array> };
    if (typeof stdin.stream === 'function') return stdin.stream();
    return (async function* () {
      yield await stdin.read();
    })();
  }
  try {
    const handle = await open(path, 'r');
    return handle.createReadStream({ highWaterMark: 256 * 1024 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      `cannot read --events-file ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'unreadable')}`,
      { code: 'input.events_file' },
    );
  }
}

/** Lines in a file, for the progress bar's total (one pass, nothing kept). */
export async function countLines(path: string): Promise<number | null> {
  try {
    const handle = await open(path, 'r');
    let count = 0;
    let last = 0x0a;
    for await (const chunk of handle.createReadStream({ highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
      let at = chunk.indexOf(0x0a);
      while (at !== -1) {
        count += 1;
        at = chunk.indexOf(0x0a, at + 1);
      }
      if (chunk.length > 0) last = chunk[chunk.length - 1]!;
    }
    return last === 0x0a ? count : count + 1;
  } catch {
    return null;
  }
}
