/**
 * The emulated Tencent STS and CVM metadata services, driven over HTTP: what they accept, and the cloud's error
 * codes for what they refuse (bad signature, unknown key, a scope other than sts, malformed role ARN, session name
 * and duration, invalid or expired OIDC token, the always-refused role). Requests here are hand-built and signed
 * with the provider's TC3 steps, so the emulator is tested independently of the exchange client.
 */
import { request } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { CredentialIssuer } from '../../src/emulator/credentials/issuer.js';
import { SERVICES } from '../../src/emulator/credentials/tencent.js';
import { DEMO_CREDENTIALS } from '../../src/emulator/demo-credentials.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { signTc3HmacSha256, tc3Authorization } from '../../src/providers/tencent/signer.js';
import type { EmulatorRequest } from '../../src/providers/emulator-api.js';
import { emulatorWithClock, DENIED_ROLE_ARN, ROLE_ARN } from './tencent-context.js';

const DEMO = DEMO_CREDENTIALS.tencent;
let emulator: RunningEmulator;

beforeAll(async () => {
  ({ emulator } = await emulatorWithClock());
});

interface Call {
  action?: string;
  version?: string;
  params: Record<string, unknown>;
  /** Sign with these keys and this scope service; unsigned (Authorization SKIP) when absent. */
  signWith?: { id: string; secret: string; service?: string } | undefined;
  tamper?: boolean;
}

/** POSTs one STS call to the emulator; the `Response` object. */
async function sts(call: Call): Promise<Record<string, any>> {
  const body = JSON.stringify(call.params);
  const timestamp = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-TC-Action': call.action ?? 'AssumeRole',
    'X-TC-Version': call.version ?? '2018-08-13',
    'X-TC-Region': 'ap-guangzhou',
    'X-TC-Timestamp': String(timestamp),
    Authorization: 'SKIP',
  };
  if (call.signWith !== undefined) {
    headers['Authorization'] = tc3Authorization(
      { method: 'POST', hostname: '127.0.0.1', contentType: 'application/json', payload: body, timestamp, service: call.signWith.service ?? 'sts' },
      call.signWith.id,
      call.signWith.secret,
    ).authorization;
  }
  const response = await request(`${emulator.url}/`, { method: 'POST', headers, body: call.tamper ? body.replace('ci', 'cj') : body });
  expect(response.statusCode).toBe(200);
  return ((await response.body.json()) as { Response: Record<string, any> }).Response;
}

const demoSigned = { id: DEMO.accessKeyId, secret: DEMO.accessKeySecret };
const assume = (params: Record<string, unknown>, extra: Partial<Call> = {}): Call => ({ params: { RoleArn: ROLE_ARN, RoleSessionName: 'ci-1', ...params }, signWith: demoSigned, ...extra });
const web = (token: string, params: Record<string, unknown> = {}): Call => ({
  action: 'AssumeRoleWithWebIdentity',
  params: { ProviderId: 'github-actions', WebIdentityToken: token, RoleArn: ROLE_ARN, RoleSessionName: 'gha-1', ...params },
});

