/**
 * The invocation pipeline: validate → build → sign → send → parse. The one place where the pure provider code
 * meets I/O (the transport and the clock).
 */
import { randomInt } from 'node:crypto';
import type { Credentials, HttpRequest, InvokeInput, Provider } from '../providers/types.js';
import { baseResult } from '../providers/shared/result.js';
import { send, TransportError, type SendOptions, type SendTimings } from '../transport/http.js';
import { InterruptedError } from './errors.js';
import type { Invocation } from './result.js';

/** Options for one invocation. */
export interface InvokeOptions extends SendOptions {
  /** The clock, for tests. @default () => new Date() */
  now?: () => Date;
  /** Called with the signed request just before it is sent (for `--debug`). */
  onRequest?: ((request: HttpRequest) => void) | undefined;
}

/** An invocation with how long its request took. */
export interface TimedInvocation extends Invocation {
  timings: SendTimings | null;
  /** The signed request, for `--debug` and `--dry-run`; contains secrets, so redact before printing. */
  request: HttpRequest;
}

/** Checks, builds and signs the request; throws (exit 2) on bad input, sends nothing. */
export function prepareRequest(
  provider: Provider,
  input: InvokeInput,
  credentials: Credentials,
  now: Date,
): HttpRequest {
  provider.validateInput(input);
  const unsigned = provider.buildRequest(input);
  return provider.sign(unsigned, credentials, { now, nonce: randomInt(1, 2 ** 31 - 1) });
}

/** Runs one invocation. Outcomes, failures included, are returned as data; only pre-send errors throw. */
export async function invoke(
  provider: Provider,
  input: InvokeInput,
  credentials: Credentials,
  options: InvokeOptions = {},
): Promise<TimedInvocation> {
  const request = prepareRequest(provider, input, credentials, (options.now ?? (() => new Date()))());
  options.onRequest?.(request);
  try {
    const response = await send(request, options);
    return { ...provider.parseResponse(response, input), timings: response.timings, request };
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    if (error.code === 'aborted') throw new InterruptedError();
    return { ...transportFailure(input, error), timings: null, request };
  }
}

/** The result for a request that got no complete answer. */
export function transportFailure(input: InvokeInput, error: TransportError): Invocation {
  const sent = error.phase === 'sent';
  return {
    result: {
      ...baseResult(input),
      status: sent ? 'outcome_unknown' : 'transport_error',
      error: { code: error.code, message: error.message },
    },
    payload: null,
    details: {
      hint: sent
        ? 'the request was sent, so the function may have run; check its logs before invoking again'
        : transportHint(error.code),
    },
  };
}

function transportHint(code: string): string | undefined {
  if (code === 'ECONNREFUSED') return 'nothing is listening there; check --endpoint (is the emulator running?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name did not resolve; check --endpoint and DNS';
  if (code.includes('CERT') || code.startsWith('ERR_TLS')) {
    return 'TLS verification failed; behind a proxy that inspects TLS, set NODE_EXTRA_CA_CERTS to its CA file';
  }
  if (code === 'timeout') return 'raise --timeout, or check the network path to the endpoint';
  return undefined;
}
