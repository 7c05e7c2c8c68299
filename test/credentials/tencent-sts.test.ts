/**
 * The Tencent exchanges' pure parts: the STS request bytes, the CVM metadata requests, the answer parsers and the
 * error mapping (2 config, 3 refused with a hint naming the role and its trust policy, 4 unreachable), and the
 * TKE_* environment source. No secret or token in any message or hint.
 */
import { describe, expect, it } from 'vitest';
import { environmentSource } from '../../src/config/sources/tencent.js';
import type { ExchangeSource } from '../../src/core/credential-source.js';
import { ConfigError, CredentialError, FcinvokeError } from '../../src/core/errors.js';
import type { HttpRequest, RawResponse } from '../../src/core/http.js';
import { exchange } from '../../src/engine/credentials/tencent/index.js';
import {
  metadataOrigin,
  metadataRequest,
  parseRoleCredentials,
  parseRoleList,
} from '../../src/engine/credentials/tencent/metadata.js';
import {
  assumeRoleParameters,
  buildStsRequest,
  defaultSessionName,
  parseStsResponse,
  signStsRequest,
  stsOrigin,
  unsignedStsRequest,
  webIdentityParameters,
  type StsAnswerContext,
} from '../../src/engine/credentials/tencent/sts.js';
import { TransportError } from '../../src/transport/http.js';
import { expectNoSecrets, FAKE } from '../helpers/secrets.js';
import { assumeRoleSource, instanceSource, realContext, ROLE_ARN, STATIC_VIA, webIdentitySource } from './tencent-context.js';

const AT = new Date(1_700_000_000_000); // 2023-11-14T22:13:20Z
const OIDC_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaSJ9.FAKEoidcSIGNATURE';
const TEXT = new TextDecoder();

function answer(body: unknown, status = 200): RawResponse {
  return { status, headers: {}, body: new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)) };
}

/** The error a call throws (fails the test if it returns or throws something that is not ours). */
function thrown(call: () => unknown): FcinvokeError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(FcinvokeError);
    return error as FcinvokeError;
  }
  throw new Error('expected an error');
}

async function rejected(promise: Promise<unknown>): Promise<FcinvokeError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(FcinvokeError);
  return error as FcinvokeError;
}

describe('STS AssumeRole request', () => {
  const source = assumeRoleSource({
    sessionName: 'nightly',
    durationSeconds: 900,
    policy: '{"version":"2.0","statement":[{"effect":"allow","action":["scf:InvokeFunction"],"resource":["*"]}]}',
    externalId: 'ext-42',
    region: 'ap-shanghai',
  });

  it('is POST / on the regional endpoint with the JSON body, the URL-encoded policy and the X-TC headers', () => {
    const request = buildStsRequest('AssumeRole', assumeRoleParameters(source, AT), { origin: stsOrigin('ap-shanghai', undefined), region: 'ap-shanghai' });
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://sts.ap-shanghai.tencentcloudapi.com/');
    expect(request.headers).toEqual({
      'Content-Type': 'application/json',
      'X-TC-Action': 'AssumeRole',
      'X-TC-Version': '2018-08-13',
      'X-TC-Region': 'ap-shanghai',
    });
    expect(TEXT.decode(request.body)).toBe(
      `{"RoleArn":"${ROLE_ARN}","RoleSessionName":"nightly","DurationSeconds":900,` +
        '"Policy":"%7B%22version%22%3A%222.0%22%2C%22statement%22%3A%5B%7B%22effect%22%3A%22allow%22%2C%22action%22%3A%5B%22scf%3AInvokeFunction%22%5D%2C%22resource%22%3A%5B%22*%22%5D%7D%5D%7D",' +
        '"ExternalId":"ext-42"}',
    );
  });

  it('is signed TC3 with scope service sts and the signing keys; X-TC-Token only for temporary keys', () => {
    const unsigned = buildStsRequest('AssumeRole', assumeRoleParameters(source, AT), { origin: 'https://sts.tencentcloudapi.com', region: undefined });
    const signed = signStsRequest(unsigned, STATIC_VIA.credentials, AT);
    expect(signed.headers['X-TC-Region']).toBe('ap-guangzhou');
    expect(signed.headers['X-TC-Timestamp']).toBe('1700000000');
    expect(signed.headers['Authorization']).toMatch(
      new RegExp(`^TC3-HMAC-SHA256 Credential=${FAKE.tencent.id}/2023-11-14/sts/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$`),
    );
    expect(signed.headers).not.toHaveProperty('X-TC-Token');
    const chained = signStsRequest(unsigned, { ...STATIC_VIA.credentials, securityToken: FAKE.tencent.token }, AT);
    expect(chained.headers['X-TC-Token']).toBe(FAKE.tencent.token);
    expect(chained.headers['Authorization']).toBe(signed.headers['Authorization']);
  });

  it('sends only what is set, with the default session name fcinvoke-<unix seconds>', () => {
    expect(assumeRoleParameters(assumeRoleSource(), AT)).toEqual({ RoleArn: ROLE_ARN, RoleSessionName: 'fcinvoke-1700000000' });
    expect(defaultSessionName(AT)).toBe('fcinvoke-1700000000');
  });

  it.each([
    [undefined, undefined, 'https://sts.tencentcloudapi.com'],
    ['ap-singapore', undefined, 'https://sts.ap-singapore.tencentcloudapi.com'],
    ['ap-singapore', 'http://127.0.0.1:9000/', 'http://127.0.0.1:9000'],
  ])('calls STS for region %s with FCINVOKE_STS_ENDPOINT %s at %s', (region, override, origin) => {
    expect(stsOrigin(region, override)).toBe(origin);
  });
});

