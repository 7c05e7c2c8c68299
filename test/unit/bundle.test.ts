/**
 * The esbuild bundle (scripts/build.mjs): what `invoke tencent` loads before its first request, the chunks that
 * must stay separate, and the slimmed undici the bundle uses. Built in memory, so it checks the current sources
 * whatever state dist/ is in.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFiles, buildOptions, LEVERS, SMALL_CHUNK_BYTES, withRequireBanner, type BuiltFile } from '../../scripts/build.mjs';
import { invokePath, normalizeInput, outputFor, staticClosure, type LoadPath } from '../../scripts/bundle-graph.mjs';

const OTHER_PROVIDERS = ['tencent-v2', 'aliyun', 'aliyun-fc2', 'huawei'];
let metafile: Metafile;
let tencent: LoadPath;

beforeAll(async () => {
  const result = await build({ ...buildOptions({ outdir: 'dist' }), write: false });
  metafile = result.metafile!;
  tencent = invokePath(metafile, 'tencent');
}, 60_000);

describe('what invoke tencent loads before its first request', () => {
  it('starts from dist/cli.js and reaches the invoke command and the Tencent provider', () => {
    expect(outputFor(metafile, 'src/cli.ts')).toBe('dist/cli.js');
    expect(tencent.inputs).toContain('src/cli/commands/invoke.ts');
    expect(tencent.inputs).toContain('src/providers/tencent/signer.ts');
    expect(tencent.inputs).toContain('src/transport/http.ts');
  });

  it('does not load the emulator', () => {
    expect(tencent.inputs.filter((input) => input.startsWith('src/emulator/'))).toEqual([]);
  });

  it("does not load any provider's emulated API, its own included", () => {
    expect(tencent.inputs.filter((input) => /^src\/providers\/([^/]+\/)?emulator(\/|-api)/.test(input))).toEqual([]);
  });

  it('does not load zod, cosmiconfig or ora', () => {
    expect(tencent.packages).not.toContain('zod');
    expect(tencent.packages).not.toContain('ora');
    expect(tencent.packages).not.toContain('cosmiconfig');
    expect(tencent.externals).not.toContain('cosmiconfig');
    expect(tencent.inputs.filter((input) => /^src\/(config\/(load|schema)|output\/result-schema)\.ts$/.test(input))).toEqual([]);
  });

  it('does not load any other provider', () => {
    for (const provider of OTHER_PROVIDERS) {
      expect(tencent.inputs.filter((input) => input.startsWith(`src/providers/${provider}/`))).toEqual([]);
    }
  });

  it('loads only commander and undici from node_modules', () => {
    expect(tencent.packages).toEqual(['commander', 'undici']);
  });
});

describe('code splitting', () => {
  it('keeps every provider, the emulator, the config loader and ora in chunks of their own', () => {
    const entries = [
      ...OTHER_PROVIDERS.map((provider) => `src/providers/${provider}/index.ts`),
      'src/cli/commands/emulator.ts',
      'src/config/load.ts',
      'node_modules/ora/index.js',
    ];
    const startPath = new Set(tencent.outputs);
    for (const entry of entries) expect(startPath.has(outputFor(metafile, entry))).toBe(false);
  });

  it('loads the emulator only through the emulator command and --local', () => {
    const emulatorPath = staticClosure(metafile, [outputFor(metafile, 'src/cli/commands/emulator.ts')]);
    const serverChunk = emulatorPath.find((path) => 'src/emulator/server.ts' in metafile.outputs[path]!.inputs);
    expect(serverChunk).toBeDefined();
    expect(tencent.outputs).not.toContain(serverChunk);
  });

  it('bundles cosmiconfig into a chunk that only the config loader imports', () => {
    const chunks = Object.entries(metafile.outputs)
      .filter(([, output]) => Object.keys(output.inputs).some((input) => normalizeInput(input).startsWith('node_modules/cosmiconfig/')))
      .map(([path]) => path);
    expect(chunks).toHaveLength(1);
    const importers = Object.entries(metafile.outputs)
      .filter(([, output]) => output.imports.some((imported) => imported.path === chunks[0]))
      .map(([path]) => path);
    expect(importers).toEqual([outputFor(metafile, 'src/config/load.ts')]);
  });

  it('imports no package at run time but typescript, for a config file written in TypeScript', () => {
    const packages = Object.values(metafile.outputs)
      .flatMap((output) => output.imports)
      // node:sqlite (undici's cache store, never loaded) is not isBuiltin() on Node 20: the prefix says enough.
      .filter((imported) => imported.external && !imported.path.startsWith('node:') && !isBuiltin(imported.path))
      .map((imported) => imported.path);
    expect(new Set(packages)).toEqual(new Set(['typescript']));
  });
});

describe('the slimmed undici', () => {
  it('bundles the dispatchers without WebSocket, cookies, the SQLite cache store or the mock agents', () => {
    const undici = Object.keys(metafile.inputs)
      .map(normalizeInput)
      .filter((input) => input.startsWith('node_modules/undici/'));
    expect(undici).toContain('node_modules/undici/lib/dispatcher/agent.js');
    expect(undici).toContain('node_modules/undici/lib/dispatcher/proxy-agent.js');
    expect(undici.filter((input) => /\/lib\/(web\/(websocket|cookies|eventsource|cache)\/|cache\/sqlite|mock\/)/.test(input))).toEqual([]);
    expect(undici).not.toContain('node_modules/undici/index.js');
  });

  describe('as the transport uses it', () => {
    let directory: string;
    let server: Server;
    let url: string;
    let transport: typeof import('../../src/transport/http.js');

    beforeAll(async () => {
      directory = mkdtempSync(join(tmpdir(), 'fcinvoke-bundle-'));
      const result = await build({
        ...buildOptions(),
        entryPoints: ['src/transport/http.ts'],
        outdir: directory,
        splitting: false,
        write: false,
      });
      const file = join(directory, 'http.mjs');
      writeFileSync(file, withRequireBanner(result.outputFiles![0]!.contents));
      transport = (await import(pathToFileURL(file).href)) as typeof transport;
      server = createServer((request, response) => {
        request.resume();
        request.on('end', () => response.writeHead(200, { 'content-type': 'text/plain', 'x-seen': request.method ?? '' }).end('pong'));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    }, 60_000);

    afterAll(async () => {
      await transport?.closeTransport();
      server?.closeAllConnections();
      server?.close();
      rmSync(directory, { recursive: true, force: true });
    });

    it('sends a request and reads the whole response', async () => {
      const response = await transport.send({ method: 'POST', url, headers: { 'Content-Type': 'text/plain' }, body: new TextEncoder().encode('ping') });
      expect(response.status).toBe(200);
      expect(response.headers['x-seen']).toBe('POST');
      expect(Buffer.from(response.body).toString('utf8')).toBe('pong');
    });

    it("maps a refused connection to undici's error code, before anything was sent", async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const error = await transport
        .send({ method: 'POST', url: `http://127.0.0.1:${port}/`, headers: {}, body: new Uint8Array() })
        .then(() => undefined, (thrown: unknown) => thrown);
      expect(error).toMatchObject({ name: 'TransportError', code: 'ECONNREFUSED', phase: 'connect' });
    });
  });
});

describe('small shared chunks merged into one', () => {
  let files: BuiltFile[];
  let merged: Metafile;
  let unmerged: Metafile;
  const root = resolve('.');
  const key = (path: string) => relative(root, path).split('\\').join('/');

  beforeAll(async () => {
    ({ files, metafile: merged } = await buildFiles());
    ({ metafile: unmerged } = await buildFiles({ disable: [LEVERS.mergeChunks] }));
  }, 60_000);

  it('cuts the files invoke tencent loads to one shared chunk and a few others', () => {
    const before = invokePath(unmerged, 'tencent').outputs;
    const after = invokePath(merged, 'tencent').outputs;
    expect(after.filter((path) => /\/shared-[0-9A-F]{8}\.js$/.test(path))).toHaveLength(1);
    expect(after.length).toBeLessThanOrEqual(8);
    expect(after.length).toBeLessThan(before.length - 5);
  });

  it('points every relative import, static or dynamic, at a file that is built', () => {
    const built = new Set(files.map((file) => key(file.path)));
    for (const file of files) {
      const specifiers = [...file.text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map((match) => match[1]!);
      for (const specifier of specifiers) {
        expect(built, `${key(file.path)} imports ${specifier}`).toContain(key(resolve(dirname(file.path), specifier)));
      }
    }
  });

  it('describes the built files in the metafile, with every source module in exactly one of them', () => {
    expect(new Set(Object.keys(merged.outputs).filter((path) => path.endsWith('.js')))).toEqual(new Set(files.map((file) => key(file.path))));
    const owners = new Map<string, string[]>();
    for (const [path, output] of Object.entries(merged.outputs)) {
      for (const input of Object.keys(output.inputs)) owners.set(input, [...(owners.get(input) ?? []), path]);
    }
    const duplicated = [...owners].filter(([, paths]) => paths.length > 1);
    expect(duplicated).toEqual([]);
  });

  it('merges only chunks that are small, shared and not loaded at start', () => {
    const shared = Object.entries(merged.outputs).find(([path]) => /\/shared-[0-9A-F]{8}\.js$/.test(path))![1] as { mergedFrom?: string[] };
    expect(shared.mergedFrom!.length).toBeGreaterThan(5);
    for (const path of shared.mergedFrom!) {
      expect(unmerged.outputs[path]!.bytes).toBeLessThanOrEqual(SMALL_CHUNK_BYTES);
      expect(unmerged.outputs[path]!.entryPoint).toBeUndefined();
    }
    expect(staticClosure(merged, ['dist/cli.js'])).toEqual(staticClosure(unmerged, ['dist/cli.js']));
  });
});
