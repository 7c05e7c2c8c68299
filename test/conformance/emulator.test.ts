/**
 * The emulator concern of the provider conformance suite, for every row of ./emulator-cases.ts: the emulator
 * accepts the request our client signed, and refuses it changed after signing, signed with a wrong or unknown key,
 * outside the time window, replayed, or without its session token, each with the API's own code.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { useEmulator } from '../helpers/emulator.js';
import { EMULATOR_CASES, EMULATOR_KEYS, kitFor, send, withHeaders, type Answer, type EmulatorCase, type Refusal } from './emulator-cases.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await useEmulator({ env: EMULATOR_KEYS });
});

function expectAccepted(row: EmulatorCase, answer: Answer): void {
  expect(answer.status, answer.text).toBe(200);
  expect(row.payload(answer)).toBe('{"message":"Hello, Ada!"}');
}

function expectRefused(row: EmulatorCase, answer: Answer, refusal: Refusal): void {
  expect(answer.status, answer.text).toBe(refusal.status ?? row.refusedStatus);
  expect(row.codeOf(answer)).toBe(refusal.code);
  if (refusal.message !== undefined) expect(row.messageOf(answer)).toMatch(refusal.message);
  if (refusal.json !== undefined) expect(answer.json).toEqual(refusal.json);
}

describe.each(EMULATOR_CASES)('conformance emulator: $id', (row) => {
  const kit = () => kitFor(row, emulator.url);
  const minutesAgo = (ms: number) => new Date(Date.now() - ms);

  it('accepts the untampered request our client signed', async () => {
    expectAccepted(row, await send(kit().signed()));
  });

  it('refuses a body changed by one byte after signing', async () => {
    const signed = kit().signed();
    const body = Buffer.from(signed.body);
    body[body.indexOf('Ada')] = 'B'.charCodeAt(0);
    expectRefused(row, await send({ ...signed, body }), row.mismatch);
  });

  it('refuses a request signed with the wrong secret', async () => {
    expectRefused(row, await send(kit().signed({}, { ...row.keys, accessKeySecret: 'not-the-secret' })), { code: row.mismatch.code });
  });

  it('refuses an unknown key id', async () => {
    const answer = await send(kit().signed({}, { ...row.keys, accessKeyId: row.unknownKey.id }));
    expectRefused(row, answer, row.unknownKey);
  });

  it('refuses a request signed beyond the allowed clock skew, in the past or the future, and accepts one just within it', async () => {
    expectRefused(row, await send(kit().signed({}, row.keys, minutesAgo(row.skew.ms + 60_000))), row.skew);
    expectRefused(row, await send(kit().signed({}, row.keys, minutesAgo(-row.skew.ms - 60_000))), { code: row.skew.code });
    expectAccepted(row, await send(kit().signed({}, row.keys, minutesAgo(row.skew.ms - 60_000))));
  });

  it('answers an unknown function with its not-found code', async () => {
    const functionName = `${row.input(emulator.url).functionName}-missing`;
    expectRefused(row, await send(kit().signed({ functionName })), row.notFound);
  });

  it(`keeps only the last ${row.log.tailBytes} bytes of a long log`, async () => {
    const functionName = row.input(emulator.url).functionName.replace('hello', 'log-flood');
    const log = row.log.of(await send(kit().signed({ functionName }))) ?? '';
    expect(Buffer.byteLength(log)).toBeLessThanOrEqual(row.log.tailBytes);
    expect(Buffer.byteLength(log)).toBeGreaterThan(row.log.tailBytes - 96);
    expect(log).toContain('log line 0200');
    expect(log).not.toContain('log line 0001');
  });

  it('sends no log when none was asked for', async () => {
    const answer = await send(kit().signed({ logs: false }));
    expectAccepted(row, answer);
    expect(row.log.of(answer)).toBe(row.log.none);
  });

  it(`refuses a ${row.tooLarge.invocationType} event over ${row.tooLarge.limit} bytes`, async () => {
    const event = new TextEncoder().encode(JSON.stringify({ x: 'a'.repeat(row.tooLarge.limit) }));
    const answer = await send(kit().signed({ invocationType: row.tooLarge.invocationType, event }));
    expectRefused(row, answer, row.tooLarge.refused);
  });

  it.each(row.tampers.map((tamper) => [tamper.name, tamper] as const))('refuses %s', async (_name, tamper) => {
    const { build, sign, signed } = kit();
    const sent = tamper.tamper({ signed: signed(), unsigned: build(), build, sign });
    expectRefused(row, await send(sent), tamper.refused);
  });

  const replay = row.replay;
  if ('code' in replay) {
    it('refuses the same signed request sent twice', async () => {
      const signed = kit().signed();
      expectAccepted(row, await send(signed));
      expectRefused(row, await send(signed), replay);
    });
  }

  const temporary = row.temporary;
  if ('keys' in temporary) {
    describe('temporary keys', () => {
      let sts: RunningEmulator;
      beforeAll(async () => {
        sts = await useEmulator({ env: temporary.env });
      });

      it('accepts them with their session token, and refuses them without it or with another', async () => {
        const { signed } = kitFor(row, sts.url);
        expectAccepted(row, await send(signed({}, temporary.keys)));
        const { securityToken: _token, ...withoutToken } = temporary.keys;
        expectRefused(row, await send(signed({}, withoutToken)), temporary.refused);
        expectRefused(row, await send(signed({}, { ...temporary.keys, securityToken: 'other-token' })), temporary.refused);
      });

      if (temporary.header !== undefined) {
        const header = temporary.header;
        it(`refuses them with ${header} removed after signing`, async () => {
          const stripped = withHeaders(kitFor(row, sts.url).signed({}, temporary.keys), { [header]: undefined });
          expectRefused(row, await send(stripped), temporary.refused);
        });
      }
    });
  }
});
