/**
 * One throughput run in its own process: `count` invocations of `hello`, `concurrency` in flight, against the
 * server at `url`. Prints one JSON line {mode, count, ok, seconds, perSecond, cpuMicrosPerCall} on stdout: the rate,
 * and this process's CPU time per invocation (steadier than the rate on a shared machine).
 *
 *   fcinvoke  core invoke(): build, sign (TC3), send through the shared undici pool, parse, per invocation
 *   sdk       the official tencentcloud-sdk-nodejs-scf Client.InvokeFunction
 *   undici    raw undici.request of one request signed up front: no building, signing or parsing
 *   record    sends one signed request and writes the response as JSON to the file named by `countText`, for
 *             bench/canned-server.mjs
 *
 * bench/run.mjs bundles this file with esbuild (it imports src/ as TypeScript) before running it.
 */
import { createRequire } from 'node:module';
import { request, Agent } from 'undici';
import { invoke } from '../src/engine/invoke.ts';
import { tencentProvider } from '../src/providers/tencent/index.ts';

import { writeFileSync } from 'node:fs';

const [mode, url, countText, concurrencyText, warmupText] = process.argv.slice(2);
const count = Number(countText);
const concurrency = Number(concurrencyText);
const warmup = Number(warmupText ?? 500);
const credentials = {
  kind: 'keys',
  accessKeyId: 'AKIDfcinvokeDEMO00000000000000000000',
  accessKeySecret: 'fcinvokeDEMOsecretKEY000000000000',
};
const event = new TextEncoder().encode('{"name":"bench"}');
const input = {
  provider: 'tencent',
  functionName: 'hello',
  event,
  invocationType: 'sync',
  logs: true,
  endpoint: url,
  region: 'ap-guangzhou',
};

if (mode === 'record') {
  const signed = tencentProvider.sign(tencentProvider.buildRequest(input), credentials, { now: new Date(), nonce: 1 });
  const response = await request(signed.url, { method: 'POST', headers: signed.headers, body: signed.body });
  const body = Buffer.from(await response.body.arrayBuffer());
  writeFileSync(countText, JSON.stringify({ status: response.statusCode, headers: response.headers, body: body.toString('base64') }));
  process.exit(response.statusCode === 200 ? 0 : 1);
}

const once = await invoker(mode);
await run(warmup, once);
const started = performance.now();
const cpuBefore = process.cpuUsage();
const ok = await run(count, once);
const cpu = process.cpuUsage(cpuBefore);
const seconds = (performance.now() - started) / 1000;
const cpuMicrosPerCall = (cpu.user + cpu.system) / count;
process.stdout.write(`${JSON.stringify({ mode, count, ok, seconds, perSecond: count / seconds, cpuMicrosPerCall })}\n`);
process.exit(ok === count ? 0 : 1);

/** A function performing one invocation and resolving to whether it succeeded. */
async function invoker(kind) {
  if (kind === 'fcinvoke') {
    return async () => (await invoke(tencentProvider, input, credentials, { timeoutMs: 30_000 })).result.status === 'ok';
  }
  if (kind === 'sdk') {
    const require = createRequire(import.meta.url);
    const { scf } = require('tencentcloud-sdk-nodejs-scf');
    const client = new scf.v20180416.Client({
      credential: { secretId: credentials.accessKeyId, secretKey: credentials.accessKeySecret },
      region: 'ap-guangzhou',
      profile: { httpProfile: { endpoint: new URL(url).host, protocol: 'http://', reqTimeout: 30 } },
    });
    return async () => {
      const response = await client.InvokeFunction({ FunctionName: 'hello', Event: '{"name":"bench"}', LogType: 'Tail' });
      return response.Result?.InvokeResult === 0;
    };
  }
  if (kind === 'undici') {
    const signed = tencentProvider.sign(tencentProvider.buildRequest(input), credentials, { now: new Date(), nonce: 1 });
    const dispatcher = new Agent({ keepAliveTimeout: 4_000 });
    return async () => {
      const response = await request(signed.url, { method: 'POST', headers: signed.headers, body: signed.body, dispatcher });
      await response.body.arrayBuffer();
      return response.statusCode === 200;
    };
  }
  throw new Error(`unknown mode ${kind}`);
}

/** Runs `total` invocations with at most `concurrency` in flight; resolves to the number that succeeded. */
async function run(total, once) {
  let started = 0;
  let succeeded = 0;
  const lane = async () => {
    while (started < total) {
      started += 1;
      if (await once()) succeeded += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  return succeeded;
}
