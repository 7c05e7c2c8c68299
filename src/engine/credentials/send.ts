/** The one way an exchange sends: through the context, a transport failure turned into exit 4 naming the service. */
import { CredentialError, FcinvokeError } from '../../core/errors.js';
import type { HttpRequest, RawResponse } from '../../core/http.js';
import type { ExchangeContext } from './types.js';

/**
 * Sends `request` through the context; any answer comes back, whatever its status. A failure to get one (the
 * transport's TransportError) becomes CredentialError 4, `cannot reach <where>: <code>`, with `hint`; it never
 * names the request (its body may hold an OIDC token). Our own errors (Ctrl-C) and bugs pass through as they are.
 * The TransportError is told by name: importing the transport here would split the invoke path's chunks.
 */
export async function sendExchange(context: ExchangeContext, request: HttpRequest, where: string, hint: string): Promise<RawResponse> {
  try {
    return await context.send(request, { timeoutMs: context.timeoutMs });
  } catch (error) {
    if (error instanceof FcinvokeError || !(error instanceof Error) || error.name !== 'TransportError') throw error;
    const code = (error as { code?: unknown }).code;
    throw new CredentialError(`cannot reach ${where}: ${typeof code === 'string' ? code : 'the request failed'}`, 4, { hint });
  }
}
