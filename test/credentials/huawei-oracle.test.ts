/**
 * Oracles: the official @huaweicloud/huaweicloud-sdk-core (3.1.211) runs its federated OIDC flow against the
 * emulator (its IAM endpoint pointed at 127.0.0.1) and invokes with what it got; our agency request's signature
 * equals the official AKSKSigner's for the same request and clock.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AgencySource } from '../../src/core/credential-source.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { buildAgencyRequest } from '../../src/engine/credentials/huawei/iam.js';
import { useEmulator } from '../helpers/emulator.js';
import { FAKE } from '../helpers/secrets.js';

const require = createRequire(import.meta.url);

interface SdkCredentials {
  withIdpId(id: string): SdkCredentials;
  withIdTokenFile(path: string): SdkCredentials;
  withProjectId(id: string): SdkCredentials;
  withIamEndpoint(url: string): SdkCredentials;
  withAk(ak: string): SdkCredentials;
  withSk(sk: string): SdkCredentials;
  getAk(): string | undefined;
  getSecurityToken(): string | undefined;
  getExpiredAt(): number | undefined;
}
interface SdkRequest {
  withFunctionUrn(urn: string): SdkRequest;
  withBody(body: unknown): SdkRequest;
  withXCFFRequestVersion(value: string): SdkRequest;
}
interface SdkBuilder {
  withCredential(credential: SdkCredentials): SdkBuilder;
  withEndpoint(endpoint: string): SdkBuilder;
  build(): { invokeFunction(request: SdkRequest): Promise<Record<string, unknown>> };
}
const core = require('@huaweicloud/huaweicloud-sdk-core') as { BasicCredentials: new () => SdkCredentials };
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as {
  AKSKSigner: { sign(request: unknown, credentials: SdkCredentials): Record<string, string> };
};
const fg = require('@huaweicloud/huaweicloud-sdk-functiongraph') as {
  FunctionGraphClient: { newBuilder(): SdkBuilder };
  InvokeFunctionRequest: new () => SdkRequest;
};

const PROJECT = FAKE.huawei.project;
let emulator: RunningEmulator;
let dir: string;

beforeAll(async () => {
  emulator = await useEmulator();
  dir = mkdtempSync(join(tmpdir(), 'fcinvoke-huawei-oracle-'));
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Each cloud's IAM origin on the emulator (docs/emulator.md: `/otc` for the Open Telekom Cloud), region and project. */
const CLOUDS = {
  huawei: { iam: '', region: 'cn-north-4', project: PROJECT, key: /^TMPAK/ },
  otc: { iam: '/otc', region: 'eu-de', project: FAKE.otc.project, key: /^TMPOTC/ },
} as const;

function federatedSdkCredentials(idpId: string, token: string, cloud: keyof typeof CLOUDS = 'huawei'): SdkCredentials {
  const file = join(dir, `${idpId}-${cloud}.jwt`);
  writeFileSync(file, `${token}\n`);
  return new core.BasicCredentials()
    .withIdpId(idpId)
    .withIdTokenFile(file)
    .withProjectId(CLOUDS[cloud].project)
    .withIamEndpoint(`${emulator.url}${CLOUDS[cloud].iam}`);
}

function sdkInvoke(credentials: SdkCredentials, cloud: keyof typeof CLOUDS = 'huawei'): Promise<Record<string, unknown>> {
  const { region, project } = CLOUDS[cloud];
  const client = fg.FunctionGraphClient.newBuilder().withCredential(credentials).withEndpoint(emulator.url).build();
  return client.invokeFunction(
    new fg.InvokeFunctionRequest()
      .withFunctionUrn(`urn:fss:${region}:${project}:function:default:hello:latest`)
      .withBody({ name: 'Ada' })
      .withXCFFRequestVersion('v1'),
  );
}

describe('the official SDK federated OIDC flow against the emulator', () => {
  it.each(['huawei', 'otc'] as const)('%s: exchanges a demo OIDC token for temporary keys and invokes with them', async (cloud) => {
    const before = emulator.exchanges()['huawei-iam'] ?? 0;
    const credentials = federatedSdkCredentials('fcinvoke-demo-idp', emulator.issuer.mintOidcToken(), cloud);
    const response = await sdkInvoke(credentials, cloud);
    expect(JSON.parse(response['result'] as string)).toEqual({ message: 'Hello, Ada!' });
    expect(credentials.getAk()).toMatch(CLOUDS[cloud].key);
    expect(credentials.getSecurityToken()).toMatch(/^fcinvoke\.sts\./);
    // The SDK's 6-hour duration, read back from expires_at in IAM's microsecond format.
    expect((credentials.getExpiredAt() ?? 0) - Date.now()).toBeGreaterThan(5.9 * 3600 * 1000);
    expect((emulator.exchanges()['huawei-iam'] ?? 0) - before).toBe(2);
  });

  it('is refused with an expired OIDC token', async () => {
    const credentials = federatedSdkCredentials('expired', emulator.issuer.mintOidcToken({ ttlSeconds: -10 }));
    await expect(sdkInvoke(credentials)).rejects.toThrow(/federal auth token/);
  });
});

describe('our agency request against the official signer', () => {
  it('carries the signature AKSKSigner computes for the same request and clock', () => {
    const at = new Date('2026-03-01T12:00:00Z');
    const source: AgencySource = {
      kind: 'agency',
      cloud: 'huawei',
      origin: 'test',
      agencyName: 'ci-deployer',
      domainName: 'example-account',
      durationSeconds: 3600,
      via: { kind: 'static', cloud: 'huawei', origin: 'test', credentials: { kind: 'keys', accessKeyId: FAKE.huawei.id, accessKeySecret: FAKE.huawei.secret } },
    };
    const ours = buildAgencyRequest('https://iam.myhuaweicloud.com', source, { kind: 'keys', accessKeyId: FAKE.huawei.id, accessKeySecret: FAKE.huawei.secret }, { now: at, nonce: 1 });
    const body = new TextDecoder().decode(ours.body);
    const headers = Object.fromEntries(Object.entries(ours.headers).filter(([name]) => name !== 'Authorization'));
    const official = AKSKSigner.sign(
      { method: 'POST', endpoint: ours.url, headers, queryParams: {}, data: JSON.parse(body) },
      new core.BasicCredentials().withAk(FAKE.huawei.id).withSk(FAKE.huawei.secret),
    );
    expect(ours.headers['Authorization']).toBe(official['Authorization']);
  });
});
