import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HttpTransport } from '../../src/transport/http.js';
import { createExchangeContext, MAX_CREDENTIAL_FILE_BYTES } from '../../src/engine/credentials/context.js';
import { readOidcToken } from '../../src/engine/credentials/oidc-token.js';
import { runCredentialProcess, splitCommandLine } from '../../src/engine/credentials/process.js';
import { tempDir } from '../helpers/exchange.js';

const transport = new HttpTransport();

describe('endpoint overrides', () => {
  it.each([
    ['https://sts.example.com/', 'https://sts.example.com', undefined],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://100.100.100.200', 'FCINVOKE_STS_ENDPOINT uses http to a host that is not loopback; use https', 'http://100.100.100.200'],
    ['not a url', 'FCINVOKE_STS_ENDPOINT is not a URL', 'FCINVOKE_METADATA_ENDPOINT is not a URL'],
    ['ftp://x', 'FCINVOKE_STS_ENDPOINT is not an http(s) URL', 'FCINVOKE_METADATA_ENDPOINT is not an http(s) URL'],
    ['https://user:pw@sts.example.com', 'FCINVOKE_STS_ENDPOINT must not carry a user name or password', 'FCINVOKE_METADATA_ENDPOINT must not carry a user name or password'],
    ['https://sts.example.com/?a=1', 'FCINVOKE_STS_ENDPOINT must be an origin, without a query or fragment', 'FCINVOKE_METADATA_ENDPOINT must be an origin, without a query or fragment'],
  ])('%s', (value, sts, metadata) => {
    const outcome = (name: string) => {
      try {
        const context = createExchangeContext({ env: { [name]: value }, transport });
        return name === 'FCINVOKE_STS_ENDPOINT' ? context.stsEndpoint : context.metadataEndpoint;
      } catch (error) {
        expect(error).toMatchObject({ exitCode: 2, code: 'config.endpoint' });
        // Never quoted: a URL may carry a password.
        expect((error as Error).message).not.toContain('pw');
        return (error as Error).message;
      }
    };
    expect(outcome('FCINVOKE_STS_ENDPOINT')).toBe(sts ?? value.replace(/\/$/, ''));
    expect(outcome('FCINVOKE_METADATA_ENDPOINT')).toBe(metadata ?? value.replace(/\/$/, ''));
  });

  it('unset or empty variables leave the clouds\' endpoints', () => {
    const context = createExchangeContext({ env: { FCINVOKE_STS_ENDPOINT: '' }, transport });
    expect([context.stsEndpoint, context.metadataEndpoint]).toEqual([undefined, undefined]);
  });

  it('reads files: text, undefined when missing, a config error when unreadable', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'token'), 'eyJ.token');
    const context = createExchangeContext({ env: {}, transport });
    expect(await context.readText(join(dir, 'token'))).toBe('eyJ.token');
    expect(await context.readText(join(dir, 'missing'))).toBeUndefined();
    await expect(context.readText(dir)).rejects.toMatchObject({ exitCode: 2, message: `cannot read ${dir}: it is a directory` });
  });
});

