/**
 * Bounded memory: request bytes in flight across all connections are capped; a request that would go over the cap
 * is refused as the provider throttles (HTTP 429, before the function runs), by its declared Content-Length or as
 * its bytes arrive, and the bytes come back as soon as each request is done.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryableCause } from '../../src/engine/retry.js';
import { isThrottleCode } from '../../src/engine/invoke.js';
import { DEMO_CREDENTIALS, DEMO_IDENTIFIERS } from '../../src/emulator/demo-credentials.js';
import { OVERLOAD_HEADER, overloadAnswer } from '../../src/emulator/overload.js';
import { MAX_REQUEST_BYTES, startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { CLOUD, PROVIDERS } from '../helpers/providers.js';
import { PROVIDER_IDS, type ProviderId } from '../../src/providers/registry.js';
import { type HttpRequest, type InvokeInput, type Provider } from '../../src/providers/types.js';
import { countsOf, fetchEmulatorStats, ledgerKey } from '../helpers/emulator.js';

const KIB = 1024;
const CAP = 1024 * KIB;

function input(provider: ProviderId, url: string, event: string): InvokeInput {
  return {
    provider,
    functionName: provider === 'aliyun-fc2' ? 'demo/echo' : 'echo',
    event: new TextEncoder().encode(event),
    invocationType: 'sync',
    logs: false,
    endpoint: url,
    region: DEMO_IDENTIFIERS.region[CLOUD[provider]],
    accountId: DEMO_IDENTIFIERS.accountId,
    projectId: DEMO_IDENTIFIERS.projectId,
  };
}

function signed(provider: ProviderId, url: string, event: string): HttpRequest {
  const implementation = PROVIDERS[provider];
  return implementation.sign(implementation.buildRequest(input(provider, url, event)), DEMO_CREDENTIALS[CLOUD[provider]], {
    now: new Date(),
    nonce: Math.floor(Math.random() * 2 ** 30) + 1,
  });
}

/** An event of about `bytes` bytes, unique by `n`. */
function bigEvent(n: number, bytes: number): string {
  return JSON.stringify({ n, pad: 'x'.repeat(bytes) });
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * An upload on its own connection: the headers (with Content-Length unless `chunked`) and the first `firstBytes`
 * of the body go out at once; `finish()` sends the rest.
 */
function upload(signedRequest: HttpRequest, firstBytes: number, chunked = false) {
  const target = new URL(signedRequest.url);
  const headers: Record<string, string> = { ...signedRequest.headers };
  if (!chunked) headers['content-length'] = String(signedRequest.body.byteLength);
  const outgoing = httpRequest({
    agent: false,
    host: target.hostname,
    port: target.port,
    method: signedRequest.method,
    path: `${target.pathname}${target.search}`,
    headers,
  });
  const response = new Promise<Answer>((resolve, reject) => {
    outgoing.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('error', reject);
  });
  const body = Buffer.from(signedRequest.body);
  outgoing.write(body.subarray(0, firstBytes));
  return {
    response,
    finish: () => outgoing.end(body.subarray(firstBytes)),
    /** Sends the body `size` bytes at a time until an answer comes, then ends it. */
    trickleUntilAnswered: async (size: number) => {
      let offset = firstBytes;
      let answered = false;
      void response.then(() => (answered = true));
      while (!answered && offset < body.byteLength) {
        outgoing.write(body.subarray(offset, offset + size));
        offset += size;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      outgoing.end(answered ? undefined : body.subarray(offset));
      return response;
    },
  };
}

async function waitFor(check: () => boolean, what: string, ms = 1_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ host: '127.0.0.1', port: 0, maxBytesInFlight: CAP });
});

afterAll(() => emulator.close());

