/** An emulator that knows a cloud's temporary (STS) keys and their session token, for the token cases. */
import { beforeAll } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/server.js';
import { useEmulator } from '../../helpers/emulator.js';
import { FAKE } from '../../helpers/secrets.js';

/** The temporary key id the Tencent token cases use (an STS SecretId looks like a long-term one). */
export const TENCENT_TEMPORARY_ID = 'AKIDEXAMPLEfcinvokeTEMPORARY00000001';

const STS_ENV = {
  tencent: {
    TENCENTCLOUD_SECRET_ID: TENCENT_TEMPORARY_ID,
    TENCENTCLOUD_SECRET_KEY: FAKE.tencent.secret,
    TENCENTCLOUD_SESSION_TOKEN: FAKE.tencent.token,
  },
  aliyun: {
    ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE.aliyun.stsId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: FAKE.aliyun.secret,
    ALIBABA_CLOUD_SECURITY_TOKEN: FAKE.aliyun.token,
  },
} as const;

/** Starts the emulator before the file's tests (closed after them); call the result for it. */
export function useStsEmulator(cloud: keyof typeof STS_ENV): () => RunningEmulator {
  let emulator: RunningEmulator | undefined;
  beforeAll(async () => {
    emulator = await useEmulator({ env: STS_ENV[cloud] });
  });
  return () => emulator!;
}
