/** `fcinvoke emulator`: serve every provider's invoke API locally until interrupted. */
import { EXIT_CODES, UsageError, type ExitCode } from '../../core/errors.js';
import { startEmulator } from '../../emulator/server.js';
import type { Io } from '../io.js';
import type { EmulatorFlags } from '../main.js';

/** Starts the emulator, prints `listening on <url>` first on stdout, and runs until Ctrl-C. */
export async function runEmulator(flags: EmulatorFlags, io: Io): Promise<ExitCode> {
  const port = Number(flags.port);
  if (!/^\d+$/.test(flags.port) || port > 65535) {
    throw new UsageError(`--port takes a number from 0 to 65535, not '${flags.port}'`);
  }
  let emulator;
  try {
    emulator = await startEmulator({ host: flags.host, port, functionsDir: flags.functions, env: io.env });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot listen on ${flags.host}:${port}: ${code ?? String(error)}`, {
      hint: code === 'EADDRINUSE' ? 'the port is taken; pick another with --port, or --port 0 for a free one' : undefined,
    });
  }
  io.stdout.write(`listening on ${emulator.url}\n`);
  io.stderr.write(
    'fcinvoke emulator: tencent, tencent-v2, aliyun, aliyun-fc2, huawei; demo credentials in docs/emulator.md; Ctrl-C to stop\n',
  );
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await emulator.close();
  return EXIT_CODES.ok;
}
