/** The Alibaba Cloud exchanges' pure parts: endpoints, request bytes, answers and refusals, the environment source. */
import { describe, expect, it } from 'vitest';
import { environmentSource } from '../../src/config/sources/aliyun.js';
import type { AssumeRoleSource, ProcessSource, WebIdentitySource } from '../../src/core/credential-source.js';
import { ConfigError, CredentialError, type FcinvokeError } from '../../src/core/errors.js';
import type { RawResponse } from '../../src/core/http.js';
import { parseExternalOutput } from '../../src/engine/credentials/aliyun/external.js';
import {
  buildMetadataTokenRequest,
  buildSecurityCredentialsRequest,
  metadataOrigin,
  parseRoleList,
  parseSecurityCredentials,
} from '../../src/engine/credentials/aliyun/metadata.js';
import { rpcCanonicalQuery, rpcStringToSign, rpcTimestamp } from '../../src/engine/credentials/aliyun/rpc.js';
import {
  buildAssumeRoleRequest,
  buildAssumeRoleWithOidcRequest,
  parseStsResponse,
  sessionParameters,
  stsOrigin,
} from '../../src/engine/credentials/aliyun/sts.js';
import { FAKE, expectNoSecrets } from '../helpers/secrets.js';

const ROLE = 'acs:ram::1234567890123456:role/ci';
const PROVIDER = 'acs:ram::1234567890123456:oidc-provider/github';
const NOW = new Date('2026-01-02T03:04:05.678Z');
const keys = { kind: 'keys' as const, accessKeyId: FAKE.aliyun.id, accessKeySecret: FAKE.aliyun.secret };
const assume: AssumeRoleSource = {
  kind: 'assume-role',
  cloud: 'aliyun',
  origin: 'profile ci',
  roleArn: ROLE,
  sessionName: 'ci-run',
  durationSeconds: 900,
  externalId: 'ext 1',
  policy: '{"Version":"1"}',
  via: { kind: 'static', cloud: 'aliyun', origin: 'ALIBABA_CLOUD_ACCESS_KEY_ID', credentials: keys },
};
const oidc: WebIdentitySource = {
  kind: 'web-identity',
  cloud: 'aliyun',
  origin: 'ALIBABA_CLOUD_ROLE_ARN',
  roleArn: ROLE,
  providerId: PROVIDER,
  tokenFile: '/tmp/token',
};
const call = { action: 'AssumeRole' as const, roleArn: ROLE, principal: 'the keys from profile ci' };

function answer(status: number, body: unknown): RawResponse {
  return { status, headers: {}, body: new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)) };
}

function caught(run: () => unknown): FcinvokeError {
  try {
    run();
  } catch (error) {
    return error as FcinvokeError;
  }
  throw new Error('expected a throw');
}

describe('STS endpoint', () => {
  it.each([
    [undefined, {}, undefined, 'https://sts.aliyuncs.com'],
    ['cn-shanghai', {}, undefined, 'https://sts.cn-shanghai.aliyuncs.com'],
    [undefined, { ALIBABA_CLOUD_STS_REGION: 'cn-beijing' }, undefined, 'https://sts.cn-beijing.aliyuncs.com'],
    ['cn-beijing', { ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED: 'TRUE' }, undefined, 'https://sts-vpc.cn-beijing.aliyuncs.com'],
    ['cn-beijing', {}, 'http://127.0.0.1:8080/ignored/path', 'http://127.0.0.1:8080'],
  ])('region %s, env %j, override %s → %s', (region, env, stsEndpoint, expected) => {
    expect(stsOrigin(region, { env, stsEndpoint })).toBe(expected);
  });

  it('refuses an override that is not an http(s) URL and a region that is not an id (exit 2)', () => {
    for (const run of [
      () => stsOrigin(undefined, { env: {}, stsEndpoint: 'ftp://x' }),
      () => stsOrigin(undefined, { env: {}, stsEndpoint: 'not a url' }),
      () => stsOrigin('cn/../x', { env: {}, stsEndpoint: undefined }),
    ]) {
      expect(caught(run)).toBeInstanceOf(ConfigError);
    }
  });
});

