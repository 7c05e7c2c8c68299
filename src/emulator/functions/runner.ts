/**
 * Runs a function the way a serverless runtime does: parse nothing, call the handler, capture its console output
 * as the log, measure duration and memory. Console capture uses AsyncLocalStorage so concurrent invocations keep
 * their own logs.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import type { FunctionFinder, FunctionRun, Handler, HandlerFlavor } from '../../providers/emulator-api.js';
import { BUILTIN_FUNCTIONS } from './builtins.js';

export type { FunctionRun, HandlerFlavor };

/** Finds and runs functions: built-ins first, then `<dir>/<name>.{mjs,js,cjs}`. */
export class FunctionHost implements FunctionFinder {
  private readonly functionsDir: string | undefined;

  constructor(functionsDir?: string) {
    this.functionsDir = functionsDir === undefined ? undefined : resolve(functionsDir);
  }

  /** The handler for `name`, or undefined when no such function exists. */
  async find(name: string, flavor: HandlerFlavor): Promise<Handler | undefined> {
    if (this.functionsDir !== undefined && /^[A-Za-z0-9_.-]+$/.test(name)) {
      for (const extension of ['.mjs', '.js', '.cjs']) {
        const file = join(this.functionsDir, `${name}${extension}`);
        if (!(await exists(file))) continue;
        const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
        const exported = module[flavor] ?? module['handler'] ?? module['main_handler'] ?? (module['default'] as Record<string, unknown> | undefined)?.[flavor];
        if (typeof exported === 'function') return exported as Handler;
      }
    }
    return Object.hasOwn(BUILTIN_FUNCTIONS, name) ? BUILTIN_FUNCTIONS[name] : undefined;
  }

  /** Calls a handler with captured console output. */
  async run(handler: Handler, event: unknown, context: Record<string, unknown>): Promise<FunctionRun> {
    installConsoleCapture();
    const buffer: string[] = [];
    const started = performance.now();
    try {
      const value: unknown = await logStore.run(buffer, async () => handler(event, context));
      return finish(true, value, null, buffer, started);
    } catch (thrown) {
      const error = thrown instanceof Error ? thrown : new Error(String(thrown));
      buffer.push(`${[`${error.name}: ${error.message}`, ...userFrames(error.stack).map((f) => `    ${f}`)].join('\n')}\n`);
      return finish(
        false,
        undefined,
        {
          errorMessage: error.message,
          errorType: error.name,
          stackTrace: userFrames(error.stack),
        },
        buffer,
        started,
      );
    }
  }
}

const logStore = new AsyncLocalStorage<string[]>();
let captureInstalled = false;

/** Routes console output made inside a function run into that run's log; other output is untouched. */
function installConsoleCapture(): void {
  if (captureInstalled) return;
  captureInstalled = true;
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const buffer = logStore.getStore();
      if (buffer === undefined) original(...args);
      else buffer.push(`${format(...args)}\n`);
    };
  }
}

function finish(
  ok: boolean,
  value: unknown,
  error: FunctionRun['error'],
  buffer: string[],
  started: number,
): FunctionRun {
  return {
    ok,
    value,
    error,
    log: buffer.join(''),
    durationMs: Math.round((performance.now() - started) * 1000) / 1000,
    memoryBytes: process.memoryUsage().rss,
  };
}

/** The stack frames of the function itself, without the emulator's own frames below it. */
function userFrames(stack: string | undefined): string[] {
  const frames = (stack ?? '').split('\n').slice(1).map((line) => line.trim());
  // Below the handler's own frames come the emulator's: the wrapper passed to AsyncLocalStorage.run (always the
  // frame just above node:async_hooks) and what called it. Names do not survive the bundle, positions do.
  const hooks = frames.findIndex((frame) => frame.includes('node:async_hooks'));
  const end = hooks > 0 ? hooks - 1 : frames.findIndex((frame) => frame.includes('/emulator/functions/runner.'));
  return end === -1 ? frames : frames.slice(0, end);
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
