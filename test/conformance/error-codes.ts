/**
 * Conformance concern "hints": for every provider, error codes of its API with a word or pattern its hint must
 * contain, codes that must get none, and codes its retry rule must (and must not) treat as throttling.
 * error-codes.test.ts checks them through the `Provider` and the provider's own error-code module.
 */
import { fc2HintFor } from '../../src/providers/aliyun-fc2/error-codes.js';
import { aliyunHintFor } from '../../src/providers/aliyun/error-codes.js';
import { huaweiHintFor } from '../../src/providers/huawei/error-codes.js';
import { otcProvider } from '../../src/providers/otc/index.js';
import type { ProviderId } from '../../src/providers/registry.js';
import { tencentV2HintFor } from '../../src/providers/tencent-v2/error-codes.js';
import { tencentHintFor } from '../../src/providers/tencent/error-codes.js';

export interface HintRow {
  /** The provider's error-code module, which the `Provider` must answer the same as. */
  hintFor: (code: string) => string | undefined;
  /** Code → a fragment its hint contains, or a pattern it matches. */
  hints: Record<string, string | RegExp>;
  /** Codes with no hint: unknown ones, near misses, prototype names. */
  none: readonly string[];
  throttles: readonly string[];
  notThrottles: readonly string[];
}

/** Every error code of seed 000's table (InvokeFunction), with a word its hint must contain. */
export const TENCENT_SEED_CODES: Record<string, string> = {
  ...{ 'FailedOperation.FunctionStatusError': 'deploying', 'FailedOperation.InvokeFunction': 'logs', InternalError: 'may have run' },
  ...{ 'InternalError.System': 'may have run', 'InvalidParameter.FunctionName': '2-60', 'InvalidParameter.RequestTooLarge': '6 MB' },
  ...{ InvalidParameterValue: '--qualifier', 'InvalidParameterValue.ClientContext': 'event', 'InvalidParameterValue.FunctionType': 'trigger' },
  ...{ 'InvalidParameterValue.Param': 'JSON', 'LimitExceeded.Quota': 'quota', 'ResourceNotFound.Function': '--namespace' },
  ...{ 'ResourceNotFound.FunctionName': '--namespace', 'ResourceNotFound.Qualifier': '--qualifier' },
  ...{ 'ResourceUnavailable.InsufficientBalance': 'top it up', 'UnauthorizedOperation.CAM': 'CAM policy' },
};

const FUNCTIONGRAPH_NONE = ['FSS.9999', 'constructor'];

export const HINTS: Record<ProviderId, HintRow> = {
  tencent: {
    hintFor: tencentHintFor,
    hints: TENCENT_SEED_CODES,
    none: ['Something.Else', 'constructor'],
    throttles: ['RequestLimitExceeded', 'RequestLimitExceeded.UinLimitExceeded', 'RequestLimitExceeded.IPLimitExceeded', 'LimitExceeded.Concurrency'],
    // A used-up quota is not retried; nor is any other documented code.
    notThrottles: ['LimitExceeded.FunctionQuota', ...Object.keys(TENCENT_SEED_CODES)],
  },
  'tencent-v2': {
    hintFor: tencentV2HintFor,
    hints: {
      ...{ '4000': '--region', '4100': 'TENCENTCLOUD_SECRET_KEY', '4101': 'CAM policy', '4102': 'CAM policy', '4103': 'CAM policy' },
      ...{ '4104': 'TENCENTCLOUD_SECRET_ID', '4105': 'session token', '4106': 'multi-factor', '4110': 'CAM', '4300': 'console' },
      ...{ '4400': 'retry', '4500': 'clock', '4600': 'https://', '5000': '--region', '5100': 'retry' },
    },
    none: ['9999', 'AuthFailure'],
    throttles: ['4400'],
    notThrottles: ['4100'],
  },
  aliyun: {
    hintFor: aliyunHintFor,
    hints: {
      ...{ SignatureNotMatch: /ALIBABA_CLOUD_ACCESS_KEY_SECRET/, InvalidAccessKeyID: /ALIBABA_CLOUD_ACCESS_KEY_ID/ },
      ...{ InvalidSecurityToken: /ALIBABA_CLOUD_SECURITY_TOKEN/, 'InvalidSecurityToken.Expired': /refresh/, RequestTimeTooSkewed: /15 minutes/ },
      ...{ SignatureNonceUsed: /sign it again/, AccessDenied: /RAM policy/, FunctionNotFound: /--account-id/, AliasNotFound: /--qualifier/ },
      ...{ VersionNotFound: /--qualifier/, EntityTooLarge: /32 MB.*128 KB/, MissingRequiredHeader: /x-acs-/, ResourceExhausted: /concurrency/ },
      ...{ ResourceThrottled: /throttled/, 'Throttling.User': /throttled/, CAExited: /failed to start/, CAFileNotFound: /start file/ },
      InternalServerError: /retried/,
    },
    none: ['SomethingElse', 'FunctionNotFoundX'],
    // FC's throttling codes, and the SDK's rule: any code containing Throttling.
    throttles: ['ResourceExhausted', 'ResourceThrottled', 'Throttling.Api'],
    notThrottles: ['FunctionNotFound'],
  },
  'aliyun-fc2': {
    hintFor: fc2HintFor,
    hints: {
      ...{ SignatureNotMatch: /ALIBABA_CLOUD_ACCESS_KEY_SECRET/, InvalidSignature: /ALIBABA_CLOUD_ACCESS_KEY_SECRET/ },
      ...{ InvalidAccessKeyID: /ALIBABA_CLOUD_ACCESS_KEY_ID/, InvalidAccessKeyId: /ALIBABA_CLOUD_ACCESS_KEY_ID/ },
      ...{ InvalidSecurityToken: /ALIBABA_CLOUD_SECURITY_TOKEN/, RequestTimeTooSkewed: /15 minutes/, AccessDenied: /RAM policy/ },
      ...{ ServiceNotFound: /--account-id and --region/, FunctionNotFound: /the service, --account-id and --region/ },
      ...{ AliasNotFound: /--qualifier/, VersionNotFound: /--qualifier/, EntityTooLarge: /32 MB \(128 KB for --async\)/ },
      ...{ MissingRequiredHeader: /--endpoint/, PathNotSupported: /--endpoint/, ResourceExhausted: /throttled/ },
      ...{ ResourceThrottled: /throttled/, LimitExceededError: /Quota Center/ },
    },
    none: ['SomethingElse', 'FunctionNotFound.Extra', ''],
    throttles: ['ResourceExhausted', 'ResourceThrottled', 'Throttling.User'],
    notThrottles: ['SignatureNotMatch', 'FunctionNotFound'],
  },
  huawei: {
    hintFor: huaweiHintFor,
    hints: { 'APIGW.0301': 'HUAWEICLOUD_SDK_SK', 'FSS.1051': '--project-id', 'FSS.1053': '--qualifier', 'FSS.0413': '256 KB', 'FSS.0429': 'retry' },
    none: FUNCTIONGRAPH_NONE,
    throttles: ['FSS.0429'],
    notThrottles: ['FSS.1051'],
  },
  otc: {
    hintFor: (code) => otcProvider.hintFor(code),
    hints: { 'APIGW.0301': 'OTC_SDK_AK / OTC_SDK_SK', 'APIGW.0101': 'https://functiongraph.<region>.otc.t-systems.com', 'FSS.0429': 'retry' },
    none: FUNCTIONGRAPH_NONE,
    throttles: ['FSS.0429'],
    notThrottles: ['FSS.1051'],
  },
};