describe('AssumeRole request', () => {
  const stamp = { timestamp: rpcTimestamp(NOW), nonce: 'nonce-1' };
  const session = sessionParameters(assume, NOW);
  const request = buildAssumeRoleRequest(assume, { ...keys, securityToken: FAKE.aliyun.token }, stamp, 'http://127.0.0.1:1', session);

  it('is a POST with the common parameters in the query and the role in the form body, as the SDK sends it', () => {
    expect(stamp.timestamp).toBe('2026-01-02T03:04:05Z');
    const url = new URL(request.url);
    expect([...url.searchParams.keys()]).toEqual([
      'Version', 'Action', 'Format', 'Timestamp', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'AccessKeyId', 'SecurityToken', 'Signature',
    ]);
    expect(url.searchParams.get('SecurityToken')).toBe(FAKE.aliyun.token);
    expect(new TextDecoder().decode(request.body)).toBe(
      `RoleArn=acs%3Aram%3A%3A1234567890123456%3Arole%2Fci&Policy=%7B%22Version%22%3A%221%22%7D&ExternalId=ext%201&RoleSessionName=ci-run&DurationSeconds=900`,
    );
    expect(request.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
  });

  it('signs every parameter of query and body, sorted and encoded twice', () => {
    const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([name]) => name !== 'Signature'));
    const form = Object.fromEntries(new URLSearchParams(new TextDecoder().decode(request.body)));
    expect(rpcCanonicalQuery({ b: 'x y', a: '*' })).toBe('a=%2A&b=x%20y');
    expect(rpcStringToSign('post', { b: 'x y', a: '*' })).toBe('POST&%2F&a%3D%252A%26b%3Dx%2520y');
    expect(rpcStringToSign('POST', { ...params, ...form })).toMatch(
      /^POST&%2F&AccessKeyId%3DLTAI5tFAKEfcinvoke000001%26Action%3DAssumeRole%26DurationSeconds%3D900%26ExternalId%3Dext%25201%26Format%3DJSON%26Policy%3D%257B%2522Version%2522%253A%25221%2522%257D%26RoleArn%3Dacs%253Aram%253A%253A1234567890123456%253Arole%252Fci%26RoleSessionName%3Dci-run%26SecurityToken%3D/,
    );
    expectNoSecrets(request.url, new TextDecoder().decode(request.body).replace(FAKE.aliyun.token, ''));
  });

  it('AssumeRoleWithOIDC is unsigned and carries the token in the body', () => {
    const unsigned = buildAssumeRoleWithOidcRequest(oidc, 'e.y.j', stamp.timestamp, 'https://sts.aliyuncs.com', sessionParameters(oidc, NOW));
    expect(unsigned.url).toBe('https://sts.aliyuncs.com/?Version=2015-04-01&Action=AssumeRoleWithOIDC&Format=JSON&Timestamp=2026-01-02T03%3A04%3A05Z');
    expect(new TextDecoder().decode(unsigned.body)).toBe(
      `OIDCProviderArn=${encodeURIComponent(PROVIDER)}&OIDCToken=e.y.j&RoleArn=${encodeURIComponent(ROLE)}&RoleSessionName=fcinvoke-1767323045&DurationSeconds=3600`,
    );
  });

  it.each([
    [{ durationSeconds: 899 }, 'duration 899 s is out of range: Alibaba STS accepts 900 to 43200 seconds'],
    [{ durationSeconds: 43_201 }, 'duration 43201 s is out of range'],
    [{ sessionName: 'a' }, 'session name "a" must be 2 to 64 letters'],
    [{ sessionName: 'has space' }, 'session name "has space" must be'],
  ])('refuses %j before sending (exit 2, naming where it was set)', (change, message) => {
    const error = caught(() => sessionParameters({ ...assume, ...change }, NOW));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('profile ci: ');
    expect(error.message).toContain(message);
  });

  it('takes the OIDC session name from ALIBABA_CLOUD_ROLE_SESSION_NAME when the source has none', () => {
    expect(sessionParameters(oidc, NOW, { ALIBABA_CLOUD_ROLE_SESSION_NAME: 'gha-42' }).RoleSessionName).toBe('gha-42');
  });
});

