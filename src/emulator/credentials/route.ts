/**
 * The contract of the emulator's credential services (STS of each cloud, Huawei/OTC IAM, the instance metadata
 * services): one origin with the invoke APIs, tried before them, never touched by fault rules, and counted per
 * service (`GET /__fcinvoke/exchanges`) so tests can tell how many exchanges a run made.
 */
import type { EmulatorKeys, EmulatorRequest, EmulatorResponse } from '../../providers/emulator-api.js';
import type { CredentialIssuer } from './issuer.js';

/** What a credential service may use. */
export interface CredentialServiceContext {
  /** The keys accepted to sign an exchange: the demo keys, the environment's, and issued temporary keys. */
  keys: EmulatorKeys;
  issuer: CredentialIssuer;
  now(): Date;
}

/** One credential service. */
export interface CredentialService {
  /** A stable name, the key of the exchange counts: `tencent-sts`, `aliyun-sts`, `huawei-iam`, `tencent-metadata`… */
  id: string;
  /** Whether this request is for this service, by request line and headers only. */
  matches(request: EmulatorRequest): boolean;
  handle(request: EmulatorRequest, context: CredentialServiceContext): Promise<EmulatorResponse> | EmulatorResponse;
}
