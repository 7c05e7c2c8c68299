/**
 * The pure parts of the Huawei Cloud / OTC exchanges: exact requests, endpoint choice, answer parsing, and how
 * refusals become CredentialErrors (exit 3, a hint naming the agency or identity provider and its trust policy,
 * no secret or token). Plus the environment source (HUAWEICLOUD_SDK_IDP_ID + HUAWEICLOUD_SDK_ID_TOKEN_FILE).
 */
import { describe, expect, it } from 'vitest';
import { environmentSource } from '../../src/config/sources/huawei.js';
import type { AgencySource, FederatedOidcSource } from '../../src/core/credential-source.js';
import { ConfigError, CredentialError } from '../../src/core/errors.js';
import type { RawResponse } from '../../src/core/http.js';
import {
  buildAgencyRequest,
  buildIdTokenRequest,
  buildTokenSecurityTokenRequest,
  iamOrigin,
  parseCredentialBody,
  parseIamTime,
  parseSecurityToken,
  parseSubjectToken,
} from '../../src/engine/credentials/huawei/iam.js';
import {
  buildMetadataTokenRequest,
  buildSecurityKeyRequest,
  metadataOrigin,
  parseMetadataToken,
  parseSecurityKey,
} from '../../src/engine/credentials/huawei/metadata.js';
import { FAKE, expectNoSecrets } from '../helpers/secrets.js';

const text = (body: Uint8Array) => new TextDecoder().decode(body);
const answer = (status: number, body: unknown, headers: Record<string, string> = {}): RawResponse => ({
  status,
  headers,
  body: new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)),
});
const CREDENTIAL = {
  credential: { access: 'TMPAKEXAMPLE', secret: FAKE.huawei.secret, securitytoken: FAKE.huawei.token, expires_at: '2026-01-08T02:56:19.587000Z' },
};
const FEDERATED: FederatedOidcSource = { kind: 'federated-oidc', cloud: 'huawei', origin: 'HUAWEICLOUD_SDK_IDP_ID', idpId: 'gha', tokenFile: '/t' };
const KEYS = { kind: 'keys', accessKeyId: FAKE.huawei.id, accessKeySecret: FAKE.huawei.secret } as const;
const AGENCY: AgencySource = {
  kind: 'agency',
  cloud: 'otc',
  origin: 'profile ci',
  agencyName: 'deployer',
  domainId: 'd0e1',
  durationSeconds: 3600,
  via: { kind: 'static', cloud: 'otc', origin: 'env', credentials: KEYS },
};

describe('IAM endpoint', () => {
  const cases: Array<[string, Parameters<typeof iamOrigin>, string]> = [
    ['Huawei global', [{ cloud: 'huawei' }, undefined, {}], 'https://iam.myhuaweicloud.com'],
    ['Huawei regional', [{ cloud: 'huawei', region: 'ap-southeast-1' }, undefined, {}], 'https://iam.ap-southeast-1.myhuaweicloud.com'],
    ['OTC default eu-de', [{ cloud: 'otc' }, undefined, {}], 'https://iam.eu-de.otc.t-systems.com'],
    ['OTC eu-nl', [{ cloud: 'otc', region: 'eu-nl' }, undefined, {}], 'https://iam.eu-nl.otc.t-systems.com'],
    ['HUAWEICLOUD_SDK_IAM_ENDPOINT', [{ cloud: 'huawei' }, undefined, { HUAWEICLOUD_SDK_IAM_ENDPOINT: 'https://iam.example/' }], 'https://iam.example'],
    ['not for OTC', [{ cloud: 'otc' }, undefined, { HUAWEICLOUD_SDK_IAM_ENDPOINT: 'https://iam.example' }], 'https://iam.eu-de.otc.t-systems.com'],
    ['the profile file iam_endpoint', [{ cloud: 'huawei', iamEndpoint: 'https://own.example' }, undefined, { HUAWEICLOUD_SDK_IAM_ENDPOINT: 'https://iam.example' }], 'https://own.example'],
    ['FCINVOKE_STS_ENDPOINT wins', [{ cloud: 'huawei', iamEndpoint: 'https://own.example' }, 'http://127.0.0.1:9000', { HUAWEICLOUD_SDK_IAM_ENDPOINT: 'https://iam.example' }], 'http://127.0.0.1:9000'],
  ];
  it.each(cases)('%s', (_name, args, expected) => {
    expect(iamOrigin(...args)).toBe(expected);
  });

  it('metadata: 169.254.169.254 unless FCINVOKE_METADATA_ENDPOINT says otherwise', () => {
    expect(metadataOrigin(undefined)).toBe('http://169.254.169.254');
    expect(metadataOrigin('http://127.0.0.1:9000/otc/')).toBe('http://127.0.0.1:9000/otc');
  });
});