describe('STS answers', () => {
  it('reads the temporary keys and their expiry', () => {
    const credentials = { AccessKeyId: 'STS.x', AccessKeySecret: 'sec', SecurityToken: 'tok', Expiration: '2026-01-02T04:04:05Z' };
    expect(parseStsResponse(answer(200, { RequestId: 'r', Credentials: credentials }), call)).toEqual({
      kind: 'keys', accessKeyId: 'STS.x', accessKeySecret: 'sec', securityToken: 'tok', expiresAt: new Date('2026-01-02T04:04:05Z'),
    });
  });

  it.each([
    ['NoPermission', 403, 'trust policy lets the keys from profile ci assume it'],
    ['EntityNotExist.Role', 404, 'trust policy'],
    ['InvalidAccessKeyId.NotFound', 404, 'the signing keys were not accepted: check the keys from profile ci'],
    ['SignatureDoesNotMatch', 400, 'the signing keys were not accepted'],
    ['InvalidParameter.RoleArn', 400, 'acs:ram::<account id>:role/<name>'],
    ['AuthenticationFail.OIDCToken.Expired', 400, 'the OIDC token was not accepted'],
  ])('maps %s to exit 3 naming the role, with a hint, never the server message', (code, status, hint) => {
    const message = `Specified signature is not matched with our calculation. server string to sign is:POST&%2F&SecurityToken%3D${FAKE.aliyun.token}`;
    const error = caught(() => parseStsResponse(answer(status, { RequestId: 'ABC-1', Code: code, Message: message }), call));
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe(`Alibaba STS refused AssumeRole for ${ROLE}: ${code} (HTTP ${status}, request id ABC-1)`);
    expect(error.hint).toContain(hint);
    expectNoSecrets(error.message, String(error.hint));
  });

  it.each([
    [502, '<html>bad gateway</html>'],
    [200, { Credentials: { AccessKeyId: 'STS.x', AccessKeySecret: 'sec', SecurityToken: 'tok', Expiration: 'soon' } }],
    [200, { Credentials: { AccessKeyId: 'STS.x' } }],
    [400, { Code: `Bad code with ${FAKE.aliyun.secret}` }],
  ])('an answer without usable credentials (%s) is exit 3 and quotes nothing', (status, body) => {
    const error = caught(() => parseStsResponse(answer(status, body), call));
    expect(error.exitCode).toBe(3);
    expect(error.hint).toContain(ROLE);
    expectNoSecrets(error.message);
  });
});

describe('ECS metadata and credentials URI', () => {
  it('builds the hardened requests against 100.100.100.200 or FCINVOKE_METADATA_ENDPOINT', () => {
    expect(metadataOrigin({ metadataEndpoint: undefined })).toBe('http://100.100.100.200');
    expect(metadataOrigin({ metadataEndpoint: 'http://127.0.0.1:9/x' })).toBe('http://127.0.0.1:9');
    expect(buildMetadataTokenRequest('http://h')).toMatchObject({
      method: 'PUT', url: 'http://h/latest/api/token', headers: { 'X-aliyun-ecs-metadata-token-ttl-seconds': '21600' },
    });
    expect(buildSecurityCredentialsRequest('http://h', 'my role', 't')).toMatchObject({
      method: 'GET', url: 'http://h/latest/meta-data/ram/security-credentials/my%20role', headers: { 'X-aliyun-ecs-metadata-token': 't' },
    });
    expect(buildSecurityCredentialsRequest('http://h', undefined, undefined).headers).toEqual({});
  });

  it('reads the role list, and says when the instance has no role (exit 3, hint to attach one)', () => {
    expect(parseRoleList(answer(200, 'web-role\n'))).toBe('web-role');
    for (const none of [answer(404, 'Not Found'), answer(200, '')]) {
      const error = caught(() => parseRoleList(none));
      expect(error.exitCode).toBe(3);
      expect(error.hint).toContain('attach a RAM role');
    }
  });

  it('reads {Code: Success, …} and refuses anything else without quoting it', () => {
    const what = { service: 'svc', hint: 'h' };
    const body = { Code: 'Success', AccessKeyId: 'STS.a', AccessKeySecret: 's', SecurityToken: 't', Expiration: '2026-01-02T09:00:00Z' };
    expect(parseSecurityCredentials(answer(200, body), what)).toEqual({
      kind: 'keys', accessKeyId: 'STS.a', accessKeySecret: 's', securityToken: 't', expiresAt: new Date('2026-01-02T09:00:00Z'),
    });
    expect(parseSecurityCredentials(answer(200, { AccessKeyId: 'a', AccessKeySecret: 's' }), what).expiresAt).toBeUndefined();
    for (const bad of [
      answer(200, { ...body, Code: 'Failed', Message: FAKE.aliyun.secret }),
      answer(500, body),
      answer(200, { ...body, Expiration: 'never' }),
      answer(200, { Code: 'Success', AccessKeySecret: FAKE.aliyun.secret }),
    ]) {
      const error = caught(() => parseSecurityCredentials(bad, what));
      expect(error.exitCode).toBe(3);
      expectNoSecrets(error.message);
    }
  });
});

