/**
 * Whether an invocation was refused for its credentials: the one test behind "drop cached temporary credentials the
 * cloud refuses and exchange afresh once". The codes are each provider's (`Provider.refusesCredentials`); HTTP 401
 * counts for all. A request refused this way did not run the function.
 */
import type { Credentials } from '../../core/credentials.js';
import type { Invocation } from '../../core/result.js';
import type { Provider } from '../../providers/types.js';
import type { CredentialProvider, ProvidedCredentials } from './provider.js';

/** Whether the invocation was refused for its credentials (HTTP 401, or the provider's own refusal codes). */
export async function isCredentialRefusal(provider: Pick<Provider, 'refusesCredentials'>, invocation: Invocation): Promise<boolean> {
  if (invocation.result.status !== 'api_error') return false;
  if (invocation.details.httpStatus === 401) return true;
  const code = invocation.result.error?.code;
  return code !== undefined && code !== null && code !== '' && (await provider.refusesCredentials(code));
}

/**
 * The credentials to send with once more after `refused` were refused: the cached answer is dropped and a fresh
 * exchange made, unless the provider already answers other credentials (a concurrent batch line refreshed them).
 */
export async function replaceRefused(
  provider: Pick<CredentialProvider, 'get' | 'invalidate'>,
  refused: Credentials,
): Promise<ProvidedCredentials> {
  const current = await provider.get();
  if (current.credentials !== refused) return current;
  await provider.invalidate();
  return provider.get();
}
