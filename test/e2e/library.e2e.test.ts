/**
 * The library as a user gets it: `fcinvoke` imported by its package name (Node resolves a package's own name
 * through package.json `exports` from inside the package), i.e. the built dist/index.js, running an invocation
 * and a batch against an emulator started in this process. docs/library.md shows the same calls.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The name in a variable: the built package is what runs, while tsc type-checks against the sources, so the type
// check does not need a build.
const packageName = 'fcinvoke';
const fcinvoke = (await import(packageName)) as typeof import('../../src/index.js');

let emulator: Awaited<ReturnType<typeof fcinvoke.startEmulator>>;

beforeAll(async () => {
  emulator = await fcinvoke.startEmulator({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await fcinvoke.closeTransport();
  await emulator?.close();
});

describe("import { … } from 'fcinvoke'", () => {
  it('is the built package, with the registry of every provider', () => {
    expect(fcinvoke.providers.map((entry) => entry.id)).toEqual(['tencent', 'tencent-v2', 'aliyun', 'aliyun-fc2', 'huawei', 'otc']);
    expect(fcinvoke.findProvider('fc2')?.id).toBe('aliyun-fc2');
  });

  it('invokes a function once', async () => {
    const provider = await fcinvoke.findProvider('tencent')!.load();
    const input = fcinvoke.createInvokeInput(provider, {
      functionName: 'hello',
      region: fcinvoke.DEMO_IDENTIFIERS.region.tencent,
      endpoint: emulator.url,
      event: { name: 'Ada' },
    });
    const invocation = await fcinvoke.invoke(provider, input, fcinvoke.DEMO_CREDENTIALS.tencent);
    expect(invocation.result).toMatchObject({ provider: 'tencent', status: 'ok', result: { message: 'Hello, Ada!' } });
    expect(invocation.result.logs).toContain('saying hello to Ada');
  });

  it('runs a batch: one line per input, in order, then the summary', async () => {
    const provider = await fcinvoke.findProvider('huawei')!.load();
    const inputs = ['Ada', 'Grace', 'Edsger'].map((name) =>
      fcinvoke.createInvokeInput(provider, {
        functionName: 'hello',
        region: fcinvoke.DEMO_IDENTIFIERS.region.huawei,
        projectId: fcinvoke.DEMO_IDENTIFIERS.projectId,
        endpoint: emulator.url,
        event: { name },
      }),
    );
    const seen: unknown[] = [];
    for await (const event of fcinvoke.invokeBatch(provider, inputs, fcinvoke.DEMO_CREDENTIALS.huawei, { concurrency: 2 })) {
      seen.push(event.type === 'line' ? [event.line, event.result.status, event.result.result] : event.summary.count);
    }
    expect(seen).toEqual([
      [1, 'ok', { message: 'Hello, Ada!' }],
      [2, 'ok', { message: 'Hello, Grace!' }],
      [3, 'ok', { message: 'Hello, Edsger!' }],
      3,
    ]);
  });

  it('resolves credentials from the environment it is given', async () => {
    const resolved = await fcinvoke.resolveCredentials({
      provider: 'scf',
      env: { TENCENTCLOUD_SECRET_ID: 'AKIDfcinvokeLIBRARY0001', TENCENTCLOUD_SECRET_KEY: 'fcinvokeLIBRARYsecret0001', TENCENTCLOUD_REGION: 'ap-beijing' },
      home: '/nonexistent-fcinvoke-home',
      cwd: '/nonexistent-fcinvoke-home',
    });
    expect(resolved.credentials).toMatchObject({ kind: 'keys', accessKeyId: 'AKIDfcinvokeLIBRARY0001' });
    expect(resolved.source).toBe('TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY');
    expect(resolved.settings.region).toBe('ap-beijing');
  });

  it("gives the result's JSON Schema", async () => {
    const schema = (await fcinvoke.resultJsonSchema()) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toContain('status');
  });
});

describe('docs/library.md', () => {
  it('runs its example as written, and prints what the page says', () => {
    const page = readFileSync(new URL('../../docs/library.md', import.meta.url), 'utf8');
    const [, code, printed] = /```js\n([\s\S]*?)```[\s\S]*?It prints:\n\n```\n([\s\S]*?)```/.exec(page) ?? [];
    expect(code).toBeDefined();
    // Evaluated with the repository as its directory, where the package's own name resolves to dist/.
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', code!], {
      cwd: new URL('../..', import.meta.url),
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(printed);
  });
});
