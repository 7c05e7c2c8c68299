/** The OIDC token file every cloud's federation reads (Tencent web identity, Alibaba OIDC, Huawei/OTC federated). */
import type { FederatedOidcSource, WebIdentitySource } from '../../core/credential-source.js';
import { ConfigError } from '../../core/errors.js';
import type { ExchangeContext } from './types.js';

/**
 * The token in `source.tokenFile`, read on every exchange (CI runners rotate it), white space trimmed. ConfigError
 * (exit 2, nothing sent) when the file does not exist, is empty or cannot be read; never quotes its content.
 */
export async function readOidcToken(source: WebIdentitySource | FederatedOidcSource, context: ExchangeContext): Promise<string> {
  const where = `the OIDC token file ${source.tokenFile} (${source.origin})`;
  const hint = 'write the identity token to that file before fcinvoke runs (in CI, the runner\'s OIDC token; docs/config.md)';
  const text = await context.readText(source.tokenFile);
  if (text === undefined) throw new ConfigError(`${where} does not exist`, { code: 'config.oidc_token_file', hint });
  const token = text.trim();
  if (token === '') throw new ConfigError(`${where} is empty`, { code: 'config.oidc_token_file', hint });
  return token;
}
