/**
 * `config show` and `config validate` with credentials that need an exchange: the configured chain (role,
 * session, token file, what signs it, where each part was configured) in text and JSON, never a secret.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, runMain } from '../helpers/cli.js';
import { makeTree } from '../helpers/config-dir.js';
import { expectNoSecrets, FAKE } from '../helpers/secrets.js';

const ROLE = 'qcs::cam::uin/100000000001:roleName/deploy';
const root = makeTree({
  '.fcinvokerc': [
    'profiles:',
    '  base:',
    '    credentials:',
    '      tencent: {secretId: "${env:BASE_ID}", secretKey: "${env:BASE_KEY}", sessionToken: "${env:BASE_TOKEN}"}',
    '      huawei: {ak: "${env:HW_AK}", sk: "${env:HW_SK}"}',
    '  ci:',
    '    provider: tencent',
    '    credentials:',
    `      tencent: {role: {arn: "${ROLE}", sessionName: ci, durationSeconds: 900}, source: {profile: base}}`,
    '  oidc:',
    '    credentials:',
    `      tencent: {role: {arn: "${ROLE}"}, source: {oidcTokenFile: ci/token, providerId: github}}`,
    '      aliyun: {processCommand: "get-creds --secret ${env:BASE_KEY}"}',
    '      huawei: {agency: {name: deploy, domainName: acme}, source: {profile: base}}',
    '      otc: instance',
    '  keys:',
    '    provider: tencent',
    '    credentials:',
    '      tencent: {secretId: "${env:BASE_ID}", secretKey: "${env:BASE_KEY}"}',
    '',
  ].join('\n'),
});
const env = cleanEnv({
  BASE_ID: FAKE.tencent.id,
  BASE_KEY: FAKE.tencent.secret,
  BASE_TOKEN: FAKE.tencent.token,
  HW_AK: FAKE.huawei.id,
  HW_SK: FAKE.huawei.secret,
});
const show = (...args: string[]) => runMain(['config', 'show', ...args], { cwd: root, env });

describe('config show of credentials that need an exchange', () => {
  it('prints the role, session, length and signer, and where the role was configured', async () => {
    const run = await show('ci');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `^credentials\\.tencent\\s+role ${ROLE.replace(/[.:/]/g, '\\$&')}, session ci, 900 s, signed with keys AKID…0001 \\(.*profiles\\.base\\.credentials\\.tencent\\)\\s+.*\\.fcinvokerc: profiles\\.ci\\.credentials\\.tencent$`,
        'm',
      ),
    );
    expectNoSecrets(run.stdout, run.stderr);
  });

  it('prints each cloud of a profile: OIDC token file, process, agency, instance', async () => {
    const run = await show('oidc');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`from the OIDC token in ${join(root, 'ci/token')} (provider github)`);
    expect(run.stdout).toMatch(/^credentials\.aliyun\s+the output of the command get-creds…\s/m);
    expect(run.stdout).toMatch(/^credentials\.huawei\s+agency deploy of acme, assumed with keys FAKE…CINV \(/m);
    expect(run.stdout).toMatch(/^credentials\.otc\s+the instance role from the Open Telekom Cloud metadata service\s/m);
    expectNoSecrets(run.stdout, run.stderr);
  });

  it('gives the chain as JSON, the signer masked', async () => {
    const run = await show('ci', '--json');
    const shown = JSON.parse(run.stdout) as { credentials: Record<string, Record<string, unknown>> };
    expect(shown.credentials['tencent']).toMatchObject({
      kind: 'exchange',
      origin: expect.stringMatching(/profiles\.ci\.credentials\.tencent$/),
      source: expect.stringMatching(/profiles\.ci\.credentials\.tencent → role /),
      exchange: {
        kind: 'assume-role',
        roleArn: ROLE,
        sessionName: 'ci',
        durationSeconds: 900,
        via: { kind: 'static', credentials: { kind: 'keys', accessKeyId: 'AKID…0001', securityToken: true } },
      },
    });
    expectNoSecrets(run.stdout, run.stderr);
  });

  it('keeps the output of static keys as it was', async () => {
    const run = await show('keys');
    expect(run.stdout).toMatch(/^credentials\.tencent\s+AKID…0001 \/ secret \*\*\*\*\s+.*profiles\.keys\.credentials\.tencent$/m);
    expectNoSecrets(run.stdout, run.stderr);
  });

  it('shows a role whose source cannot sign as an error line at its key, exit 0 as for any missing credentials', async () => {
    const run = await runMain(['config', 'show', 'ci'], { cwd: root, env: cleanEnv() });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^credentials\.tencent\s+\(none\)\s+.*profiles\.base\.credentials\.tencent\.secretId: environment variable BASE_ID is not set$/m);
  });
});

describe('config validate of credential sources', () => {
  it.each([
    { text: 'profiles:\n  a: {credentials: {tencent: {role: {arn: r}, source: {profile: b}}}}\n  b: {credentials: {tencent: {role: {arn: r}, source: {profile: a}}}}\n', error: /profiles\.b\.credentials\.tencent\.source\.profile: the credentials form a cycle: a → b → a/ },
    { text: 'profiles:\n  a: {credentials: {aliyun: {role: {arn: r}, source: {profile: nope}}}}\n', error: /profile 'nope' \(from .*profiles\.a\.credentials\.aliyun\.source\.profile\) is not defined/ },
    { text: 'profiles:\n  a: {credentials: {huawei: {agency: {name: n, domainId: d}, source: {profile: b}}}}\n  b: {region: x}\n', error: /profiles\.a\.credentials\.huawei\.source\.profile: profile 'b' has no huawei credentials/ },
  ])('refuses $error with exit 2, reading no environment', async ({ text, error }) => {
    const dir = makeTree({ '.fcinvokerc': text });
    const run = await runMain(['config', 'validate'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(error);
  });

  it('accepts chained roles, and every exchange of .fcinvokerc.example', async () => {
    expect((await runMain(['config', 'validate'], { cwd: root })).code).toBe(0);
    const example = new URL('../../.fcinvokerc.example', import.meta.url).pathname;
    const run = await runMain(['config', 'validate', example]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});
