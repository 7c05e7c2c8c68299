/** Runs the CLI: in-process through `main` with captured streams, or as the built binary in a child process. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { checkJsonOutput } from './json-output.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as bytes, for byte-exact checks. */
  stdoutBytes: Buffer;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** The working directory. @default an empty temporary directory */
  cwd?: string;
  /** The home directory (in-process runs; child processes take HOME from env). @default an empty temporary directory */
  home?: string;
  stdin?: string | Buffer;
  stdoutTTY?: boolean;
  stderrTTY?: boolean;
  /** Child process only: kill after this many ms. @default 20000 */
  timeoutMs?: number;
  /** In-process only: the Io hook called just before a single invocation's request. */
  beforeSingleRequest?: () => void;
}

const BIN = fileURLToPath(new URL('../../bin/fcinvoke.js', import.meta.url));

/**
 * An empty home and working directory for this test process, so no config file or credential store of the
 * machine running the tests can leak in.
 */
export const EMPTY_DIR = mkdtempSync(join(tmpdir(), 'fcinvoke-test-'));

/** A clean environment: no cloud credentials or config from the developer's shell, no colour, an empty HOME. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(TENCENTCLOUD|TCCLI|ALIBABA|ALIBABACLOUD|ALICLOUD|HUAWEICLOUD|OTC_SDK_|OS_CLOUD$|OS_TOKEN$|OS_CLIENT_CONFIG_FILE$|FCINVOKE|FORCE_COLOR|NO_COLOR|XDG_CONFIG_HOME|XDG_CACHE_HOME|CI$)/.test(key)) continue;
    if (/_serverless_devs_key$|^serverless_devs/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, HOME: EMPTY_DIR, ...extra };
}

/** Calls `main` in this process with captured streams. */
export async function runMain(argv: string[], options: RunOptions = {}): Promise<CliRun> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const toBuffer = (data: string | Uint8Array) => (typeof data === 'string' ? Buffer.from(data) : Buffer.from(data));
  const io: Io = {
    stdout: { write: (data) => void out.push(toBuffer(data)), isTTY: options.stdoutTTY ?? false },
    stderr: { write: (data) => void err.push(toBuffer(data)), isTTY: options.stderrTTY ?? false },
    stdin: {
      isTTY: options.stdin === undefined,
      read: async () => toBuffer(options.stdin ?? ''),
    },
    env: options.env ?? cleanEnv(),
    cwd: options.cwd ?? EMPTY_DIR,
    home: options.home ?? options.env?.['HOME'] ?? EMPTY_DIR,
    signal: new AbortController().signal,
    beforeSingleRequest: options.beforeSingleRequest,
  };
  const code = await main(argv, io);
  const stdoutBytes = Buffer.concat(out);
  checkJsonOutput(argv, stdoutBytes.toString('utf8'));
  return { code, stdout: stdoutBytes.toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), stdoutBytes };
}

/** Spawns the built binary (`npm run build` first) and collects its exit code and output. */
export function runCli(argv: string[], options: RunOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      env: (options.env ?? cleanEnv()) as NodeJS.ProcessEnv,
      cwd: options.cwd ?? EMPTY_DIR,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdoutBytes = Buffer.concat(out);
      try {
        checkJsonOutput(argv, stdoutBytes.toString('utf8'));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      resolve({
        code: code ?? (signal === 'SIGKILL' ? -9 : -1),
        stdout: stdoutBytes.toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        stdoutBytes,
      });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