describe('STS AssumeRoleWithWebIdentity request', () => {
  it('is not signed (Authorization: SKIP, as the SDK sends it) and carries ProviderId and the token', () => {
    const source = webIdentitySource('/tmp/token', { sessionName: 'gha-1', durationSeconds: 3600, region: 'ap-beijing' });
    const request = unsignedStsRequest(
      buildStsRequest('AssumeRoleWithWebIdentity', webIdentityParameters(source, OIDC_TOKEN, AT), { origin: stsOrigin(undefined, undefined), region: 'ap-beijing' }),
      AT,
    );
    expect(request.headers).toEqual({
      'Content-Type': 'application/json',
      'X-TC-Action': 'AssumeRoleWithWebIdentity',
      'X-TC-Version': '2018-08-13',
      'X-TC-Region': 'ap-beijing',
      'X-TC-Timestamp': '1700000000',
      Authorization: 'SKIP',
    });
    expect(TEXT.decode(request.body)).toBe(
      `{"ProviderId":"github-actions","WebIdentityToken":"${OIDC_TOKEN}","RoleArn":"${ROLE_ARN}","RoleSessionName":"gha-1","DurationSeconds":3600}`,
    );
  });
});

describe('bad settings are config errors (exit 2) naming where they came from, sending nothing', () => {
  const cases: Array<[string, () => unknown, string]> = [
    ['a role that is not a Tencent ARN', () => assumeRoleParameters(assumeRoleSource({ roleArn: 'acs:ram::1:role/x' }), AT), 'is not a Tencent role ARN'],
    ['a one-character session name', () => assumeRoleParameters(assumeRoleSource({ sessionName: 'a' }), AT), 'session name must be 2 to 128'],
    ['a session name with a space', () => assumeRoleParameters(assumeRoleSource({ sessionName: 'my session' }), AT), 'session name must be 2 to 128'],
    ['a zero duration', () => assumeRoleParameters(assumeRoleSource({ durationSeconds: 0 }), AT), 'from 1 to 43200'],
    ['a duration over 12 hours', () => assumeRoleParameters(assumeRoleSource({ durationSeconds: 43_201 }), AT), 'from 1 to 43200'],
    ['a fractional duration', () => assumeRoleParameters(assumeRoleSource({ durationSeconds: 1.5 }), AT), 'from 1 to 43200'],
    ['a policy that is not JSON', () => assumeRoleParameters(assumeRoleSource({ policy: '{version' }), AT), 'policy is not valid JSON'],
    ['a session policy on web identity', () => webIdentityParameters(webIdentitySource('/t', { policy: '{}' }), OIDC_TOKEN, AT), 'takes no session policy'],
    ['an FCINVOKE_STS_ENDPOINT that is not a URL', () => stsOrigin(undefined, 'sts.local:9000'), 'FCINVOKE_STS_ENDPOINT'],
    ['an FCINVOKE_METADATA_ENDPOINT that is not http', () => metadataOrigin('ftp://127.0.0.1'), 'FCINVOKE_METADATA_ENDPOINT must be an http or https URL'],
    ['an empty provider id', () => webIdentityParameters(webIdentitySource('/t', { providerId: '' }), OIDC_TOKEN, AT), 'ProviderId'],
  ];
  it.each(cases)('%s', (_name, call, words) => {
    const error = thrown(call);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(words);
    expect(error.message).toMatch(/^(profile ci|TKE_ROLE_ARN|FCINVOKE_)/);
    expectNoSecrets(error.message, String(error.hint));
    expect(error.message).not.toContain(OIDC_TOKEN);
  });
});

