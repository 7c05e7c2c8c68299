/** PLACEHOLDER until issue 3 lands: the `aliyun` provider. */
import { ConfigError } from '../../core/errors.js';
import type { Provider } from '../types.js';

const notYet = (): never => {
  throw new ConfigError('the aliyun provider is not implemented yet');
};

export const aliyunProvider: Provider = {
  id: 'aliyun',
  limits: { maxEventBytes: { sync: 0, async: 0 } },
  defaultEndpoint: notYet,
  validateInput: notYet,
  buildRequest: notYet,
  sign: notYet,
  parseResponse: notYet,
  hintFor: () => undefined,
};
