/**
 * Every emulated API, loaded through the provider registry when the emulator module is (a top-level await: the
 * server, the fault plan and the run ledger then look a provider's API up synchronously). In registry order, which
 * is the order the server tries them in; each claims its requests by path and headers.
 */
import type { EmulatedApi } from '../providers/emulator-api.js';
import { PROVIDERS, type ProviderId } from '../providers/registry.js';

/** An emulated API, with its registry id. */
export type EmulatedRoute = EmulatedApi & { id: ProviderId };

export const ROUTES: readonly EmulatedRoute[] = await Promise.all(
  PROVIDERS.map(async (entry): Promise<EmulatedRoute> => ({ ...(await entry.emulator()), id: entry.id })),
);

/** The emulated API of `provider`. */
export function emulatedApi(provider: ProviderId): EmulatedRoute {
  const found = ROUTES.find((route) => route.id === provider);
  if (found === undefined) throw new Error(`no emulated API for ${provider}`);
  return found;
}