describe('splitCommandLine', () => {
  it.each([
    ['tool --profile ci', ['tool', '--profile', 'ci']],
    ["tool 'a b' \"c d\"", ['tool', 'a b', 'c d']],
    ['tool "" x', ['tool', '', 'x']],
    ['tool a\\ b "q\\"uote" \'$HOME\'', ['tool', 'a b', 'q"uote', '$HOME']],
    ['tool ; rm -rf / | cat $(id)', ['tool', ';', 'rm', '-rf', '/', '|', 'cat', '$(id)']],
  ])('%s', (line, argv) => {
    expect(splitCommandLine(line, false)).toEqual(argv);
  });

  it('keeps Windows paths', () => {
    expect(splitCommandLine('"C:\\Program Files\\cred.exe" C:\\x', true)).toEqual(['C:\\Program Files\\cred.exe', 'C:\\x']);
  });

  it.each([['   '], ['tool "open']])('refuses %j (exit 2)', (line) => {
    expect(() => splitCommandLine(line, false)).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});

describe('runCredentialProcess', () => {
  const node = JSON.stringify(process.execPath);
  const script = (code: string) => {
    const file = join(tempDir(), 'cred.js');
    writeFileSync(file, code);
    return `${node} ${JSON.stringify(file)}`;
  };

  it('returns stdout, with no shell in between', async () => {
    const command = script('process.stdout.write(JSON.stringify(process.argv.slice(2)))');
    expect(JSON.parse(await runCredentialProcess(`${command} '$HOME' ';' x`, { timeoutMs: 10_000 }))).toEqual(['$HOME', ';', 'x']);
  });

  it.each([
    ['exits non-zero', 'process.stdout.write("secret-output-123"); process.exit(3)', 3, /^the credential process 'node' exited with code 3$/],
    ['prints too much', 'process.stdout.write("x".repeat(2 * 1024 * 1024))', 3, /printed more than 1048576 bytes/],
    ['hangs', 'setInterval(() => {}, 1000)', 4, /did not finish within 300 ms/],
  ])('a process that %s is a credential error that quotes no output', async (_name, code, exitCode, message) => {
    const error = await runCredentialProcess(script(code), { timeoutMs: _name === 'hangs' ? 300 : 10_000 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ exitCode, message: expect.stringMatching(message) });
    expect((error as Error).message).not.toContain('secret-output-123');
  });

  it('a process still running at Ctrl-C is killed at once, not waited for until its timeout', async () => {
    const pidFile = join(tempDir(), 'pid');
    const command = script(`require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`);
    const controller = new AbortController();
    const running = runCredentialProcess(command, { timeoutMs: 60_000, signal: controller.signal }).catch((caught: unknown) => caught);
    while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8') === '') await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    // Without the signal this would wait the minute out (and the test time out).
    expect(await running).toBeInstanceOf(Error);
    // The child was sent SIGTERM: it goes (signalling it then fails) without waiting for the timeout.
    const alive = () => {
      try {
        process.kill(Number(readFileSync(pidFile, 'utf8')), 0);
        return true;
      } catch {
        return false;
      }
    };
    while (alive()) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(alive()).toBe(false);
  });

  it('a program that does not exist is a config error (exit 2)', async () => {
    await expect(runCredentialProcess('/nonexistent/fcinvoke-cred --secret s3cr3t', { timeoutMs: 1000 })).rejects.toMatchObject({
      exitCode: 2,
      message: "the credential process 'fcinvoke-cred' cannot be run: no such program",
    });
  });

  it('a leading NAME=value is refused by its name, never run as a program named after the value', async () => {
    const error = await runCredentialProcess('AK_SECRET=s3cr3t /bin/echo {}', { timeoutMs: 1000 }).then(
      () => undefined,
      (caught: unknown) => caught as { exitCode: number; message: string; hint: string },
    );
    expect(error).toMatchObject({ exitCode: 2, message: 'the credential process starts with AK_SECRET=…, which needs a shell: it is run without one' });
    expect(`${error?.message} ${error?.hint}`).not.toContain('s3cr3t');
  });
});

describe('credential files (OIDC tokens)', () => {
  const context = createExchangeContext({ env: {}, transport });
  const source = (tokenFile: string) => ({ kind: 'web-identity', cloud: 'aliyun', origin: 'profile ci', roleArn: 'r', providerId: 'p', tokenFile }) as const;
  const refusal = async (tokenFile: string) => {
    const error = (await readOidcToken(source(tokenFile), context).then(
      () => undefined,
      (caught: unknown) => caught,
    )) as { exitCode?: number; message: string } | undefined;
    expect(error?.exitCode).toBe(2);
    return error!.message;
  };

  it('reads a token up to the cap, trimmed, and refuses a larger file without reading it all or quoting it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ok'), `${'t'.repeat(MAX_CREDENTIAL_FILE_BYTES - 1)}\n`);
    expect(await readOidcToken(source(join(dir, 'ok')), context)).toBe('t'.repeat(MAX_CREDENTIAL_FILE_BYTES - 1));
    writeFileSync(join(dir, 'big'), 'secret-looking-text'.repeat(10_000));
    const message = await refusal(join(dir, 'big'));
    expect(message).toBe(`${join(dir, 'big')} is larger than 64 KiB: not a credential file`);
    // An endless file is cut at the cap too.
    expect(await refusal('/dev/zero')).toBe('/dev/zero is larger than 64 KiB: not a credential file');
  });

  it('names a missing, empty or unreadable token file, and where it was configured', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty'), ' \n');
    expect(await refusal(join(dir, 'nope'))).toBe(`the OIDC token file ${join(dir, 'nope')} (profile ci) does not exist`);
    expect(await refusal(join(dir, 'empty'))).toBe(`the OIDC token file ${join(dir, 'empty')} (profile ci) is empty`);
    expect(await refusal(dir)).toBe(`cannot read ${dir}: it is a directory`);
  });
});
