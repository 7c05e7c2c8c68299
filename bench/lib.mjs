/** Helpers for bench/run.mjs and bench/levers.mjs: timing child processes, statistics, the table. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildOptions, REQUIRE_BANNER } from '../scripts/build.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Bundled bench workers live inside the repository so they resolve node_modules (the official SDK). */
export const WORK_DIR = join(ROOT, 'node_modules/.cache/fcinvoke-bench');
export const RSS_PRELOAD = fileURLToPath(new URL('./rss-preload.cjs', import.meta.url));

/** Progress goes to stderr; stdout carries only the table. */
export function progress(text) {
  process.stderr.write(`${text}\n`);
}

/** Median, min and max of a list of numbers. */
export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/**
 * Times whole processes, round-robin so drift in machine load hits every command alike. Each command is
 * {name, argv, env?}; returns {name: [ms, ...]}. A run that exits non-zero aborts the bench with its stderr.
 */
export function timeProcesses(commands, runs, { warmup = 2, env = process.env, cwd = ROOT } = {}) {
  const times = Object.fromEntries(commands.map((command) => [command.name, []]));
  for (let round = -warmup; round < runs; round += 1) {
    for (const command of commands) {
      const started = process.hrtime.bigint();
      const result = spawnSync(command.argv[0], command.argv.slice(1), {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...env, ...command.env },
        cwd: command.cwd ?? cwd,
      });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (result.status !== 0) {
        throw new Error(`${command.name} exited ${result.status}: ${String(result.stderr).slice(0, 500)}`);
      }
      if (round >= 0) times[command.name].push(ms);
    }
  }
  return times;
}

/**
 * Runs a command with bench/rss-preload.cjs and returns the peak resident set size it reported, in MiB. The
 * preload writes process.resourceUsage().maxRSS at exit, so the figure is the process's own high-water mark.
 */
export function peakRss(argv, { env = process.env, stdin, cwd = ROOT } = {}) {
  const directory = mkdtempSync(join(tmpdir(), 'fcinvoke-rss-'));
  const report = join(directory, 'rss');
  try {
    const result = spawnSync(argv[0], ['--require', RSS_PRELOAD, ...argv.slice(1)], {
      stdio: [stdin === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'],
      input: stdin,
      env: { ...env, FCINVOKE_BENCH_RSS_FILE: report },
      cwd,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}: ${String(result.stderr).slice(0, 500)}`);
    return Number(readFileSync(report, 'utf8').split(' ')[0]) / 1024;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * Runs a whole process as a user would (stdout to /dev/null, stderr read and dropped) and returns its wall time
 * from spawn to exit in ms, the CPU time it used in µs (user + system, from the process itself at exit) and its
 * peak RSS in MiB, through bench/rss-preload.cjs.
 */
export function measureProcess(argv, { env = process.env, cwd = ROOT } = {}) {
  const directory = mkdtempSync(join(tmpdir(), 'fcinvoke-run-'));
  const report = join(directory, 'usage');
  try {
    const started = process.hrtime.bigint();
    const result = spawnSync(argv[0], ['--require', RSS_PRELOAD, ...argv.slice(1)], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...env, FCINVOKE_BENCH_RSS_FILE: report },
      cwd,
      maxBuffer: 64 * 1024 * 1024,
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}: ${String(result.stderr).slice(0, 500)}`);
    const [rssKiB, cpuMicros] = readFileSync(report, 'utf8').split(' ').map(Number);
    return { ms, cpuMicros, rssMiB: rssKiB / 1024 };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Bundles a bench worker that imports src/ (TypeScript) with the product's own build options. */
export async function bundleWorker(entry, outfile) {
  const options = buildOptions();
  await build({
    ...options,
    entryPoints: [join(ROOT, entry)],
    outdir: undefined,
    outfile: join(WORK_DIR, outfile),
    splitting: false,
    chunkNames: undefined,
    metafile: false,
    minifyWhitespace: false,
    minifySyntax: false,
    // The official SDK stays a run-time require: it is what is being compared, as its users load it.
    external: [...options.external, 'tencentcloud-sdk-nodejs-scf'],
    banner: { js: REQUIRE_BANNER },
    logLevel: 'error',
  });
  return join(WORK_DIR, outfile);
}

/**
 * Starts a server process that prints `listening on <url>` (the built CLI's emulator, or bench/canned-server.mjs)
 * and resolves to {url, stop}. Servers run apart from the bench so its synchronous spawns never stall them.
 */
export function startServerProcess(argv) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT });
    let output = '';
    const onData = (chunk) => {
      output += String(chunk);
      const match = /listening on (http:\/\/[\d.:]+)/.exec(output);
      if (match) {
        child.stdout.off('data', onData);
        child.stderr.off('data', onData);
        child.stdout.resume();
        child.stderr.resume();
        resolve({
          url: match[1],
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGINT');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${argv.join(' ')} exited (${code}) before listening: ${output}`)));
  });
}

/** Runs a process to completion and resolves to its stdout (rejects on a non-zero exit). */
export function runProcess(argv, { env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env, cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('exit', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${argv.join(' ')} exited ${code}: ${stderr.slice(0, 500)}`)),
    );
  });
}

/** Formats a number with a fixed count of decimals and thousands separators. */
export function formatNumber(value, decimals = 0) {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A plain-text table with a header row and right-aligned numeric columns. */
export function renderTable(header, rows) {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => String(row[column]).length)));
  const line = (cells) =>
    cells.map((cell, column) => (column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
