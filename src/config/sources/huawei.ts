/** The huawei credential sources named by environment variables (being built: issue 14). */
import type { ExchangeSource } from '../../core/credential-source.js';
import type { Env } from '../resolve.js';

/** The exchange the environment asks for, or undefined when it names none. */
export function environmentSource(_env: Env): ExchangeSource | undefined {
  return undefined;
}
