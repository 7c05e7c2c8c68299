/** Every provider's implementation and cloud, by id: the table the per-provider tests loop over. */
import { aliyunFc2Provider } from '../../src/providers/aliyun-fc2/index.js';
import { aliyunProvider } from '../../src/providers/aliyun/index.js';
import { huaweiProvider } from '../../src/providers/huawei/index.js';
import { otcProvider } from '../../src/providers/otc/index.js';
import { tencentV2Provider } from '../../src/providers/tencent-v2/index.js';
import { tencentProvider } from '../../src/providers/tencent/index.js';
import type { ProviderId } from '../../src/providers/registry.js';
import type { CloudId, Provider } from '../../src/providers/types.js';

export const PROVIDERS: Record<ProviderId, Provider> = {
  tencent: tencentProvider,
  'tencent-v2': tencentV2Provider,
  aliyun: aliyunProvider,
  'aliyun-fc2': aliyunFc2Provider,
  huawei: huaweiProvider,
  otc: otcProvider,
};

export const CLOUD: Record<ProviderId, CloudId> = {
  tencent: 'tencent',
  'tencent-v2': 'tencent',
  aliyun: 'aliyun',
  'aliyun-fc2': 'aliyun',
  huawei: 'huawei',
  otc: 'otc',
};