describe('tencent-sts', () => {
  it('AssumeRole signed by the demo keys issues temporary keys for the asked duration, counted as one exchange', async () => {
    const before = emulator.exchanges()['tencent-sts'] ?? 0;
    const started = Math.floor(Date.now() / 1000);
    const response = await sts(assume({ DurationSeconds: 900, Policy: encodeURIComponent('{"version":"2.0"}'), ExternalId: 'x' }));
    const finished = Math.floor(Date.now() / 1000);
    expect(response['Credentials'].TmpSecretId).toMatch(/^AKIDtmp/);
    expect(typeof response['Credentials'].TmpSecretKey).toBe('string');
    expect(typeof response['Credentials'].Token).toBe('string');
    expect(response['ExpiredTime'] - started).toBeGreaterThanOrEqual(900);
    expect(response['ExpiredTime'] - finished).toBeLessThanOrEqual(900);
    expect(response['Expiration']).toBe(new Date(response['ExpiredTime'] * 1000).toISOString().replace('.000Z', 'Z'));
    expect(emulator.exchanges()['tencent-sts']).toBe(before + 1);
  });

  it('AssumeRoleWithWebIdentity with a demo OIDC token issues keys for 7200 s by default', async () => {
    const started = Math.floor(Date.now() / 1000);
    const response = await sts(web(emulator.issuer.mintOidcToken()));
    const finished = Math.floor(Date.now() / 1000);
    expect(response['Credentials'].TmpSecretId).toMatch(/^AKIDtmp/);
    expect(response['ExpiredTime'] - started).toBeGreaterThanOrEqual(7200);
    expect(response['ExpiredTime'] - finished).toBeLessThanOrEqual(7200);
  });

  it('accepts AssumeRole signed by issued temporary keys with their token (chained roles)', async () => {
    const first = (await sts(assume({})))['Credentials'];
    const body = JSON.stringify({ RoleArn: ROLE_ARN, RoleSessionName: 'chain' });
    const signed = signedWith(body, first.TmpSecretId, first.TmpSecretKey);
    const chained = await request(`${emulator.url}/`, { method: 'POST', headers: { ...signed, 'X-TC-Token': first.Token }, body });
    expect(((await chained.body.json()) as any).Response.Credentials.TmpSecretId).toMatch(/^AKIDtmp/);
  });

  const expired = new CredentialIssuer(() => new Date(Date.now() - 7_200_000)).mintOidcToken({ ttlSeconds: 3600 });
  const refusals: Array<[string, () => Call, string, RegExp]> = [
    ['a tampered body', () => assume({}, { tamper: true }), 'AuthFailure.SignatureFailure', /could not be validated/],
    ['an unknown SecretId', () => assume({}, { signWith: { id: 'AKIDunknown000000000000000000000000', secret: 'x' } }), 'AuthFailure.SecretIdNotFound', /SecretId is not found/],
    ['a scope service other than sts', () => assume({}, { signWith: { ...demoSigned, service: 'scf' } }), 'AuthFailure.SignatureFailure', /is not sts/],
    ['an unsigned AssumeRole', () => assume({}, { signWith: undefined }), 'AuthFailure.InvalidAuthorization', /not a valid TC3/],
    ['a malformed role ARN', () => assume({ RoleArn: 'qcs::cam::uin/x:roleName/ci' }), 'InvalidParameter.ParamError', /RoleArn is not a valid role ARN/],
    ['a missing role ARN', () => assume({ RoleArn: undefined }), 'MissingParameter', /RoleArn/],
    ['a bad session name', () => assume({ RoleSessionName: 'has space' }), 'InvalidParameter.ParamError', /RoleSessionName/],
    ['a duration over 43200 s', () => assume({ DurationSeconds: 43_201 }), 'InvalidParameter.OverTimeError', /between 1 and 43200/],
    ['a policy that is not URL-encoded JSON', () => assume({ Policy: '{"version":"2.0"}' }), 'InvalidParameter.StrategyFormatError', /URL-encoded/],
    ['the always-refused role', () => assume({ RoleArn: DENIED_ROLE_ARN }), 'UnauthorizedOperation', /trust policy of the role fcinvoke-denied/],
    ['a forged OIDC token', () => web(`${emulator.issuer.mintOidcToken()}x`), 'InvalidParameter.WebIdentityTokenError', /signature is not valid/],
    ['an expired OIDC token', () => web(expired), 'InvalidParameter.WebIdentityTokenError', /has expired/],
    ['a web identity without ProviderId', () => web(emulator.issuer.mintOidcToken(), { ProviderId: undefined }), 'MissingParameter', /ProviderId/],
    ['the refused role, by web identity', () => web(emulator.issuer.mintOidcToken(), { RoleArn: DENIED_ROLE_ARN }), 'UnauthorizedOperation', /fcinvoke-denied/],
    ['an STS action the emulator does not serve', () => ({ action: 'GetFederationToken', params: {}, signWith: demoSigned }), 'UnsupportedOperation', /GetFederationToken/],
  ];
  it.each(refusals)('refuses %s', async (_name, call, code, message) => {
    const response = await sts(call());
    expect(response['Error'].Code).toBe(code);
    expect(response['Error'].Message).toMatch(message);
    expect(response).not.toHaveProperty('Credentials');
    expect(typeof response['RequestId']).toBe('string');
  });

  it('claims only STS actions: SCF InvokeFunction on POST / still reaches SCF, uncounted', async () => {
    const head = (headers: Record<string, string>): EmulatorRequest => ({ method: 'POST', rawUrl: '/', headers, body: Buffer.alloc(0), receivedAt: new Date() });
    const [service] = SERVICES;
    expect(service!.matches(head({ 'x-tc-action': 'AssumeRole', 'x-tc-version': '2018-08-13' }))).toBe(true);
    expect(service!.matches(head({ 'x-tc-action': 'AssumeRole', 'x-tc-version': '2018-04-16', host: 'sts.tencentcloudapi.com' }))).toBe(true);
    expect(service!.matches(head({ 'x-tc-action': 'InvokeFunction', 'x-tc-version': '2018-08-13' }))).toBe(false);
    expect(service!.matches(head({ 'x-tc-action': 'Invoke', 'x-tc-version': '2018-04-16', host: 'sts.tencentcloudapi.com' }))).toBe(false);
    expect(service!.matches(head({ 'x-tc-action': 'AssumeRole', 'x-tc-version': '2018-04-16', host: '127.0.0.1:9000' }))).toBe(false);

    const before = emulator.exchanges()['tencent-sts'];
    const body = JSON.stringify({ FunctionName: 'hello', Event: '{"name":"STS"}' });
    const invoked = signTc3HmacSha256(
      { method: 'POST', url: `${emulator.url}/`, headers: { 'Content-Type': 'application/json', 'X-TC-Action': 'InvokeFunction', 'X-TC-Version': '2018-04-16', 'X-TC-Region': 'ap-guangzhou' }, body: new TextEncoder().encode(body) },
      DEMO,
      { now: new Date(), nonce: 1 },
    );
    const response = await request(invoked.url, { method: 'POST', headers: invoked.headers, body });
    expect(((await response.body.json()) as any).Response.Result.RetMsg).toBe('{"message":"Hello, STS!"}');
    expect(emulator.exchanges()['tencent-sts']).toBe(before);
  });

  it('answers NoSuchVersion for an STS action on sts.* with another version', async () => {
    const response = await request(`${emulator.url}/`, {
      method: 'POST',
      headers: { host: 'sts.tencentcloudapi.com', 'Content-Type': 'application/json', 'X-TC-Action': 'AssumeRole', 'X-TC-Version': '2018-04-16' },
      body: '{}',
    });
    expect(((await response.body.json()) as any).Response.Error.Code).toBe('NoSuchVersion');
  });
});

