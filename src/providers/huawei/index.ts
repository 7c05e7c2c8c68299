/** PLACEHOLDER until issue 3 lands: the `huawei` provider. */
import { ConfigError } from '../../core/errors.js';
import type { Provider } from '../types.js';

const notYet = (): never => {
  throw new ConfigError('the huawei provider is not implemented yet');
};

export const huaweiProvider: Provider = {
  id: 'huawei',
  limits: { maxEventBytes: { sync: 0, async: 0 } },
  defaultEndpoint: notYet,
  validateInput: notYet,
  buildRequest: notYet,
  sign: notYet,
  parseResponse: notYet,
  hintFor: () => undefined,
};
