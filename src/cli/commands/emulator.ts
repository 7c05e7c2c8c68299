/** `fcinvoke emulator`: serve every provider's invoke API locally until interrupted, optionally with faults. */
import { randomInt } from 'node:crypto';
import { EXIT_CODES, UsageError, type ExitCode } from '../../core/errors.js';
import { FaultPlan, parseFaultSpec, parseSeed } from '../../emulator/faults.js';
import { startEmulator, type FaultEvent } from '../../emulator/server.js';
import { PROVIDER_IDS } from '../../providers/registry.js';
import type { Io } from '../io.js';
import type { EmulatorFlags } from '../flags.js';

/** Starts the emulator, prints `listening on <url>` first on stdout, and runs until Ctrl-C. */
export async function runEmulator(flags: EmulatorFlags, io: Io): Promise<ExitCode> {
  if (flags.printOidcToken === true) return printOidcToken(flags, io);
  if (flags.oidcSubject !== undefined || flags.oidcTtl !== undefined) {
    throw new UsageError(`${flags.oidcSubject !== undefined ? '--oidc-subject' : '--oidc-ttl'} applies to --print-oidc-token only`, {
      code: 'usage.inapplicable',
    });
  }
  const port = Number(flags.port);
  if (!/^\d+$/.test(flags.port) || port > 65535) {
    throw new UsageError(`--port takes a number from 0 to 65535, not '${flags.port}'`);
  }
  // Parse the whole plan before listening, so a bad spec is exit 2 with nothing started.
  const plan =
    flags.faults === undefined
      ? undefined
      : new FaultPlan(parseFaultSpec(flags.faults), flags.seed === undefined ? randomInt(0, 2 ** 32 - 1) : parseSeed(flags.seed));
  let emulator;
  try {
    emulator = await startEmulator({
      host: flags.host,
      port,
      functionsDir: flags.functions,
      env: io.env,
      faults: plan,
      onFault: plan === undefined ? undefined : (event: FaultEvent) => io.stderr.write(`${describeFault(event)}\n`),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot listen on ${flags.host}:${port}: ${code ?? String(error)}`, {
      hint: code === 'EADDRINUSE' ? 'the port is taken; pick another with --port, or --port 0 for a free one' : undefined,
    });
  }
  io.stdout.write(`listening on ${emulator.url}\n`);
  io.stderr.write(
    `fcinvoke emulator: ${PROVIDER_IDS.join(', ')}; demo credentials in docs/emulator.md; Ctrl-C to stop\n`,
  );
  if (plan !== undefined) {
    io.stderr.write(`faults: ${plan.describe()}; repeat this run with --seed ${plan.seed}\n`);
  }
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await emulator.close();
  return EXIT_CODES.ok;
}

/**
 * `--print-oidc-token`: one demo OIDC token on stdout, for a web-identity or federated OIDC source pointed at the
 * emulator (docs/emulator.md). The token is signed with the emulator's public demo key: it works nowhere else.
 */
async function printOidcToken(flags: EmulatorFlags, io: Io): Promise<ExitCode> {
  const ttl = flags.oidcTtl ?? '3600';
  if (!/^\d{1,5}$/.test(ttl) || Number(ttl) < 1 || Number(ttl) > 86_400) {
    throw new UsageError(`--oidc-ttl takes seconds from 1 to 86400, not '${ttl}'`);
  }
  if (flags.oidcSubject !== undefined && flags.oidcSubject.trim() === '') throw new UsageError('--oidc-subject is empty');
  const { CredentialIssuer } = await import('../../emulator/credentials/issuer.js');
  io.stdout.write(`${new CredentialIssuer().mintOidcToken({ ...(flags.oidcSubject === undefined ? {} : { subject: flags.oidcSubject }), ttlSeconds: Number(ttl) })}\n`);
  return EXIT_CODES.ok;
}

function describeFault(event: FaultEvent): string {
  return `fault: ${event.provider}${event.functionName === undefined ? '' : ` ${event.functionName}`}: ${event.fired.join(' + ')}`;
}
