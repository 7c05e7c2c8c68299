/** PLACEHOLDER until issue 3 lands: the `tencent-v2` provider. */
import { ConfigError } from '../../core/errors.js';
import type { Provider } from '../types.js';

const notYet = (): never => {
  throw new ConfigError('the tencent-v2 provider is not implemented yet');
};

export const tencentV2Provider: Provider = {
  id: 'tencent-v2',
  limits: { maxEventBytes: { sync: 0, async: 0 } },
  defaultEndpoint: notYet,
  validateInput: notYet,
  buildRequest: notYet,
  sign: notYet,
  parseResponse: notYet,
  hintFor: () => undefined,
};
