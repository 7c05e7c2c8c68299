/**
 * The emulated FunctionGraph on the Open Telekom Cloud: the official FunctionGraph SDK (which OTC's own sample
 * uses with OTC keys and the OTC endpoint) passes on OTC keys, and the emulator counts it as `otc`; the two
 * clouds' keys and regions stay apart; our otc client's signed requests pass.
 */
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/engine/invoke.js';
import { DEMO_CREDENTIALS, DEMO_IDENTIFIERS } from '../../src/emulator/demo-credentials.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { otcProvider } from '../../src/providers/otc/index.js';
import type { InvokeInput } from '../../src/providers/types.js';
import { useEmulator } from '../helpers/emulator.js';
import { FAKE } from '../helpers/secrets.js';

const require = createRequire(import.meta.url);

interface SdkRequest {
  withFunctionUrn(urn: string): SdkRequest;
  withBody(body: unknown): SdkRequest;
  withXCFFRequestVersion(value: string): SdkRequest;
}
interface SdkCredentials {
  withAk(ak: string): SdkCredentials;
  withSk(sk: string): SdkCredentials;
  withProjectId(id: string): SdkCredentials;
}
interface SdkBuilder {
  withCredential(credential: SdkCredentials): SdkBuilder;
  withEndpoint(endpoint: string): SdkBuilder;
  build(): { invokeFunction(request: SdkRequest): Promise<Record<string, unknown>> };
}
const fg = require('@huaweicloud/huaweicloud-sdk-functiongraph') as {
  FunctionGraphClient: { newBuilder(): SdkBuilder };
  InvokeFunctionRequest: new () => SdkRequest;
};
const core = require('@huaweicloud/huaweicloud-sdk-core') as { BasicCredentials: new () => SdkCredentials };

const PROJECT = FAKE.otc.project;
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await useEmulator({
    env: { OTC_SDK_AK: FAKE.otc.id, OTC_SDK_SK: FAKE.otc.secret, HUAWEICLOUD_SDK_AK: FAKE.huawei.id, HUAWEICLOUD_SDK_SK: FAKE.huawei.secret },
  });
});

function sdk(ak: string, sk: string) {
  const credentials = new core.BasicCredentials().withAk(ak).withSk(sk).withProjectId(PROJECT);
  return fg.FunctionGraphClient.newBuilder().withCredential(credentials).withEndpoint(emulator.url).build();
}

function sdkInvoke(ak: string, sk: string, region: string) {
  return sdk(ak, sk).invokeFunction(
    new fg.InvokeFunctionRequest()
      .withFunctionUrn(`urn:fss:${region}:${PROJECT}:function:default:hello:latest`)
      .withBody({ name: 'Ada' })
      .withXCFFRequestVersion('v1'),
  );
}

async function refusal(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error as Record<string, unknown>,
  );
}

describe('the official SDK with OTC keys against the emulator', () => {
  it('invokes an eu-de function, counted as otc', async () => {
    emulator.resetLedger();
    const response = await sdkInvoke(FAKE.otc.id, FAKE.otc.secret, 'eu-de');
    expect(response['httpStatusCode']).toBe(200);
    expect(JSON.parse(response['result'] as string)).toEqual({ message: 'Hello, Ada!' });
    expect(emulator.ledger().invocations.map((entry) => entry.provider)).toEqual(['otc']);
  });

  it('refuses OTC keys on a Huawei region, and Huawei keys on an OTC region (APIGW.0301)', async () => {
    for (const [ak, sk, region] of [
      [FAKE.otc.id, FAKE.otc.secret, 'cn-north-4'],
      [FAKE.huawei.id, FAKE.huawei.secret, 'eu-nl'],
    ] as const) {
      const error = await refusal(sdkInvoke(ak, sk, region));
      expect(error).toMatchObject({ httpStatusCode: 401, errorCode: 'APIGW.0301' });
    }
  });

  it('refuses a wrong OTC secret', async () => {
    const error = await refusal(sdkInvoke(FAKE.otc.id, 'not-the-secret', 'eu-de'));
    expect(error['errorCode']).toBe('APIGW.0301');
  });
});

describe('the otc client against the emulator', () => {
  const input = (overrides: Partial<InvokeInput> = {}): InvokeInput => ({
    provider: 'otc',
    functionName: 'hello',
    event: new TextEncoder().encode('{"name":"Ada"}'),
    invocationType: 'sync',
    logs: true,
    endpoint: emulator.url,
    region: DEMO_IDENTIFIERS.region.otc,
    projectId: DEMO_IDENTIFIERS.otcProjectId,
    ...overrides,
  });

  it('passes with the OTC demo keys, sync and async', async () => {
    for (const invocationType of ['sync', 'async'] as const) {
      const { result } = await invoke(otcProvider, input({ invocationType }), DEMO_CREDENTIALS.otc);
      expect(result.status, JSON.stringify(result)).toBe('ok');
    }
  });

  it('is refused with the Huawei demo keys', async () => {
    const { result } = await invoke(otcProvider, input(), DEMO_CREDENTIALS.huawei);
    expect(result).toMatchObject({ status: 'api_error', error: { code: 'APIGW.0301' } });
  });
});
