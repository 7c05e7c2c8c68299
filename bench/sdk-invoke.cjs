/**
 * The peer for the single-invocation bench: one InvokeFunction call with the official tencentcloud-sdk-nodejs-scf,
 * loaded the way its users load it, printing the function's return value like fcinvoke does.
 *
 * Usage: node bench/sdk-invoke.cjs <emulator url> [event file]
 */
'use strict';
const { readFileSync } = require('node:fs');
const { scf } = require('tencentcloud-sdk-nodejs-scf');

const [url, eventFile] = process.argv.slice(2);
const client = new scf.v20180416.Client({
  credential: { secretId: process.env.TENCENTCLOUD_SECRET_ID, secretKey: process.env.TENCENTCLOUD_SECRET_KEY },
  region: 'ap-guangzhou',
  profile: { httpProfile: { endpoint: new URL(url).host, protocol: 'http://' } },
});
const event = eventFile === undefined ? '{"name":"bench"}' : readFileSync(eventFile, 'utf8');

client.InvokeFunction({ FunctionName: 'hello', Event: event, LogType: 'Tail' }).then(
  (response) => {
    process.stdout.write(`${response.Result.RetMsg}\n`);
  },
  (error) => {
    process.stderr.write(`${error.code ?? ''} ${error.message}\n`);
    process.exitCode = 1;
  },
);