describe('the in-flight byte cap', () => {
  it('refuses by declared Content-Length an upload that would go over the cap, before the function runs', async () => {
    const eventA = bigEvent(1, 600 * KIB);
    const eventB = bigEvent(2, 600 * KIB);
    const a = upload(signed('aliyun', emulator.url, eventA), 1024);
    await waitFor(() => emulator.stats().bytesInFlight > 600 * KIB, 'the first upload to reserve its bytes');

    const b = upload(signed('aliyun', emulator.url, eventB), 0);
    b.finish();
    const refused = await b.response;
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.text)).toMatchObject({ Code: 'ResourceExhausted' });
    expect(refused.headers[OVERLOAD_HEADER.toLowerCase()]).toBe(`max-bytes-in-flight=${CAP}`);
    expect(emulator.stats()).toMatchObject({ requestsInFlight: 1, overloadRefusals: 1 });

    a.finish();
    const served = await a.response;
    expect(served.status).toBe(200);
    expect(served.text).toBe(eventA);

    await waitFor(() => emulator.stats().requestsInFlight === 0, 'every request to be done');
    expect(await fetchEmulatorStats(emulator.url)).toEqual({
      bytesInFlight: 0,
      requestsInFlight: 0,
      maxBytesInFlight: CAP,
      overloadRefusals: 1,
    });
    const ledger = emulator.ledger();
    expect(countsOf(ledger, ledgerKey('aliyun', 'echo', eventA))).toEqual({ requests: 1, runs: 1 });
    expect(countsOf(ledger, ledgerKey('aliyun', 'echo', eventB))).toEqual({ requests: 0, runs: 0 });
    expect(ledger.refusedUnread).toBe(1);

    // The refusal was safe to retry: with the cap free again the same invocation runs, once.
    const retried = upload(signed('aliyun', emulator.url, eventB), 0);
    retried.finish();
    expect((await retried.response).status).toBe(200);
    expect(countsOf(emulator.ledger(), ledgerKey('aliyun', 'echo', eventB))).toEqual({ requests: 1, runs: 1 });
  });

  it('refuses a chunked upload as its bytes arrive over the cap, with the provider throttling body', async () => {
    emulator.resetLedger();
    const held = upload(signed('huawei', emulator.url, bigEvent(3, 700 * KIB)), 512);
    await waitFor(() => emulator.stats().bytesInFlight > 700 * KIB, 'the held upload to reserve its bytes');

    const eventC = bigEvent(4, 600 * KIB);
    const chunked = upload(signed('tencent', emulator.url, eventC), 0, true);
    const refused = await chunked.trickleUntilAnswered(32 * KIB);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.text)).toMatchObject({ Response: { Error: { Code: 'RequestLimitExceeded' } } });

    held.finish();
    expect((await held.response).status).toBe(200);
    await waitFor(() => emulator.stats().requestsInFlight === 0, 'every request to be done');
    expect(emulator.stats().bytesInFlight).toBe(0);
    expect(countsOf(emulator.ledger(), ledgerKey('tencent', 'echo', eventC)).runs).toBe(0);
    expect(emulator.ledger()).toMatchObject({ runs: 1, refusedUnread: 1 });
  });

  it('admits a request over the cap when it is alone in flight', async () => {
    const event = bigEvent(5, CAP + 256 * KIB);
    const alone = upload(signed('aliyun-fc2', emulator.url, event), 0);
    alone.finish();
    const served = await alone.response;
    expect(served.status).toBe(200);
    expect(served.text).toBe(event);
  });

  it('refuses a declared body over the per-request limit at once, without reading it', async () => {
    const before = emulator.ledger().refusedUnread;
    const target = new URL(emulator.url);
    const answer = await new Promise<number>((resolve, reject) => {
      const outgoing = httpRequest({
        agent: false,
        host: target.hostname,
        port: target.port,
        method: 'POST',
        path: '/2023-03-30/functions/echo/invocations',
        headers: { 'content-length': String(MAX_REQUEST_BYTES + 1) },
      });
      outgoing.on('response', (incoming) => {
        incoming.resume();
        resolve(incoming.statusCode ?? 0);
        outgoing.destroy();
      });
      outgoing.on('error', (error) => (outgoing.destroyed ? undefined : reject(error)));
      outgoing.flushHeaders();
    });
    expect(answer).toBe(413);
    expect(emulator.ledger().refusedUnread).toBe(before + 1);
    await waitFor(() => emulator.stats().requestsInFlight === 0, 'the refused request to be done');
    expect(emulator.stats().bytesInFlight).toBe(0);
  });

  it('refuses a cap that is not a positive whole number of bytes', async () => {
    await expect(startEmulator({ port: 0, maxBytesInFlight: 0 })).rejects.toThrow(/maxBytesInFlight/);
    await expect(startEmulator({ port: 0, maxBytesInFlight: 1.5 })).rejects.toThrow(/maxBytesInFlight/);
  });
});

describe('the overload refusal, as each client reads it', () => {
  it.each(PROVIDER_IDS)('%s: HTTP 429 with a throttling code, so the client knows the function did not run', async (provider) => {
    const answer = overloadAnswer(provider, CAP);
    expect(answer.status).toBe(429);
    const body = typeof answer.body === 'string' ? new TextEncoder().encode(answer.body) : answer.body;
    const parsed = PROVIDERS[provider].parseResponse(
      { status: answer.status, headers: answer.headers, body },
      input(provider, 'http://127.0.0.1:9000', '{}'),
    );
    expect(parsed.result.status).toBe('api_error');
    const code = parsed.result.error?.code ?? '';
    expect(await isThrottleCode(provider, code)).toBe(true);
    const cause = retryableCause(
      { status: 'api_error', invocationType: 'sync', errorCode: code, httpStatus: 429, throttled: true },
      false,
    );
    expect(cause.retryable).toBe(true);
  });
});
