/**
 * The start-up floor for one request with undici: loads only undici (the bundle's slim entry, with the product's
 * build options) and sends one request, as fcinvoke's transport does (`dispatch` with a bare handler, Liftoff only,
 * set just before the request, as src/cli.ts does for one invocation), then exits. What one invoke costs beyond
 * this is fcinvoke's own: commander, config, credentials, signing, output. bench/run.mjs bundles and times it.
 *
 * Usage: node undici-probe.mjs <url>
 */
import { createRequire } from 'node:module';
import { Client } from 'undici';

const url = new URL(process.argv[2]);
const client = new Client(url.origin);
createRequire(import.meta.url)('node:v8').setFlagsFromString('--liftoff-only');
const body = Buffer.from('{"name":"bench"}');
const status = await new Promise((resolve, reject) => {
  let code = 0;
  client.dispatch(
    { method: 'POST', path: '/', headers: { 'content-type': 'application/json', 'content-length': String(body.length) }, body },
    {
      onConnect() {},
      onHeaders(statusCode) {
        code = statusCode;
        return true;
      },
      onData() {
        return true;
      },
      onComplete() {
        resolve(code);
      },
      onError: reject,
    },
  );
});
await client.close();
process.stdout.write(`${status}\n`);
