import { describe, expect, it } from 'vitest';
import { CredentialIssuer } from '../../src/emulator/credentials/issuer.js';
import { DEMO_IDENTIFIERS } from '../../src/emulator/demo-credentials.js';
import { isCredentialRefusal } from '../../src/engine/credentials/refusal.js';
import { createInvokeInput } from '../../src/engine/input.js';
import { invoke } from '../../src/engine/invoke.js';
import { HttpTransport } from '../../src/transport/http.js';
import { useEmulator } from '../helpers/emulator.js';
import { CLOUD, PROVIDERS } from '../helpers/providers.js';

const emulator = await useEmulator();
const transport = new HttpTransport();

/** Every provider's input for the emulator's `hello`. */
function inputFor(id: keyof typeof PROVIDERS) {
  const cloud = CLOUD[id];
  return createInvokeInput(PROVIDERS[id], {
    functionName: id === 'aliyun-fc2' ? 'demo/hello' : 'hello',
    endpoint: emulator.url,
    region: DEMO_IDENTIFIERS.region[cloud],
    accountId: DEMO_IDENTIFIERS.accountId,
    projectId: cloud === 'otc' ? DEMO_IDENTIFIERS.otcProjectId : DEMO_IDENTIFIERS.projectId,
    namespace: id === 'tencent' ? 'default' : undefined,
  });
}

describe('isCredentialRefusal against the emulator', () => {
  it.each(Object.keys(PROVIDERS) as Array<keyof typeof PROVIDERS>)('%s: issued keys invoke; expired ones are a credential refusal', async (id) => {
    const cloud = CLOUD[id];
    const valid = new CredentialIssuer().issueKeys(cloud, 900);
    const ok = await invoke(PROVIDERS[id], inputFor(id), valid, { transport, env: {} });
    expect(ok.result.status).toBe('ok');
    expect(await isCredentialRefusal(PROVIDERS[id], ok)).toBe(false);
    // Issued two hours ago for one hour.
    const expired = new CredentialIssuer(() => new Date(Date.now() - 7_200_000)).issueKeys(cloud, 3600);
    const refused = await invoke(PROVIDERS[id], inputFor(id), expired, { transport, env: {} });
    expect(refused.result.status).toBe('api_error');
    expect(await isCredentialRefusal(PROVIDERS[id], refused)).toBe(true);
  });

  it('a function error or another API error is not a credential refusal', async () => {
    const missing = await invoke(PROVIDERS.tencent, { ...inputFor('tencent'), functionName: 'no-such-function' }, new CredentialIssuer().issueKeys('tencent', 900), {
      transport,
      env: {},
    });
    expect(missing.result.status).toBe('api_error');
    expect(await isCredentialRefusal(PROVIDERS.tencent, missing)).toBe(false);
  });

  const codes: Array<[keyof typeof PROVIDERS, string, boolean, string]> = [
    ['huawei', 'APIGW.0308', false, 'FunctionGraph throttling is not a refusal of the keys'],
    ['huawei', 'APIGW.0301', true, 'incorrect IAM authentication information'],
    ['otc', 'APIGW.0301', true, 'the same API on the Open Telekom Cloud'],
    ['tencent', 'AuthFailure.UnauthorizedOperation', false, "CAM's permission check: fresh keys of the same role get the same answer"],
    ['tencent', 'AuthFailure.SecretIdNotFound', true, 'an unknown or expired temporary key'],
    ['tencent-v2', '4105', true, 'an expired session token'],
    ['tencent-v2', '4400', false, 'throttling'],
    ['aliyun', 'InvalidSecurityToken', true, 'an expired security token'],
    ['aliyun', 'ResourceThrottled', false, 'throttling'],
    ['aliyun-fc2', 'SignatureNotMatch', true, 'a signature that does not verify'],
    ['aliyun-fc2', 'FunctionNotFound', false, 'another API error'],
  ];
  it.each(codes)('%s %s → %s (%s)', async (id, code, refused) => {
    const answer = { result: { status: 'api_error', error: { code } }, details: { httpStatus: 400 } } as unknown as Parameters<typeof isCredentialRefusal>[1];
    expect(await isCredentialRefusal(PROVIDERS[id], answer)).toBe(refused);
    // HTTP 401 is a refusal of the credentials whatever the code.
    expect(await isCredentialRefusal(PROVIDERS[id], { ...answer, details: { ...answer.details, httpStatus: 401 } })).toBe(true);
  });
});
