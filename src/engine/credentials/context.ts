/**
 * The {@link ExchangeContext} of a real run: the process's clock, the shared transport (with the proxies of the
 * environment, as for invocations), files, child processes, and the endpoint overrides FCINVOKE_STS_ENDPOINT and
 * FCINVOKE_METADATA_ENDPOINT, checked here so junk is exit 2 before anything is sent.
 */
import { open } from 'node:fs/promises';
import { ConfigError } from '../../core/errors.js';
import type { HttpRequest } from '../../core/http.js';
// Type only: the caller hands in its transport, so this module (loaded only for exchanges) does not pull the
// transport into a chunk of its own apart from the invoke pipeline's.
import type { HttpTransport } from '../../transport/http.js';
import { runCredentialProcess } from './process.js';
import type { ExchangeContext } from './types.js';

/** Each exchange request's timeout when none is given: STS answers in well under a second. */
export const DEFAULT_EXCHANGE_TIMEOUT_MS = 10_000;

/** What {@link createExchangeContext} needs; everything but `env` and `transport` has a default. */
export interface ExchangeContextOptions {
  env: Readonly<Record<string, string | undefined>>;
  now?: (() => Date) | undefined;
  /** The connection pool (the invocations' shared one: proxies as for invokes). */
  transport: Pick<HttpTransport, 'send'>;
  timeoutMs?: number | undefined;
  /** Takes the place of FCINVOKE_STS_ENDPOINT (`--local`: the in-process emulator). */
  stsEndpoint?: string | undefined;
  /** Takes the place of FCINVOKE_METADATA_ENDPOINT (`--local`). */
  metadataEndpoint?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** Builds the context; a ConfigError (exit 2) when an endpoint variable is not a usable URL. */
export function createExchangeContext(options: ExchangeContextOptions): ExchangeContext {
  const { env } = options;
  const { transport } = options;
  const stsEndpoint = options.stsEndpoint ?? checkEndpoint(env, 'FCINVOKE_STS_ENDPOINT', false);
  const metadataEndpoint = options.metadataEndpoint ?? checkEndpoint(env, 'FCINVOKE_METADATA_ENDPOINT', true);
  const timeoutMs = options.timeoutMs ?? DEFAULT_EXCHANGE_TIMEOUT_MS;
  return {
    now: options.now ?? (() => new Date()),
    send: (request: HttpRequest, sendOptions: { timeoutMs: number }) =>
      transport.send(request, { timeoutMs: sendOptions.timeoutMs, env, signal: options.signal }),
    readText,
    runProcess: (command, processOptions) => runCredentialProcess(command, { timeoutMs: processOptions.timeoutMs, env, signal: options.signal }),
    env,
    stsEndpoint,
    metadataEndpoint,
    timeoutMs,
  };
}

/**
 * The origin an endpoint variable names, without a trailing slash; undefined when unset. http is taken for the
 * metadata services (they are plain http on every cloud) and, for STS, only on loopback (the emulator): keys and
 * tokens must not cross a network in clear text. The value is not quoted in the error: it could hold a password.
 */
export function checkEndpoint(env: Readonly<Record<string, string | undefined>>, name: string, httpAnywhere: boolean): string | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw endpointError(name, 'is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw endpointError(name, 'is not an http(s) URL');
  if (url.username !== '' || url.password !== '') throw endpointError(name, 'must not carry a user name or password');
  if (url.search !== '' || url.hash !== '') throw endpointError(name, 'must be an origin, without a query or fragment');
  if (url.protocol === 'http:' && !httpAnywhere && !isLoopback(url.hostname)) {
    throw endpointError(name, 'uses http to a host that is not loopback; use https');
  }
  return url.toString().replace(/\/$/, '');
}

function endpointError(name: string, problem: string): ConfigError {
  return new ConfigError(`${name} ${problem}`, {
    code: 'config.endpoint',
    hint: `give an origin such as https://sts.example.com (or http://127.0.0.1:<port> for the emulator)`,
  });
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** The most a credential file (an OIDC token) may hold: real tokens are a few KiB; more is the wrong file. */
export const MAX_CREDENTIAL_FILE_BYTES = 64 * 1024;

/**
 * A file's text; undefined when it does not exist; a ConfigError naming the file (never its content) when it cannot
 * be read or holds more than {@link MAX_CREDENTIAL_FILE_BYTES} (a token file pointed at a log or at /dev/zero must
 * not fill memory). Read through a bounded buffer, so a pipe (`<(get-token)`) works too.
 */
async function readText(path: string): Promise<string | undefined> {
  let file;
  try {
    file = await open(path, 'r');
    const buffer = Buffer.alloc(MAX_CREDENTIAL_FILE_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MAX_CREDENTIAL_FILE_BYTES) {
        throw new ConfigError(`${path} is larger than ${MAX_CREDENTIAL_FILE_BYTES / 1024} KiB: not a credential file`, { code: 'config.unreadable' });
      }
    }
    return buffer.toString('utf8', 0, length);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new ConfigError(`cannot read ${path}: ${code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'unreadable')}`, {
      code: 'config.unreadable',
    });
  } finally {
    await file?.close();
  }
}
