/**
 * The emulated Huawei Cloud / OTC credential services (`huawei-iam`, `huawei-metadata`), driven with raw requests:
 * a request signed by the official SDK's AKSKSigner is accepted; tampered, unknown, malformed and refused ones get
 * IAM's own answers; which cloud is issued for follows the documented rule; issued IAM tokens authenticate invokes
 * on their own cloud only, until they expire.
 */
import { createRequire } from 'node:module';
import { request } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { REFUSED_ROLE_NAME } from '../../src/emulator/credentials/issuer.js';
import { DEMO_CREDENTIALS } from '../../src/emulator/demo-credentials.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { useEmulator } from '../helpers/emulator.js';
import { OffsetClock, invokeHello } from './huawei-helpers.js';

const require = createRequire(import.meta.url);
interface SdkCredentials {
  withAk(ak: string): SdkCredentials;
  withSk(sk: string): SdkCredentials;
}
const core = require('@huaweicloud/huaweicloud-sdk-core') as { BasicCredentials: new () => SdkCredentials };
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as {
  AKSKSigner: { sign(request: unknown, credentials: SdkCredentials): Record<string, string> };
};

const clock = new OffsetClock();
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await useEmulator({ now: clock.now });
});

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: any;
}

async function call(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const response = await request(`${emulator.url}${path}`, { method: method as 'GET', headers, ...(body === undefined ? {} : { body }) });
  const text = await response.body.text();
  // The JSON answers are objects; the metadata service answers plain text.
  const json: unknown = text.startsWith('{') ? JSON.parse(text) : undefined;
  return { status: response.statusCode, headers: response.headers as Record<string, string>, text, json };
}

const SECURITY_TOKENS = '/v3.0/OS-CREDENTIAL/securitytokens';

function assumeRole(fields: Record<string, unknown>): string {
  return JSON.stringify({ auth: { identity: { methods: ['assume_role'], assume_role: { domain_name: 'acme', agency_name: 'ci', ...fields } } } });
}

/** A security-token request signed by the official SDK signer with `cloud`'s demo keys (or `keys`). */
function officialSigned(body: string, keys = DEMO_CREDENTIALS.huawei): Record<string, string> {
  return AKSKSigner.sign(
    { method: 'POST', endpoint: `${emulator.url}${SECURITY_TOKENS}`, headers: { 'Content-Type': 'application/json' }, queryParams: {}, data: JSON.parse(body) },
    new core.BasicCredentials().withAk(keys.accessKeyId).withSk(keys.accessKeySecret),
  );
}

async function oidc(idpId: string, token: string | undefined, prefix = ''): Promise<Answer> {
  return call('POST', `${prefix}/v3/OS-FEDERATION/identity_providers/${idpId}/protocols/oidc/auth`, {
    'Content-Type': 'application/json',
    ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
  }, '{}');
}