describe('External process output', () => {
  const source: ProcessSource = { kind: 'process', cloud: 'aliyun', origin: '~/.aliyun/config.json profile ext', command: 'x' };

  it('reads AK and StsToken output as the aliyun CLI prints it', () => {
    const ak = { mode: 'AK', access_key_id: FAKE.aliyun.id, access_key_secret: FAKE.aliyun.secret };
    expect(parseExternalOutput(JSON.stringify(ak), source)).toEqual({ ...keys, expiresAt: undefined });
    const sts = { mode: 'StsToken', access_key_id: 'STS.a', access_key_secret: 's', sts_token: 't', expiration: '2026-01-02T09:00:00Z' };
    expect(parseExternalOutput(JSON.stringify(sts), source)).toMatchObject({ securityToken: 't', expiresAt: new Date('2026-01-02T09:00:00Z') });
  });

  it.each([
    [`not json ${FAKE.aliyun.secret}`, 'did not print JSON'],
    [`[1]`, 'did not print a JSON object'],
    [JSON.stringify({ access_key_secret: FAKE.aliyun.secret }), 'printed no access_key_id or access_key_secret'],
    [JSON.stringify({ mode: 'StsToken', access_key_id: 'a', access_key_secret: FAKE.aliyun.secret }), 'printed mode StsToken without sts_token'],
    [JSON.stringify({ mode: 'RamRoleArn', access_key_id: 'a', access_key_secret: 'b' }), 'printed a mode other than AK or StsToken'],
  ])('refuses unusable output %#: exit 2, the output never quoted', (stdout, message) => {
    const error = caught(() => parseExternalOutput(stdout, source));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(`~/.aliyun/config.json profile ext: the credential process ${message}`);
    expectNoSecrets(error.message, String(error.hint));
  });
});

describe('environment source', () => {
  const all = { ALIBABA_CLOUD_ROLE_ARN: ROLE, ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER, ALIBABA_CLOUD_OIDC_TOKEN_FILE: '/t' };

  it.each([
    [{}, undefined],
    [{ ...all, ALIBABA_CLOUD_ROLE_SESSION_NAME: 'gha', ALIBABA_CLOUD_STS_REGION: 'cn-shanghai', ALIBABA_CLOUD_ECS_METADATA: 'r' },
      { kind: 'web-identity', roleArn: ROLE, providerId: PROVIDER, tokenFile: '/t', sessionName: 'gha', region: 'cn-shanghai' }],
    [{ ALIBABA_CLOUD_ECS_METADATA: 'web', ALIBABA_CLOUD_CREDENTIALS_URI: 'http://x' }, { kind: 'instance', roleName: 'web', origin: 'ALIBABA_CLOUD_ECS_METADATA' }],
    [{ ALIBABA_CLOUD_ECS_METADATA: 'web', ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' }, undefined],
    [{ ALIBABA_CLOUD_CREDENTIALS_URI: 'http://x' }, { kind: 'uri', url: 'http://x', origin: 'ALIBABA_CLOUD_CREDENTIALS_URI' }],
  ])('%j → %j', (env, expected) => {
    const found = environmentSource(env);
    if (expected === undefined) expect(found).toBeUndefined();
    else expect(found).toMatchObject({ cloud: 'aliyun', ...expected });
  });

  it.each([
    [{ ALIBABA_CLOUD_ROLE_ARN: ROLE }, 'ALIBABA_CLOUD_ROLE_ARN is set but ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE are not'],
    [{ ...all, ALIBABA_CLOUD_OIDC_TOKEN_FILE: '' }, 'ALIBABA_CLOUD_ROLE_ARN and ALIBABA_CLOUD_OIDC_PROVIDER_ARN are set but ALIBABA_CLOUD_OIDC_TOKEN_FILE is not'],
  ])('a partial OIDC set is a ConfigError naming what is missing', (env, message) => {
    const error = caught(() => environmentSource(env));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(message);
  });
});
