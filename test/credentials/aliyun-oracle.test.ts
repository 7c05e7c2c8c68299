/**
 * Oracles: the official @alicloud/credentials 2.4.7 providers (ram_role_arn, oidc_role_arn, ecs_ram_role, uri,
 * external) obtain credentials from our emulator, and our AssumeRole request carries the signature the official
 * signing code computes (the SDK's own request rebuilt with its clock and nonce; @alicloud/openapi-util's
 * getRPCSignature). The SDK's hosts are redirected to 127.0.0.1 through its `doRequest` hook ("used for mock").
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AssumeRoleSource } from '../../src/core/credential-source.js';
import { parseExternalOutput } from '../../src/engine/credentials/aliyun/external.js';
import { buildAssumeRoleRequest } from '../../src/engine/credentials/aliyun/sts.js';
import { ALIYUN_INSTANCE_ROLE } from '../../src/emulator/credentials/aliyun.js';
import { DEMO_CREDENTIALS } from '../../src/emulator/demo-credentials.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { useEmulator } from '../helpers/emulator.js';

const require = createRequire(import.meta.url);
const PROVIDERS = '@alicloud/credentials/dist/src/providers';

interface SdkRequest {
  method: string;
  protocol: string;
  host: string;
  queries: Record<string, string>;
  bodyForm?: Record<string, string>;
  url?: string;
}
interface SdkProvider {
  doRequest: (request: SdkRequest) => Promise<unknown>;
  getCredentials(): Promise<{ accessKeyId: string; accessKeySecret: string; securityToken?: string }>;
  close?: () => void;
}
type BuilderMethod =
  | 'withAccessKeyId' | 'withAccessKeySecret' | 'withCredentialsProvider' | 'withRoleArn' | 'withRoleSessionName' | 'withDurationSeconds'
  | 'withPolicy' | 'withExternalId' | 'withStsEndpoint' | 'withOIDCTokenFilePath' | 'withOIDCProviderArn' | 'withCredentialsURI' | 'withProcessCommand';
type Builder = { [method in BuilderMethod]: (value: unknown) => Builder } & { build(): SdkProvider };
const load = (name: string) => (require(`${PROVIDERS}/${name}`) as { default: { builder(): Builder } }).default;
const { doRequest } = require(`${PROVIDERS}/http`) as { doRequest: (request: SdkRequest) => Promise<unknown> };
const { default: OpenApiUtil } = require('@alicloud/openapi-util') as {
  default: { getRPCSignature(params: Record<string, string>, method: string, secret: string): string };
};

const ROLE = 'acs:ram::1234567890123456:role/ci';
const demo = DEMO_CREDENTIALS.aliyun;
let emulator: RunningEmulator;
let host: string;

beforeAll(async () => {
  emulator = await useEmulator();
  host = new URL(emulator.url).host;
});

/** Sends the SDK's requests to the emulator over plain HTTP, recording each. */
function redirect(provider: SdkProvider, seen: SdkRequest[] = []): SdkProvider {
  provider.doRequest = (request) => {
    seen.push(request);
    request.protocol = 'http';
    request.host = host;
    if (request.url !== undefined) request.url = request.url.replace(/^https?:\/\/[^/]+/, `http://${host}`);
    return doRequest(request);
  };
  return provider;
}

const staticAk = () => load('static_ak').builder().withAccessKeyId(demo.accessKeyId).withAccessKeySecret(demo.accessKeySecret).build();