describe('requests, byte for byte', () => {
  it('the id token for an unscoped IAM token, as the SDK sends it', () => {
    const request = buildIdTokenRequest('https://iam.myhuaweicloud.com', 'idp/1', 'eyJ.jwt.sig');
    expect(request).toMatchObject({
      method: 'POST',
      url: 'https://iam.myhuaweicloud.com/v3/OS-FEDERATION/identity_providers/idp%2F1/protocols/oidc/auth',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer eyJ.jwt.sig' },
    });
    expect(text(request.body)).toBe('{}');
  });

  it('the IAM token for temporary keys (method token)', () => {
    const request = buildTokenSecurityTokenRequest('https://iam.myhuaweicloud.com', 'IAMTOKEN', 21600);
    expect(request.url).toBe('https://iam.myhuaweicloud.com/v3.0/OS-CREDENTIAL/securitytokens');
    expect(request.headers).toEqual({ 'Content-Type': 'application/json', 'X-Auth-Token': 'IAMTOKEN' });
    expect(text(request.body)).toBe('{"auth":{"identity":{"methods":["token"],"token":{"duration_seconds":21600}}}}');
  });

  it('the agency assumption, signed SDK-HMAC-SHA256 with the host of the origin it goes to', () => {
    const request = buildAgencyRequest('http://127.0.0.1:9000', AGENCY, KEYS, { now: new Date('2026-03-01T12:00:00Z'), nonce: 1 });
    expect(text(request.body)).toBe(
      '{"auth":{"identity":{"methods":["assume_role"],"assume_role":{"domain_id":"d0e1","agency_name":"deployer","duration_seconds":3600}}}}',
    );
    expect(request.headers).toMatchObject({ host: '127.0.0.1:9000', 'X-Sdk-Date': '20260301T120000Z' });
    expect(request.headers['Authorization']).toMatch(
      new RegExp(`^SDK-HMAC-SHA256 Access=${FAKE.huawei.id}, SignedHeaders=content-type;host;x-sdk-date, Signature=[0-9a-f]{64}$`),
    );
    const byName = buildAgencyRequest('http://x', { ...AGENCY, domainId: undefined, domainName: 'acme', durationSeconds: undefined }, KEYS, { now: new Date(0), nonce: 1 });
    expect(text(byName.body)).toBe('{"auth":{"identity":{"methods":["assume_role"],"assume_role":{"domain_name":"acme","agency_name":"deployer"}}}}');
  });

  it('the agency assumption with an IAM token: X-Auth-Token, no signature', () => {
    const request = buildAgencyRequest('https://iam.eu-de.otc.t-systems.com', AGENCY, { kind: 'token', token: 'IAMTOKEN' }, { now: new Date(0), nonce: 1 });
    expect(request.headers).toEqual({ 'Content-Type': 'application/json', 'X-Auth-Token': 'IAMTOKEN' });
    expect(request.url).toBe('https://iam.eu-de.otc.t-systems.com/v3.0/OS-CREDENTIAL/securitytokens');
  });

  it('the metadata session token, then the security key with it', () => {
    expect(buildMetadataTokenRequest('http://169.254.169.254')).toMatchObject({
      method: 'PUT',
      url: 'http://169.254.169.254/meta-data/latest/api/token',
      headers: { 'X-Metadata-Token-Ttl-Seconds': '21600' },
    });
    expect(buildSecurityKeyRequest('http://169.254.169.254', 'S')).toMatchObject({
      method: 'GET',
      url: 'http://169.254.169.254/openstack/latest/securitykey',
      headers: { 'X-Metadata-Token': 'S' },
    });
    expect(buildSecurityKeyRequest('http://m', null).headers).toEqual({});
  });
});

