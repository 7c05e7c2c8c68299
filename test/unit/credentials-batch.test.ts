/**
 * invokeBatch with a credential provider, on one injected clock shared with the emulator: temporary credentials are
 * refreshed between lines before they expire, refused cached ones are replaced once, and a failed refresh is a line.
 */
import { describe, expect, it } from 'vitest';
import type { CredentialSource, ExchangeSource } from '../../src/core/credential-source.js';
import { CredentialError, EXIT_CODES } from '../../src/core/errors.js';
import { DEMO_CREDENTIALS, DEMO_IDENTIFIERS } from '../../src/emulator/demo-credentials.js';
import { DiskCredentialCache } from '../../src/engine/credentials/cache.js';
import { createCredentialProvider } from '../../src/engine/credentials/provider.js';
import type { Exchange } from '../../src/engine/credentials/types.js';
import { createInvokeInput } from '../../src/engine/input.js';
import { invokeBatch, type BatchLine } from '../../src/engine/invoke-batch.js';
import { aliyunProvider } from '../../src/providers/aliyun/index.js';
import { HttpTransport } from '../../src/transport/http.js';
import { useEmulator } from '../helpers/emulator.js';
import { issuingExchange, tempDir, testExchangeContext, TestClock } from '../helpers/exchange.js';

const clock = new TestClock(Date.now());
const emulator = await useEmulator({ now: clock.now });
const transport = new HttpTransport();
const input = createInvokeInput(aliyunProvider, {
  functionName: 'hello',
  endpoint: emulator.url,
  region: DEMO_IDENTIFIERS.region.aliyun,
  accountId: DEMO_IDENTIFIERS.accountId,
});
const ROLE: ExchangeSource = {
  kind: 'assume-role',
  cloud: 'aliyun',
  origin: 'profile ci',
  roleArn: 'acs:ram::1234567890123456:role/ci',
  via: { kind: 'static', cloud: 'aliyun', origin: 'demo', credentials: DEMO_CREDENTIALS.aliyun } satisfies CredentialSource,
};

async function lines(supplier: Parameters<typeof invokeBatch>[2], count: number, onRequest?: () => void): Promise<BatchLine[]> {
  const result: BatchLine[] = [];
  const events = invokeBatch(aliyunProvider, Array.from({ length: count }, () => input), supplier, {
    concurrency: 1,
    transport,
    env: {},
    // The client signs on the emulator's clock, which also checks request dates.
    now: clock.now,
    onRequest: onRequest === undefined ? undefined : () => onRequest(),
  });
  for await (const event of events) if (event.type === 'line') result.push(event);
  return result;
}

describe('a batch with a credential provider', () => {
  it('a 3-line batch across an expiry makes 2 exchanges, and every line runs', async () => {
    const fake = issuingExchange(clock, 900);
    const provider = createCredentialProvider(ROLE, { context: testExchangeContext(clock), exchangeFor: fake.exchangeFor });
    // 900 s credentials are refreshed from 600 s on; each line moves the clock 400 s: line 3 starts at 800 s.
    const result = await lines(provider, 3, () => clock.advance(400_000));
    expect(result.map((line) => line.result.status)).toEqual(['ok', 'ok', 'ok']);
    expect(fake.calls).toHaveLength(2);
    expect(fake.calls.every((call) => call.signer === DEMO_CREDENTIALS.aliyun)).toBe(true);
  });

  it('the same batch without the clock moving makes 1 exchange', async () => {
    const fake = issuingExchange(clock, 900);
    const provider = createCredentialProvider(ROLE, { context: testExchangeContext(clock), exchangeFor: fake.exchangeFor });
    expect((await lines(provider, 3)).map((line) => line.result.status)).toEqual(['ok', 'ok', 'ok']);
    expect(fake.calls).toHaveLength(1);
  });

  it('cached credentials the emulator refuses are replaced once; fresh ones it refuses are not retried', async () => {
    const disk = new DiskCredentialCache(tempDir(), () => undefined);
    let good = false;
    const fake = issuingExchange(clock, 3600);
    const exchange: Exchange = async (source, signer, context) =>
      good ? fake.exchange(source, signer, context) : { kind: 'keys', accessKeyId: 'STS.REVOKED', accessKeySecret: 'revoked', securityToken: 'revoked-token', expiresAt: new Date(clock.now().getTime() + 3_600_000) };
    const deps = () => ({ context: testExchangeContext(clock), disk, exchangeFor: async () => exchange });
    // Fresh and refused: one exchange, the line is the refusal.
    const refused = await lines(createCredentialProvider(ROLE, deps()), 1);
    expect(refused.map((line) => line.result.status)).toEqual(['api_error']);
    // Now cached on disk and refused: dropped, one fresh (good) exchange, the lines run.
    good = true;
    const replaced = await lines(createCredentialProvider(ROLE, deps()), 2);
    expect(replaced.map((line) => line.result.status)).toEqual(['ok', 'ok']);
    expect(fake.calls).toHaveLength(1);
  });

  it('a refresh that fails is a line with the exchange error, nothing sent for it', async () => {
    const fake = issuingExchange(clock, 900);
    let calls = 0;
    const exchange: Exchange = async (source, signer, context) => {
      calls += 1;
      if (calls > 1) throw new CredentialError('the STS refused AssumeRole for role ci', EXIT_CODES.apiError, { hint: 'check the trust policy of role ci' });
      return fake.exchange(source, signer, context);
    };
    const provider = createCredentialProvider(ROLE, { context: testExchangeContext(clock), exchangeFor: async () => exchange });
    const before = emulator.ledger().requests;
    const result = await lines(provider, 2, () => clock.advance(700_000));
    expect(result.map((line) => line.result.status)).toEqual(['ok', 'api_error']);
    expect(result[1]!.result.error).toEqual({ code: 'credentials.refused', message: 'the STS refused AssumeRole for role ci' });
    expect(result[1]!.hint).toBe('check the trust policy of role ci');
    expect(emulator.ledger().requests - before).toBe(1);
  });
});