describe('the official providers get credentials from the emulator', () => {
  it.each([
    ['ram_role_arn (AssumeRole)', 'aliyun-sts', 'POST', () => load('ram_role_arn').builder().withCredentialsProvider(staticAk()).withRoleArn(ROLE).withDurationSeconds(900).withStsEndpoint('sts.aliyuncs.com').build()],
    ['oidc_role_arn (AssumeRoleWithOIDC)', 'aliyun-sts', 'POST', () => oidcProvider],
    ['ecs_ram_role (hardened metadata)', 'aliyun-metadata', 'PUT', () => load('ecs_ram_role').builder().build()],
    ['uri (credentials URI)', 'aliyun-metadata', 'GET', () => load('uri').builder().withCredentialsURI(`${emulator.url}/latest/meta-data/ram/security-credentials/${ALIYUN_INSTANCE_ROLE}`).build()],
  ])('%s', async (_name, service, firstMethod, make) => {
    const before = emulator.exchanges()[service] ?? 0;
    const seen: SdkRequest[] = [];
    const provider = redirect(make(), seen);
    const credentials = await provider.getCredentials();
    provider.close?.();
    expect(credentials.accessKeyId).toMatch(/^STS\./);
    expect(credentials.securityToken).toMatch(/^fcinvoke\.sts\./);
    expect(emulator.issuer.lookupKey('aliyun', credentials.accessKeyId)?.secret).toBe(credentials.accessKeySecret);
    expect((emulator.exchanges()[service] ?? 0) - before).toBeGreaterThan(0);
    expect(seen[0]?.method).toBe(firstMethod);
  });

  let oidcProvider: SdkProvider;
  beforeAll(async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'fcinvoke-oidc-')), 'token');
    await writeFile(file, emulator.issuer.mintOidcToken());
    oidcProvider = load('oidc_role_arn')
      .builder()
      .withOIDCTokenFilePath(file)
      .withOIDCProviderArn('acs:ram::1234567890123456:oidc-provider/github')
      .withRoleArn(ROLE)
      .withRoleSessionName('sdk-oidc')
      .withStsEndpoint('sts.aliyuncs.com')
      .build();
  });

  it('the SDK gets the refusal of the documented refused role', async () => {
    const provider = redirect(load('ram_role_arn').builder().withCredentialsProvider(staticAk()).withRoleArn('acs:ram::1:role/fcinvoke-denied').withStsEndpoint('x').build());
    await expect(provider.getCredentials()).rejects.toThrow(/NoPermission/);
  });

  it('external: the same process output satisfies the SDK and our parser', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fcinvoke-ext-'));
    const printed = { mode: 'StsToken', access_key_id: 'STS.external', access_key_secret: 'external-secret', sts_token: 'external-token' };
    const script = join(dir, 'print.cjs');
    await writeFile(script, `process.stdout.write(${JSON.stringify(JSON.stringify(printed))});\n`);
    const sdk = await load('external').builder().withProcessCommand(`${process.execPath} ${script}`).build().getCredentials();
    const ours = parseExternalOutput(JSON.stringify(printed), { kind: 'process', cloud: 'aliyun', origin: 'x', command: 'x' });
    expect(ours).toMatchObject({ accessKeyId: sdk.accessKeyId, accessKeySecret: sdk.accessKeySecret, securityToken: sdk.securityToken });
  });
});

describe('our AssumeRole signature is the official one', () => {
  it('for the request the SDK sent, rebuilt with its timestamp and nonce', async () => {
    const seen: SdkRequest[] = [];
    const provider = redirect(
      load('ram_role_arn').builder().withCredentialsProvider(staticAk()).withRoleArn(ROLE).withRoleSessionName('oracle').withDurationSeconds(1200).withPolicy('{"Statement":[]}').withExternalId('ext-1').withStsEndpoint('x').build(),
      seen,
    );
    await provider.getCredentials();
    const sdk = seen[0]!;
    const source: AssumeRoleSource = {
      kind: 'assume-role',
      cloud: 'aliyun',
      origin: 'oracle',
      roleArn: ROLE,
      policy: '{"Statement":[]}',
      externalId: 'ext-1',
      via: { kind: 'static', cloud: 'aliyun', origin: 'demo', credentials: demo },
    };
    const ours = buildAssumeRoleRequest(
      source,
      demo,
      { timestamp: sdk.queries.Timestamp!, nonce: sdk.queries.SignatureNonce! },
      'http://127.0.0.1',
      { RoleSessionName: 'oracle', DurationSeconds: '1200' },
    );
    const query = Object.fromEntries(new URL(ours.url).searchParams);
    const form = Object.fromEntries(new URLSearchParams(new TextDecoder().decode(ours.body)));
    expect(query).toEqual(sdk.queries);
    expect(form).toEqual(sdk.bodyForm);
    const { Signature, ...signed } = query;
    expect(OpenApiUtil.getRPCSignature({ ...signed, ...form }, 'POST', demo.accessKeySecret)).toBe(Signature);
  });
});
