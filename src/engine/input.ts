/**
 * An invocation input from plain fields, for callers that are not the CLI (the library): the event as a JSON
 * value, the invocation type as a flag, the endpoint defaulted by the provider. The CLI builds its inputs from
 * resolved settings instead (cli/prepare-invoke.ts).
 */
import { encodeUtf8 } from '../core/text.js';
import type { InvokeInput, Provider } from '../providers/types.js';

/** The fields of {@link createInvokeInput}. */
export interface InvocationFields extends Omit<Partial<InvokeInput>, 'provider' | 'functionName' | 'event' | 'invocationType' | 'logs'> {
  /** The function as its provider names it (a name; FC 2.0 `service/name`; FunctionGraph a name or URN). */
  functionName: string;
  /**
   * The event: a value sent as its JSON text, or the exact bytes of a JSON text. @default {}
   */
  event?: unknown;
  /** Queue the event and return at once (the provider's async invocation). @default false */
  async?: boolean | undefined;
  /** Ask for the log tail. @default true */
  logs?: boolean | undefined;
}

/**
 * The input for `provider` from plain fields: the event encoded, the endpoint the provider's default when none is
 * given (which throws a ConfigError when an identifier it needs, e.g. the region, is missing). Checks nothing else:
 * `invoke` validates the input before anything is sent.
 */
export function createInvokeInput(provider: Provider, fields: InvocationFields): InvokeInput {
  const { event, async, logs, endpoint, ...rest } = fields;
  const partial: Omit<InvokeInput, 'endpoint'> = {
    ...rest,
    provider: provider.id,
    event: event instanceof Uint8Array ? event : encodeUtf8(JSON.stringify(event === undefined ? {} : event) ?? 'null'),
    invocationType: async === true ? 'async' : 'sync',
    logs: logs !== false,
  };
  return { ...partial, endpoint: endpoint ?? provider.defaultEndpoint(partial) };
}
