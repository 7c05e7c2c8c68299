/** Every emulated API, tried in order; each claims its requests by path and headers. */
import { aliyunFc2Route } from './aliyun-fc2/route.js';
import { aliyunRoute } from './aliyun/route.js';
import { huaweiRoute } from './huawei/route.js';
import { tencentV2Route } from './tencent-v2/route.js';
import { tencentRoute } from './tencent/route.js';
import type { EmulatorRoute } from './types.js';

export const ROUTES: readonly EmulatorRoute[] = [tencentRoute, tencentV2Route, aliyunRoute, aliyunFc2Route, huaweiRoute];
