/** The oracle of every provider: the row of the "oracles" concern (oracle.ts), run by oracle.test.ts. */
import type { ProviderId } from '../../src/providers/registry.js';
import { aliyunFc2Oracle } from '../oracle/aliyun-fc2.js';
import { aliyunOracle } from '../oracle/aliyun.js';
import { functionGraphOracle } from '../oracle/functiongraph.js';
import { tencentV2Oracle } from '../oracle/tencent-v2.js';
import { tencentOracle } from '../oracle/tencent.js';
import type { Oracle } from './oracle.js';

export const ORACLES: Record<ProviderId, Oracle> = {
  tencent: tencentOracle,
  'tencent-v2': tencentV2Oracle,
  aliyun: aliyunOracle,
  'aliyun-fc2': aliyunFc2Oracle,
  huawei: functionGraphOracle('huawei'),
  otc: functionGraphOracle('otc'),
};
