/** `main` in-process with captured streams: output placement, colour rules and usage errors. */
import { describe, expect, it } from 'vitest';
import { cleanEnv, runMain } from '../helpers/cli.js';

const ANSI = /\u001b\[/;
const local = ['invoke', 'tencent', 'hello', '--local', '-e', '{"name":"Ada"}'];

describe('main', () => {
  it('keeps colour off when stderr is not a terminal', async () => {
    const run = await runMain(local);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(ANSI);
    expect(run.stdout).toBe('{"message":"Hello, Ada!"}');
  });

  it('colours stderr at a terminal, and pretty-prints stdout at a terminal', async () => {
    const run = await runMain(local, { stderrTTY: true, stdoutTTY: true, env: cleanEnv({ CI: 'true', TERM: 'xterm' }) });
    expect(run.stderr).toMatch(ANSI);
    expect(run.stdout).toMatch(ANSI);
    expect(run.stdout.replace(/\u001b\[[0-9;]*m/g, '')).toBe('{\n  "message": "Hello, Ada!"\n}\n');
  });

  it('honours NO_COLOR and --no-color at a terminal', async () => {
    const noColor = await runMain(local, { stderrTTY: true, env: cleanEnv({ CI: '1', NO_COLOR: '1', TERM: 'xterm' }) });
    expect(noColor.stderr).not.toMatch(ANSI);
    const flag = await runMain([...local, '--no-color'], { stderrTTY: true, env: cleanEnv({ CI: '1', TERM: 'xterm' }) });
    expect(flag.stderr).not.toMatch(ANSI);
  });

  it('honours FORCE_COLOR when stderr is not a terminal', async () => {
    const run = await runMain(local, { env: cleanEnv({ FORCE_COLOR: '1' }) });
    expect(run.stderr).toMatch(ANSI);
  });

  it('keeps stdout to one uncoloured JSON document with --json, even at a colour terminal', async () => {
    const run = await runMain([...local, '--json'], { stderrTTY: true, stdoutTTY: false, env: cleanEnv({ FORCE_COLOR: '1' }) });
    expect(run.stdout).not.toMatch(ANSI);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'ok' });
    expect(run.stderr).toBe('');
  });

  it.each([
    ['--json with --raw', [...local, '--json', '--raw'], /--raw/],
    ['an unknown option', ['invoke', 'tencent', 'hello', '--evnt', '{}'], /^error: unknown option '--evnt'/],
    ['both --event and --event-file', ['invoke', 'tencent', 'hello', '--local', '-e', '{}', '-f', 'x.json'], /not both/],
    ['a missing --event-file', ['invoke', 'tencent', 'hello', '--local', '-f', '/nonexistent/event.json'], 'error: cannot read --event-file /nonexistent/event.json: no such file\n'],
    ['an invalid function name, before sending', ['invoke', 'tencent', '9bad name', '--local'], /invalid SCF function name/],
  ])('refuses %s with exit 2 and one line', async (_what, argv, stderr) => {
    const run = await runMain(argv);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    if (typeof stderr === 'string') expect(run.stderr).toBe(stderr);
    else expect(run.stderr).toMatch(stderr);
  });

  it('sends no X-TC-Region when no region is given (the seed: Region is not required for this API)', async () => {
    const run = await runMain(['invoke', 'tencent', 'hello', '--dry-run', '--json'], {
      env: cleanEnv({ TENCENTCLOUD_SECRET_ID: 'AKIDx', TENCENTCLOUD_SECRET_KEY: 'secretsecret' }),
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"url":"https://scf.tencentcloudapi.com/"');
    expect(run.stdout).not.toContain('X-TC-Region');
  });

  it('prints a redacted request and timings with --debug', async () => {
    const run = await runMain([...local, '--debug']);
    expect(run.code).toBe(0);
    // The key id masked as `config show` masks it: four characters at each end.
    expect(run.stderr).toMatch(/debug: \{"method":"POST".*"Authorization":"TC3-HMAC-SHA256 Credential=AKID…[^/"]{4}\/[^"]*Signature=\*\*\*"/);
    expect(run.stderr).not.toContain('AKIDfcinvokeDEMO');
    expect(run.stderr).toMatch(/debug: timings connected=[\d.]+ms first-byte=[\d.]+ms total=[\d.]+ms/);
    expect(run.stderr).not.toContain('fcinvokeDEMOsecretKEY');
  });

  it('prints the JSON Schema of the result', async () => {
    const run = await runMain(['schema', 'result']);
    const schema = JSON.parse(run.stdout);
    expect(schema.required).toEqual(expect.arrayContaining(['provider', 'status', 'metrics', 'error']));
  });

  it('prints the version', async () => {
    const run = await runMain(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