describe('STS answers', () => {
  const assume: StsAnswerContext = { action: 'AssumeRole', roleArn: ROLE_ARN, caller: 'profile ci (fcinvoke.yaml)', secrets: [FAKE.tencent.secret, FAKE.tencent.token] };
  const web: StsAnswerContext = { action: 'AssumeRoleWithWebIdentity', roleArn: ROLE_ARN, caller: 'github-actions', secrets: [OIDC_TOKEN] };
  const credentials = { Token: 'TMPtoken', TmpSecretId: 'AKIDtmp', TmpSecretKey: 'TMPsecret' };

  it('give temporary keys expiring at ExpiredTime, else at Expiration', () => {
    expect(parseStsResponse(answer({ Response: { Credentials: credentials, ExpiredTime: 1_700_007_200, Expiration: '2000-01-01T00:00:00Z', RequestId: 'r' } }), assume)).toEqual({
      kind: 'keys',
      accessKeyId: 'AKIDtmp',
      accessKeySecret: 'TMPsecret',
      securityToken: 'TMPtoken',
      expiresAt: new Date(1_700_007_200_000),
    });
    expect(parseStsResponse(answer({ Response: { Credentials: credentials, Expiration: '2023-11-15T00:13:20Z' } }), web).expiresAt).toEqual(new Date('2023-11-15T00:13:20Z'));
  });

  const refusals: Array<[string, RawResponse, StsAnswerContext, RegExp, RegExp]> = [
    ['a role refusal, hinting at the trust policy and the caller', answer({ Response: { Error: { Code: 'UnauthorizedOperation', Message: 'denied' }, RequestId: 'r' } }), assume, /refused: UnauthorizedOperation: denied$/, /trust policy of role qcs::cam::uin\/100000000001:roleName\/ci-deployer must allow the caller \(keys from profile ci/],
    ['an OIDC refusal, naming the provider in the hint', answer({ Response: { Error: { Code: 'InvalidParameter.WebIdentityTokenError', Message: 'bad token' } } }), web, /WebIdentityTokenError/, /trust policy of role .* must allow the OIDC provider github-actions/],
    ['unknown signing keys, pointing at the keys', answer({ Response: { Error: { Code: 'AuthFailure.SecretIdNotFound', Message: 'no such id' } } }), assume, /SecretIdNotFound/, /keys that sign the AssumeRole call \(from profile ci/],
    ['throttling, still refused', answer({ Response: { Error: { Code: 'RequestLimitExceeded', Message: 'slow down' } } }), assume, /RequestLimitExceeded/, /retry later/],
    ['an echo of the secret and token, scrubbed', answer({ Response: { Error: { Code: 'InternalError', Message: `key ${FAKE.tencent.secret} token ${FAKE.tencent.token}` } } }), assume, /InternalError: key \*\*\* token \*\*\*$/, /retry later/],
    ['an echo of the OIDC token, scrubbed', answer({ Response: { Error: { Code: 'InvalidParameter.WebIdentityTokenError', Message: `token ${OIDC_TOKEN} expired` } } }), web, /token \*\*\* expired$/, /OIDC provider/],
    ['a gateway page that is not an API answer', answer('<html>502 Bad Gateway</html>', 502), assume, /the answer \(HTTP 502\) is not a Tencent Cloud API response/, /FCINVOKE_STS_ENDPOINT/],
    ['an answer without credentials', answer({ Response: { RequestId: 'r' } }), assume, /holds no Credentials/, /.*/],
  ];
  it.each(refusals)('refuse (exit 3): %s', (_name, response, context, message, hint) => {
    const error = thrown(() => parseStsResponse(response, context));
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain(`Tencent STS ${context.action} for role ${ROLE_ARN}`);
    expect(error.message).toMatch(message);
    expect(error.hint ?? '').toMatch(hint);
    expectNoSecrets(error.message, String(error.hint));
    expect(`${error.message} ${String(error.hint)}`).not.toContain(OIDC_TOKEN);
  });
});

describe('CVM metadata', () => {
  const origin = metadataOrigin(undefined);

  it('asks the CVM metadata service, or FCINVOKE_METADATA_ENDPOINT, for the role list and then the role', () => {
    expect(metadataRequest(origin)).toEqual({ method: 'GET', url: 'http://metadata.tencentyun.com/latest/meta-data/cam/security-credentials/', headers: {}, body: new Uint8Array() });
    expect(metadataRequest(metadataOrigin('http://127.0.0.1:9000/'), 'ci role').url).toBe('http://127.0.0.1:9000/latest/meta-data/cam/security-credentials/ci%20role');
  });

  it('takes the first role listed, and the role keys with their expiry', () => {
    expect(parseRoleList(answer('fcinvoke-demo-role\n'), origin)).toBe('fcinvoke-demo-role');
    const body = { TmpSecretId: 'AKIDtmp', TmpSecretKey: 'TMPsecret', Token: 'TMPtoken', ExpiredTime: 1_700_007_200, Expiration: '2023-11-15T00:13:20Z', Code: 'Success' };
    expect(parseRoleCredentials(answer(body), 'r', origin)).toEqual({
      kind: 'keys',
      accessKeyId: 'AKIDtmp',
      accessKeySecret: 'TMPsecret',
      securityToken: 'TMPtoken',
      expiresAt: new Date(1_700_007_200_000),
    });
  });

  const refusals: Array<[string, () => unknown, RegExp, RegExp]> = [
    ['no role bound (404 on the list)', () => parseRoleList(answer('not found', 404), origin), /lists no CAM role for this instance \(HTTP 404\)/, /bind a CAM role/],
    ['a role not bound (404)', () => parseRoleCredentials(answer('<html>404</html>', 404), 'other', origin), /no credentials for role other \(HTTP 404\)/, /role other is the CAM role bound/],
    ['a Code other than Success', () => parseRoleCredentials(answer({ Code: 'Failed' }), 'r', origin), /\(Code Failed\)/, /bound to this CVM/],
    ['a page that is not JSON', () => parseRoleCredentials(answer('<html/>', 500), 'r', origin), /\(HTTP 500\)/, /not a Tencent Cloud CVM instance/],
  ];
  it.each(refusals)('refuses (exit 3): %s', (_name, call, message, hint) => {
    const error = thrown(call);
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(hint);
  });

});

describe('exchange, with a recorded send', () => {
  function recording(answerWith: (request: HttpRequest) => RawResponse | Error) {
    const sent: HttpRequest[] = [];
    const context = realContext({
      now: () => AT,
      stsEndpoint: 'http://127.0.0.1:9/',
      metadataEndpoint: 'http://127.0.0.1:8',
      send: async (request) => {
        sent.push(request);
        const result = answerWith(request);
        if (result instanceof Error) throw result;
        return result;
      },
    });
    return { sent, context };
  }

  it('sends AssumeRole to FCINVOKE_STS_ENDPOINT, signed for that host', async () => {
    const { sent, context } = recording(() => answer({ Response: { Credentials: { Token: 't', TmpSecretId: 'i', TmpSecretKey: 's' }, ExpiredTime: 1_700_001_800 } }));
    const issued = await exchange(assumeRoleSource(), STATIC_VIA.credentials, context);
    expect(issued).toMatchObject({ accessKeyId: 'i', expiresAt: new Date(1_700_001_800_000) });
    expect(sent.map((request) => request.url)).toEqual(['http://127.0.0.1:9/']);
    const expected = signStsRequest(buildStsRequest('AssumeRole', assumeRoleParameters(assumeRoleSource(), AT), { origin: 'http://127.0.0.1:9', region: undefined }), STATIC_VIA.credentials, AT);
    expect(sent[0]).toEqual(expected);
  });

  it('reads the role list and then the role from FCINVOKE_METADATA_ENDPOINT; a named role skips the list', async () => {
    const body = { TmpSecretId: 'i', TmpSecretKey: 's', Token: 't', ExpiredTime: 1_700_007_200, Code: 'Success' };
    const { sent, context } = recording((request) => (request.url.endsWith('/') ? answer('cvm-role') : answer(body)));
    await exchange(instanceSource(), undefined, context);
    await exchange(instanceSource({ roleName: 'named' }), undefined, context);
    expect(sent.map((request) => `${request.method} ${request.url}`)).toEqual([
      'GET http://127.0.0.1:8/latest/meta-data/cam/security-credentials/',
      'GET http://127.0.0.1:8/latest/meta-data/cam/security-credentials/cvm-role',
      'GET http://127.0.0.1:8/latest/meta-data/cam/security-credentials/named',
    ]);
  });

  const failures: Array<[string, ExchangeSource, Error | undefined, number, RegExp, RegExp]> = [
    ['STS unreachable', assumeRoleSource(), new TransportError('ECONNREFUSED', 'connect ECONNREFUSED', 'connect'), 4, /^cannot reach Tencent STS at http:\/\/127\.0\.0\.1:9: ECONNREFUSED$/, /FCINVOKE_STS_ENDPOINT/],
    ['metadata unreachable', instanceSource(), new TransportError('UND_ERR_CONNECT_TIMEOUT', 'timeout', 'connect'), 4, /metadata service at http:\/\/127\.0\.0\.1:8: UND_ERR_CONNECT_TIMEOUT/, /not a Tencent Cloud CVM/],
    ['a token file that does not exist', webIdentitySource('/nonexistent/fcinvoke/token'), undefined, 2, /OIDC token file \/nonexistent\/fcinvoke\/token \(TKE_ROLE_ARN \(environment\)\) does not exist/, /.*/],
    ['a source that is not a Tencent exchange', { kind: 'process', cloud: 'tencent', origin: 'profile p', command: 'x' }, undefined, 2, /process credentials are not a Tencent Cloud exchange/, /.*/],
  ];
  it.each(failures)('%s → exit %i', async (_name, source, failure, exitCode, message, hint) => {
    const { sent, context } = recording(() => failure ?? new Error('nothing should be sent'));
    const error = await rejected(exchange(source, STATIC_VIA.credentials, context));
    expect(error.exitCode).toBe(exitCode);
    expect(error.message).toMatch(message);
    expect(error.hint ?? '').toMatch(hint);
    expect(sent.length).toBe(failure === undefined ? 0 : 1);
    expectNoSecrets(error.message, String(error.hint));
  });

  it('passes a bug in sending through as it is, not as an unreachable service', async () => {
    const { context } = recording(() => new TypeError('a bug, not the network'));
    await expect(exchange(instanceSource(), undefined, context)).rejects.toThrow(TypeError);
  });

  it('refuses an empty token file and AssumeRole without keys to sign it, sending nothing', async () => {
    const { sent, context } = recording(() => new Error('nothing should be sent'));
    const empty = { ...context, readText: async () => '  \n' };
    expect((await rejected(exchange(webIdentitySource('/t'), undefined, empty))).message).toBe('the OIDC token file /t (TKE_ROLE_ARN (environment)) is empty');
    const unsigned = await rejected(exchange(assumeRoleSource(), { kind: 'token', token: 'x' }, context));
    expect(unsigned).toBeInstanceOf(ConfigError);
    expect(unsigned.message).toContain('needs a SecretId and SecretKey to sign it (from profile ci (fcinvoke.yaml))');
    expect(sent).toEqual([]);
  });
});

describe('environmentSource (tccli TENCENTCLOUD_ROLE_ARN, the SDK TKE_* variables)', () => {
  const all = { TKE_REGION: 'ap-guangzhou', TKE_PROVIDER_ID: 'tke-oidc', TKE_WEB_IDENTITY_TOKEN_FILE: '/var/run/secrets/token', TKE_ROLE_ARN: ROLE_ARN };

  it('names no exchange without them, and web identity with all four', () => {
    expect(environmentSource({ TENCENTCLOUD_SECRET_ID: FAKE.tencent.id })).toBeUndefined();
    expect(environmentSource({ TKE_REGION: '' })).toBeUndefined();
    expect(environmentSource(all)).toEqual({
      kind: 'web-identity',
      cloud: 'tencent',
      origin: 'TKE_ROLE_ARN, TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE, TKE_REGION (environment)',
      roleArn: ROLE_ARN,
      providerId: 'tke-oidc',
      tokenFile: '/var/run/secrets/token',
      region: 'ap-guangzhou',
    });
  });

  it('assumes TENCENTCLOUD_ROLE_ARN with the TENCENTCLOUD_SECRET_* keys, as tccli does, before the TKE set', () => {
    const env = { ...all, TENCENTCLOUD_ROLE_ARN: ROLE_ARN, TENCENTCLOUD_ROLE_SESSION_NAME: 'tccli', TENCENTCLOUD_SECRET_ID: FAKE.tencent.id, TENCENTCLOUD_SECRET_KEY: FAKE.tencent.secret, TENCENTCLOUD_TOKEN: FAKE.tencent.token };
    expect(environmentSource(env)).toEqual({
      kind: 'assume-role',
      cloud: 'tencent',
      origin: 'TENCENTCLOUD_ROLE_ARN (environment)',
      roleArn: ROLE_ARN,
      sessionName: 'tccli',
      via: {
        kind: 'static',
        cloud: 'tencent',
        origin: 'TENCENTCLOUD_SECRET_ID (environment)',
        credentials: { kind: 'keys', accessKeyId: FAKE.tencent.id, accessKeySecret: FAKE.tencent.secret, securityToken: FAKE.tencent.token },
      },
    });
  });

  it.each([
    [{ TENCENTCLOUD_ROLE_ARN: ROLE_ARN, TENCENTCLOUD_SECRET_ID: FAKE.tencent.id }, 'TENCENTCLOUD_ROLE_ARN is set but TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY are not'],
    [{ TKE_ROLE_ARN: ROLE_ARN }, 'TKE_ROLE_ARN is set but TKE_REGION, TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE are not'],
    [{ ...all, TKE_WEB_IDENTITY_TOKEN_FILE: ' ' }, 'TKE_REGION, TKE_PROVIDER_ID, TKE_ROLE_ARN are set but TKE_WEB_IDENTITY_TOKEN_FILE is not'],
  ])('a partial set is a config error naming what is missing', (env, message) => {
    const error = thrown(() => environmentSource(env));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(message);
    expectNoSecrets(error.message, String(error.hint));
  });
});
