/**
 * The child process of a `process` credential source (aliyun CLI `External` mode, `process_command`): the command
 * line split into arguments the way the Alibaba Cloud credential libraries do (POSIX quoting: single quotes are
 * literal, double quotes take `\"`, `\\`, `\$` and `` \` ``, a backslash outside quotes escapes the next
 * character; on Windows a backslash is a path separator), then run WITHOUT a shell: no expansion of `$VAR`, globs,
 * pipes or `;`. The output is capped and never quoted in an error (it holds the secret); neither are the
 * arguments (they may hold one): errors name the program only.
 */
import { execFile } from 'node:child_process';
import { basename } from 'node:path';
import { ConfigError, CredentialError, EXIT_CODES } from '../../core/errors.js';

/** The most stdout a credential process may print (a JSON object of keys and a token is well under 16 KiB). */
export const MAX_PROCESS_OUTPUT_BYTES = 1024 * 1024;

/** Splits a command line into argv; a ConfigError for an empty line or an unclosed quote. */
export function splitCommandLine(command: string, windows = process.platform === 'win32'): string[] {
  const args: string[] = [];
  let current = '';
  let started = false;
  let quote: "'" | '"' | undefined;
  const text = command.trim();
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    const next = text[i + 1];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else current += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && next !== undefined && (windows ? next === '"' : '"\\$`\n'.includes(next))) {
        if (next !== '\n') current += next;
        i += 1;
      } else current += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      started = true;
    } else if (c === '\\' && !windows && next !== undefined) {
      if (next !== '\n') {
        current += next;
        started = true;
      }
      i += 1;
    } else if (/\s/.test(c)) {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (quote !== undefined) throw new ConfigError('the credential process command has an unclosed quote', { code: 'config.process_command' });
  if (started) args.push(current);
  if (args.length === 0) throw new ConfigError('the credential process command is empty', { code: 'config.process_command' });
  return args;
}

/** Runs `command` (split, no shell) and returns its stdout; errors name the program, never its output. */
export function runCredentialProcess(
  command: string,
  options: {
    timeoutMs: number;
    env?: Readonly<Record<string, string | undefined>> | undefined;
    /** Ctrl-C: the process is killed at once (the caller reports the interruption), not waited for until its timeout. */
    signal?: AbortSignal | undefined;
  },
): Promise<string> {
  const [program, ...args] = splitCommandLine(command);
  // `NAME=value program` is a shell's syntax; without a shell it would be run as a program named after the value.
  const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(program ?? '');
  if (assignment !== null) {
    return Promise.reject(
      new ConfigError(`the credential process starts with ${assignment[1]}=…, which needs a shell: it is run without one`, {
        code: 'config.process_command',
        hint: `write it as \`env ${assignment[1]}=… <program>\``,
      }),
    );
  }
  const name = basename(program!);
  return new Promise((resolve, reject) => {
    execFile(
      program!,
      args,
      {
        timeout: options.timeoutMs,
        maxBuffer: MAX_PROCESS_OUTPUT_BYTES,
        encoding: 'utf8',
        windowsHide: true,
        shell: false,
        signal: options.signal,
        env: options.env === undefined ? undefined : definedOnly(options.env),
      },
      (error, stdout) => {
        if (error === null) {
          resolve(stdout);
          return;
        }
        reject(processError(name, error as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: unknown }, options.timeoutMs));
      },
    );
  });
}

function processError(
  name: string,
  error: NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: unknown },
  timeoutMs: number,
): Error {
  if (error.code === 'ENOENT' || error.code === 'EACCES') {
    return new ConfigError(`the credential process '${name}' cannot be run: ${error.code === 'ENOENT' ? 'no such program' : 'permission denied'}`, {
      code: 'config.process_command',
    });
  }
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
    return new CredentialError(`the credential process '${name}' printed more than ${MAX_PROCESS_OUTPUT_BYTES} bytes`, EXIT_CODES.apiError, {
      code: 'credentials.process_failed',
    });
  }
  if (error.killed === true && error.signal === 'SIGTERM') {
    return new CredentialError(`the credential process '${name}' did not finish within ${timeoutMs} ms`, EXIT_CODES.transport, {
      code: 'credentials.process_timeout',
    });
  }
  const how = typeof error.code === 'number' ? `exited with code ${error.code}` : `was stopped by ${error.signal ?? 'a signal'}`;
  return new CredentialError(`the credential process '${name}' ${how}`, EXIT_CODES.apiError, {
    code: 'credentials.process_failed',
    hint: 'run the command yourself to see its error (fcinvoke does not print its output: it may hold secrets)',
  });
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
  return result;
}
