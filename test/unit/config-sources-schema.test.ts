/**
 * The profile syntax of roles, agencies, federated OIDC and the instance: what parses, and every mistake as one
 * line at its key path, with the session-length ranges of the bounds table.
 */
import { describe, expect, it } from 'vitest';
import { SESSION_BOUNDS } from '../../src/config/bounds.js';
import { validateConfig } from '../../src/config/load.js';
import { configJsonSchema } from '../../src/config/schema.js';
import { permissionWarnings } from '../../src/config/permissions.js';

/** The schema's lines for one cloud's credentials block of profile `ci`; [] when it parses. */
function problems(cloud: string, credentials: unknown): readonly string[] {
  try {
    validateConfig('f', { profiles: { ci: { credentials: { [cloud]: credentials } } } });
    return [];
  } catch (error) {
    return (error as { problems: readonly string[] }).problems;
  }
}

const TENCENT_ROLE = 'qcs::cam::uin/100000000001:roleName/deploy';
const ALIYUN_ROLE = 'acs:ram::1234567890123456:role/deploy';

describe('profile credentials that describe an exchange', () => {
  it.each([
    ['tencent', { role: { arn: TENCENT_ROLE, sessionName: 'ci', durationSeconds: 0, externalId: 'x', policy: '{}', region: 'ap-guangzhou' }, source: { profile: 'base' } }],
    ['tencent', { role: { arn: '${env:ROLE}' }, source: { oidcTokenFile: './t', providerId: 'github' } }],
    ['tencent', { role: { arn: TENCENT_ROLE }, source: { from: 'tccli', profile: 'p' } }],
    ['tencent', { role: { arn: TENCENT_ROLE }, source: { secretId: '${env:A}', secretKey: '${env:B}' } }],
    ['tencent', { role: { arn: TENCENT_ROLE }, source: { instance: { role: 'cvm' } } }],
    ['tencent', { role: { arn: TENCENT_ROLE } }],
    ['tencent', 'instance'],
    ['aliyun', { role: { arn: ALIYUN_ROLE, durationSeconds: 43_200 }, source: { oidcTokenFile: '/t', providerArn: 'acs:ram::1:oidc-provider/gh' } }],
    ['aliyun', { role: { arn: ALIYUN_ROLE }, source: 'instance' }],
    ['aliyun', { instance: { role: 'ecs' } }],
    ['aliyun', { processCommand: 'get-creds' }],
    ['aliyun', { credentialsUri: 'http://127.0.0.1:8080/creds' }],
    ['huawei', { agency: { name: 'deploy', domainName: 'acme', durationSeconds: 86_400 }, source: { profile: 'base' } }],
    ['huawei', { agency: { name: 'deploy', domainId: 'd' }, source: { federated: { idpId: 'gh', tokenFile: '/t' } } }],
    ['otc', { federated: { idpId: 'gitlab', tokenFile: './t', projectId: 'p', domainId: 'd', region: 'eu-de', durationSeconds: 900 } }],
    ['otc', 'instance'],
  ])('parses %s %j', (cloud, credentials) => {
    expect(problems(cloud, credentials)).toEqual([]);
  });

  it.each([
    {
      why: 'a Tencent session longer than 12 h',
      cloud: 'tencent',
      credentials: { role: { arn: TENCENT_ROLE, durationSeconds: 43_201 } },
      line: 'f: profiles.ci.credentials.tencent.role.durationSeconds: takes a whole number of seconds from 0 to 43200, not 43201',
    },
    {
      why: 'an Alibaba session shorter than 15 min',
      cloud: 'aliyun',
      credentials: { role: { arn: ALIYUN_ROLE, durationSeconds: 899 } },
      line: 'f: profiles.ci.credentials.aliyun.role.durationSeconds: takes a whole number of seconds from 900 to 43200, not 899',
    },
    {
      why: 'a Huawei agency session longer than 24 h',
      cloud: 'huawei',
      credentials: { agency: { name: 'a', domainName: 'd', durationSeconds: 86_401 } },
      line: 'f: profiles.ci.credentials.huawei.agency.durationSeconds: takes a whole number of seconds from 900 to 86400, not 86401',
    },
    {
      why: 'an OTC federated session of a fraction of a second',
      cloud: 'otc',
      credentials: { federated: { idpId: 'i', tokenFile: '/t', durationSeconds: 900.5 } },
      line: 'f: profiles.ci.credentials.otc.federated.durationSeconds: takes a whole number of seconds from 900 to 86400, not 900.5',
    },
    {
      why: 'a role with no ARN',
      cloud: 'tencent',
      credentials: { role: { sessionName: 'ci' } },
      line: 'f: profiles.ci.credentials.tencent.role.arn: Invalid input: expected string, received undefined',
    },
    {
      why: 'an OIDC source with no role',
      cloud: 'aliyun',
      credentials: { source: { oidcTokenFile: '/t', providerArn: 'p' } },
      line: 'f: profiles.ci.credentials.aliyun.role: required: the role to assume ({arn: …})',
    },
    {
      why: 'an OIDC token file that is empty text',
      cloud: 'tencent',
      credentials: { role: { arn: TENCENT_ROLE }, source: { oidcTokenFile: '', providerId: 'p' } },
      line: 'f: profiles.ci.credentials.tencent.source.oidcTokenFile: expected a non-empty string',
    },
    {
      why: "Alibaba's provider ARN under Tencent's name",
      cloud: 'tencent',
      credentials: { role: { arn: TENCENT_ROLE }, source: { oidcTokenFile: '/t', providerArn: 'p' } },
      line: "f: profiles.ci.credentials.tencent.source: expected keys, {from: <store>}, {profile: <name>}, an OIDC token file or instance",
    },
    {
      why: 'an unknown key in a role',
      cloud: 'tencent',
      credentials: { role: { arn: TENCENT_ROLE, sesionName: 'x' } },
      line: "f: profiles.ci.credentials.tencent.role: unknown key 'sesionName'",
    },
    {
      why: 'a source profile that is not a name',
      cloud: 'aliyun',
      credentials: { role: { arn: ALIYUN_ROLE }, source: { profile: 3 } },
      line: 'f: profiles.ci.credentials.aliyun.source.profile: Invalid input: expected string, received number',
    },
    {
      why: 'an agency with neither domainName nor domainId',
      cloud: 'huawei',
      credentials: { agency: { name: 'deploy' } },
      line: 'f: profiles.ci.credentials.huawei.agency: give the owning account as domainName or domainId (one of them)',
    },
    {
      why: 'a federated block without its token file',
      cloud: 'otc',
      credentials: { federated: { idpId: 'i' } },
      line: 'f: profiles.ci.credentials.otc.federated.tokenFile: Invalid input: expected string, received undefined',
    },
    {
      why: 'a Huawei instance with a role name (its metadata has none)',
      cloud: 'huawei',
      credentials: { instance: { role: 'r' } },
      line: 'f: profiles.ci.credentials.huawei: expected keys (ak/sk), {authToken}, {from: <store>}, {agency: …}, {federated: …} or instance',
    },
  ])('refuses $why, at its key path', ({ cloud, credentials, line }) => {
    expect(problems(cloud, credentials)).toEqual([line]);
  });

  it('takes the session ranges from the bounds table, the ends included', () => {
    const cases = [
      ['tencent', SESSION_BOUNDS.tencent, (seconds: number) => ({ role: { arn: TENCENT_ROLE, durationSeconds: seconds } })],
      ['aliyun', SESSION_BOUNDS.aliyun, (seconds: number) => ({ role: { arn: ALIYUN_ROLE, durationSeconds: seconds } })],
      ['huawei', SESSION_BOUNDS.huawei, (seconds: number) => ({ agency: { name: 'a', domainId: 'd', durationSeconds: seconds } })],
    ] as const;
    for (const [cloud, bound, block] of cases) {
      expect(problems(cloud, block(bound.min))).toEqual([]);
      expect(problems(cloud, block(bound.max))).toEqual([]);
      expect(problems(cloud, block(bound.min - 1))).toHaveLength(1);
      expect(problems(cloud, block(bound.max + 1))).toHaveLength(1);
    }
  });

  it('is in the JSON Schema editors get', () => {
    const text = JSON.stringify(configJsonSchema());
    for (const key of ['oidcTokenFile', 'providerArn', 'durationSeconds', 'agency', 'federated', 'processCommand', 'credentialsUri']) expect(text).toContain(`"${key}"`);
  });

  it('warns about a readable file with a literal secret in a role source, not about ${env:…} there', () => {
    const file = (secretKey: string) => ({
      path: 'f',
      scope: 'project' as const,
      mode: 0o644,
      config: validateConfig('f', { profiles: { ci: { credentials: { tencent: { role: { arn: TENCENT_ROLE }, source: { secretId: 'AKIDx', secretKey } } } } } }),
    });
    expect(permissionWarnings([file('plainSECRET')])).toHaveLength(1);
    expect(permissionWarnings([file('${env:K}')])).toEqual([]);
  });
});