describe('tencent-metadata', () => {
  const path = '/latest/meta-data/cam/security-credentials/';
  async function get(suffix: string, method = 'GET') {
    const response = await request(`${emulator.url}${path}${suffix}`, { method });
    return { status: response.statusCode, text: await response.body.text() };
  }

  it('lists the demo role, and answers any role name with keys and Code Success', async () => {
    expect(await get('')).toEqual({ status: 200, text: 'fcinvoke-demo-role' });
    for (const role of ['fcinvoke-demo-role', 'another-role']) {
      const { status, text } = await get(role);
      expect(status).toBe(200);
      const body = JSON.parse(text) as Record<string, unknown>;
      expect(body).toMatchObject({ Code: 'Success', TmpSecretId: expect.stringMatching(/^AKIDtmp/) });
      expect(body['Expiration']).toBe(new Date((body['ExpiredTime'] as number) * 1000).toISOString().replace('.000Z', 'Z'));
      expect(emulator.issuer.lookupKey('tencent', body['TmpSecretId'] as string)?.securityToken).toBe(body['Token']);
    }
  });

  it.each([
    ['the refused role', 'fcinvoke-denied', 'GET', 404],
    ['a nested path', 'a/b', 'GET', 404],
    ['a POST', 'fcinvoke-demo-role', 'POST', 405],
  ])('refuses %s', async (_name, suffix, method, status) => {
    expect((await get(suffix, method)).status).toBe(status);
  });
});

function signedWith(body: string, id: string, secret: string): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    'Content-Type': 'application/json',
    'X-TC-Action': 'AssumeRole',
    'X-TC-Version': '2018-08-13',
    'X-TC-Region': 'ap-guangzhou',
    'X-TC-Timestamp': String(timestamp),
    Authorization: tc3Authorization({ method: 'POST', hostname: '127.0.0.1', contentType: 'application/json', payload: body, timestamp, service: 'sts' }, id, secret).authorization,
  };
}