describe('answers', () => {
  it('reads the credential and IAM microsecond expiry', () => {
    expect(parseCredentialBody(answer(201, CREDENTIAL).body)).toEqual({
      kind: 'keys',
      accessKeyId: 'TMPAKEXAMPLE',
      accessKeySecret: FAKE.huawei.secret,
      securityToken: FAKE.huawei.token,
      expiresAt: new Date('2026-01-08T02:56:19.587Z'),
    });
    expect(parseIamTime('2026-01-08T02:56:19Z')).toEqual(new Date('2026-01-08T02:56:19Z'));
    expect(parseIamTime('2026-01-08T10:56:19.5+08:00')).toEqual(new Date('2026-01-08T02:56:19.500Z'));
    expect(parseIamTime('tomorrow')).toBeUndefined();
  });

  const incomplete: Array<[string, unknown]> = [
    ['no credential', { token: {} }],
    ['no security token', { credential: { ...CREDENTIAL.credential, securitytoken: '' } }],
    ['an unreadable expiry', { credential: { ...CREDENTIAL.credential, expires_at: 'soon' } }],
    ['not JSON', `secret=${FAKE.huawei.secret}`],
  ];
  it.each(incomplete)('refuses an answer with %s (exit 3), quoting none of it', (_name, body) => {
    const error = catchError(() => parseSecurityToken(answer(201, body), 'huawei', 'agency x', 'hint', []));
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe('Huawei Cloud IAM answered agency x without a credential (access, secret, securitytoken, expires_at)');
    expectNoSecrets(error.message);
  });

  it('takes the unscoped token from X-Subject-Token', () => {
    expect(parseSubjectToken(answer(201, {}, { 'x-subject-token': 'T' }), 'huawei', FEDERATED, [])).toBe('T');
  });

  const refusals: Array<[string, RawResponse, string]> = [
    ['a keystone error', answer(401, { error: { code: 401, message: 'The OIDC id token was refused.', title: 'Unauthorized' } }), '(HTTP 401, 401: The OIDC id token was refused.)'],
    ['a gateway error', answer(401, { error_code: 'APIGW.0301', error_msg: 'verify aksk signature fail' }), '(HTTP 401, APIGW.0301: verify aksk signature fail)'],
    ['an empty body', answer(500, ''), '(HTTP 500)'],
    ['a 201 without the header', answer(201, {}), '(HTTP 201)'],
  ];
  it.each(refusals)('a federated refusal from %s is exit 3 naming the identity provider and its trust', (_name, response, detail) => {
    const error = catchError(() => parseSubjectToken(response, 'huawei', FEDERATED, []));
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe(`Huawei Cloud IAM refused the OIDC token of /t for identity provider gha ${detail}`);
    expect(error.hint).toContain('identity provider gha in Huawei Cloud IAM');
    expect(error.hint).toContain('trust policy');
  });

  it('masks secrets that the IAM echoes', () => {
    const response = answer(403, { error: { code: 403, message: `token ${FAKE.huawei.token} key ${FAKE.huawei.secret} refused` } });
    const error = catchError(() => parseSecurityToken(response, 'otc', 'agency deployer', 'h', [FAKE.huawei.token, FAKE.huawei.secret]));
    expect(error.message).toBe('Open Telekom Cloud IAM refused agency deployer (HTTP 403, 403: token *** key *** refused)');
    expectNoSecrets(error.message);
  });

  const metadata: Array<[string, RawResponse, RegExp]> = [
    ['no agency', answer(401, 'Please configure Cloud Service Agency first'), /\(HTTP 401, this ECS has no agency\)/],
    ['a refused session token', answer(401, 'bad token S3CRET'), /\(HTTP 401, bad token \*\*\*\)/],
  ];
  it.each(metadata)('a metadata refusal: %s', (_name, response, message) => {
    const error = catchError(() => parseSecurityKey(response, 'S3CRET'));
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(message);
    expect(error.hint).toContain('cloud service agency');
  });

  it('a metadata service without session tokens (404, 405) is read without one; other refusals stop', () => {
    expect(parseMetadataToken(answer(200, 'S\n'))).toBe('S');
    expect(parseMetadataToken(answer(404, ''))).toBeNull();
    expect(parseMetadataToken(answer(405, ''))).toBeNull();
    expect(catchError(() => parseMetadataToken(answer(403, 'no'))).exitCode).toBe(3);
    expect(parseSecurityKey(answer(200, CREDENTIAL), null).expiresAt).toEqual(new Date('2026-01-08T02:56:19.587Z'));
  });
});

describe('environment source', () => {
  const both = { HUAWEICLOUD_SDK_IDP_ID: 'gha', HUAWEICLOUD_SDK_ID_TOKEN_FILE: '/run/token' };
  it('reads the SDK variables as federated OIDC for Huawei Cloud', () => {
    expect(
      environmentSource({ ...both, HUAWEICLOUD_SDK_PROJECT_ID: 'p1', HUAWEICLOUD_SDK_REGION_ID: 'cn-north-4', HUAWEICLOUD_SDK_IAM_ENDPOINT: 'https://iam.x' }),
    ).toEqual({
      kind: 'federated-oidc',
      cloud: 'huawei',
      origin: 'HUAWEICLOUD_SDK_IDP_ID and HUAWEICLOUD_SDK_ID_TOKEN_FILE',
      idpId: 'gha',
      tokenFile: '/run/token',
      projectId: 'p1',
      region: 'cn-north-4',
      iamEndpoint: 'https://iam.x',
    });
  });

  it('names none without the variables, and none for the Open Telekom Cloud', () => {
    expect(environmentSource({ HUAWEICLOUD_SDK_AK: FAKE.huawei.id })).toBeUndefined();
    expect(environmentSource(both, 'otc')).toBeUndefined();
  });

  const partial: Array<[Record<string, string>, string]> = [
    [{ HUAWEICLOUD_SDK_IDP_ID: 'gha' }, 'HUAWEICLOUD_SDK_IDP_ID is set but HUAWEICLOUD_SDK_ID_TOKEN_FILE is not: federated OIDC needs both'],
    [{ HUAWEICLOUD_SDK_ID_TOKEN_FILE: '/t', HUAWEICLOUD_SDK_IDP_ID: ' ' }, 'HUAWEICLOUD_SDK_ID_TOKEN_FILE is set but HUAWEICLOUD_SDK_IDP_ID is not: federated OIDC needs both'],
  ];
  it.each(partial)('half of the pair is a ConfigError naming the missing one (%o)', (env, message) => {
    const error = catchError(() => environmentSource(env));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(message);
  });
});

function catchError(run: () => unknown): ConfigError | CredentialError {
  try {
    run();
  } catch (error) {
    expect(error instanceof ConfigError || error instanceof CredentialError).toBe(true);
    return error as ConfigError | CredentialError;
  }
  throw new Error('expected an error');
}