describe('agency assumption (huawei-iam)', () => {
  it('accepts a request the official signer signed, and issues keys of the signing key’s cloud', async () => {
    for (const cloud of ['huawei', 'otc'] as const) {
      const body = assumeRole({ duration_seconds: 3600 });
      const answer = await call('POST', SECURITY_TOKENS, officialSigned(body, DEMO_CREDENTIALS[cloud]), body);
      expect(answer.status).toBe(201);
      expect(answer.json.credential.access).toMatch(cloud === 'otc' ? /^TMPOTC/ : /^TMPAK/);
      expect(answer.json.credential.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect(Date.parse(answer.json.credential.expires_at) - clock.now().getTime()).toBeGreaterThan(3500_000);
    }
  });

  const refusals: Array<[string, () => [Record<string, string>, string], number, unknown]> = [
    ['an unknown key', () => {
      const body = assumeRole({});
      return [officialSigned(body, { kind: 'keys', accessKeyId: 'UNKNOWNAK', accessKeySecret: 'x' }), body];
    }, 401, { error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information: ak not found' }],
    ['a body changed after signing', () => [officialSigned(assumeRole({})), assumeRole({ agency_name: 'admin' })], 401,
      { error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information: verify aksk signature fail' }],
    ['a malformed agency name', () => signed(assumeRole({ agency_name: 'no/slashes' })), 400, { error: { code: 400, message: "Invalid input for field 'agency_name'.", title: 'Bad Request' } }],
    ['a duration out of range', () => signed(assumeRole({ duration_seconds: 899 })), 400,
      { error: { code: 400, message: "Invalid input for field 'duration_seconds': 899 is not between 900 and 86400.", title: 'Bad Request' } }],
    ['both account fields', () => signed(assumeRole({ domain_id: 'd1' })), 400,
      { error: { code: 400, message: "Invalid input: give one of 'domain_id' and 'domain_name'.", title: 'Bad Request' } }],
    ['an unknown method', () => signed(JSON.stringify({ auth: { identity: { methods: ['password'] } } })), 400,
      { error: { code: 400, message: 'Invalid input for field \'methods\': expected ["token"] or ["assume_role"].', title: 'Bad Request' } }],
    ['the refused agency', () => signed(assumeRole({ agency_name: REFUSED_ROLE_NAME })), 403,
      { error: { code: 403, message: `You are not authorized to perform the requested action: agency ${REFUSED_ROLE_NAME} does not trust this account.`, title: 'Forbidden' } }],
    ['no authentication', () => [{ 'Content-Type': 'application/json' }, assumeRole({})], 401,
      { error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } }],
  ];
  it.each(refusals)('refuses %s', async (_name, build, status, body) => {
    const [headers, text] = build();
    const answer = await call('POST', SECURITY_TOKENS, headers, text);
    expect(answer.status).toBe(status);
    expect(answer.json).toMatchObject(body as object);
  });

  function signed(body: string): [Record<string, string>, string] {
    return [officialSigned(body), body];
  }
});

describe('federated OIDC (huawei-iam)', () => {
  it('turns a demo OIDC token into an IAM token, and that into keys (method token)', async () => {
    const first = await oidc('gha', emulator.issuer.mintOidcToken());
    expect(first.status).toBe(201);
    const iamToken = first.headers['x-subject-token']!;
    expect(iamToken).toMatch(/^fcinvoke-iam\.huawei\./);
    const body = JSON.stringify({ auth: { identity: { methods: ['token'], token: { duration_seconds: 21600 } } } });
    const second = await call('POST', SECURITY_TOKENS, { 'Content-Type': 'application/json', 'X-Auth-Token': iamToken }, body);
    expect(second.status).toBe(201);
    expect(second.json.credential.access).toMatch(/^TMPAK/);
  });

  it('issues for the Open Telekom Cloud under /otc, or for an identity provider id starting with otc', async () => {
    expect((await oidc('gha', emulator.issuer.mintOidcToken(), '/otc')).headers['x-subject-token']).toMatch(/^fcinvoke-iam\.otc\./);
    expect((await oidc('otc-gha', emulator.issuer.mintOidcToken())).headers['x-subject-token']).toMatch(/^fcinvoke-iam\.otc\./);
  });

  const refusals: Array<[string, string, () => string | undefined, number, string]> = [
    ['no token', 'gha', () => undefined, 401, 'The request you have made requires authentication: no OIDC id token.'],
    ['a token that is not a JWT', 'gha', () => 'not-a-jwt', 401, 'The OIDC id token was refused: the token is not a JWT.'],
    ['a forged signature', 'gha', () => `${emulator.issuer.mintOidcToken().slice(0, -4)}AAAA`, 401, 'The OIDC id token was refused: the token signature is not valid.'],
    ['an expired token', 'gha', () => emulator.issuer.mintOidcToken({ ttlSeconds: -1 }), 401, 'The OIDC id token was refused: the token has expired.'],
    ['the refused identity provider', REFUSED_ROLE_NAME, () => emulator.issuer.mintOidcToken(), 403,
      `Identity provider ${REFUSED_ROLE_NAME} has no mapping for this token: the identity conversion rules match no user group.`],
    ['a malformed identity provider id', 'a.b', () => emulator.issuer.mintOidcToken(), 400, 'Invalid identity provider id "a.b".'],
  ];
  it.each(refusals)('refuses %s', async (_name, idp, token, status, message) => {
    const answer = await oidc(idp, token());
    expect(answer.status).toBe(status);
    expect(answer.json).toEqual({ error: { code: status, message, title: expect.any(String) } });
    expect(answer.headers['x-subject-token']).toBeUndefined();
  });

  it('also answers the OS-AUTH id-token API (X-Idp-Id) the Go, Java and Python SDKs call', async () => {
    const send = (idp: string, token: string) =>
      call('POST', '/v3.0/OS-AUTH/id-token/tokens', { 'Content-Type': 'application/json;charset=UTF-8', 'X-Idp-Id': idp },
        JSON.stringify({ auth: { id_token: { id: token }, scope: { project: { id: 'p1' } } } }));
    const accepted = await send('gha', emulator.issuer.mintOidcToken());
    expect(accepted.status).toBe(201);
    expect(accepted.headers['x-subject-token']).toMatch(/^fcinvoke-iam\.huawei\./);
    expect(accepted.json.token.expires_at).toMatch(/Z$/);
    expect((await send('gha', 'not-a-jwt')).json.error.message).toBe('The OIDC id token was refused: the token is not a JWT.');
    expect((await send(REFUSED_ROLE_NAME, emulator.issuer.mintOidcToken())).status).toBe(403);
  });

  it('refuses a forged or expired IAM token for keys', async () => {
    const body = JSON.stringify({ auth: { identity: { methods: ['token'] } } });
    const forged = await call('POST', SECURITY_TOKENS, { 'Content-Type': 'application/json', 'X-Auth-Token': 'fcinvoke-iam.huawei.zzzz.000000000000.AAAA' }, body);
    expect(forged.status).toBe(401);
    const expired = emulator.issuer.issueIamToken('huawei', 60).token;
    clock.advance(61_000);
    try {
      const answer = await call('POST', SECURITY_TOKENS, { 'Content-Type': 'application/json', 'X-Auth-Token': expired }, body);
      expect(answer.status).toBe(401);
    } finally {
      clock.reset();
    }
  });
});

describe('ECS metadata (huawei-metadata)', () => {
  async function sessionToken(prefix = '', ttl = '21600'): Promise<Answer> {
    return call('PUT', `${prefix}/meta-data/latest/api/token`, { 'X-Metadata-Token-Ttl-Seconds': ttl });
  }

  it('answers the security key to a session-token holder, of the cloud its path names', async () => {
    for (const [prefix, pattern] of [['', /^TMPAK/], ['/otc', /^TMPOTC/]] as const) {
      const token = (await sessionToken(prefix)).text;
      const answer = await call('GET', `${prefix}/openstack/latest/securitykey`, { 'X-Metadata-Token': token });
      expect(answer.status).toBe(200);
      expect(answer.json.credential.access).toMatch(pattern);
      expect(answer.json.credential.securitytoken).toMatch(/^fcinvoke\.sts\./);
    }
  });

  it('refuses without a session token, with an expired one, and a TTL out of range', async () => {
    expect((await call('GET', '/openstack/latest/securitykey', {})).status).toBe(401);
    expect((await sessionToken('', '0')).status).toBe(400);
    expect((await sessionToken('', '21601')).status).toBe(400);
    expect((await call('POST', '/meta-data/latest/api/token', {})).status).toBe(405);
    const token = (await sessionToken('', '60')).text;
    clock.advance(61_000);
    try {
      expect((await call('GET', '/openstack/latest/securitykey', { 'X-Metadata-Token': token })).status).toBe(401);
    } finally {
      clock.reset();
    }
  });

  it('a metadata session token is not an IAM token', async () => {
    const token = (await sessionToken()).text;
    expect(await invokeHello('huawei', emulator.url, { kind: 'token', token })).toMatchObject({ status: 'api_error', code: 'APIGW.0301' });
  });
});

describe('issued IAM tokens on the FunctionGraph routes', () => {
  it('authenticate invokes on their own cloud, not the other, and not once expired', async () => {
    const huawei = { kind: 'token', token: emulator.issuer.issueIamToken('huawei', 120).token } as const;
    const otc = { kind: 'token', token: emulator.issuer.issueIamToken('otc', 120).token } as const;
    expect((await invokeHello('huawei', emulator.url, huawei)).status).toBe('ok');
    expect((await invokeHello('otc', emulator.url, otc)).status).toBe('ok');
    expect(await invokeHello('otc', emulator.url, huawei)).toMatchObject({ status: 'api_error', code: 'APIGW.0301' });
    clock.advance(121_000);
    try {
      expect(await invokeHello('huawei', emulator.url, huawei)).toMatchObject({ status: 'api_error', code: 'APIGW.0301' });
    } finally {
      clock.reset();
    }
  });
});

describe('hostile bodies', () => {
  const bodies = ['null', '[]', '"text"', '{"auth":null}', '{"auth":{"identity":{"methods":"token"}}}',
    '{"auth":{"identity":{"methods":["token"],"token":"x"}}}', '{"auth":{"identity":{"methods":["assume_role"],"assume_role":{"agency_name":7}}}}',
    `{"auth":${'['.repeat(5000)}${']'.repeat(5000)}}`, '\u00ff\u0000{'];
  it.each(bodies)('a security-token request with body %s is refused (400 once authenticated), never a server error', async (body) => {
    const token = (await oidc('gha', emulator.issuer.mintOidcToken())).headers['x-subject-token']!;
    expect((await call('POST', SECURITY_TOKENS, { 'X-Auth-Token': token, 'Content-Type': 'application/json' }, body)).status).toBe(400);
    // Signed for another body: the signature fails first, before the body is read.
    expect((await call('POST', SECURITY_TOKENS, officialSigned('{}'), body)).json).toMatchObject({ error_code: 'APIGW.0301' });
  });
});
