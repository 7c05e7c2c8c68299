/** The event-size check all five providers make before sending (providers/shared/limits.ts). */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { PROVIDERS } from '../../src/providers/registry.js';
import { checkEventSize } from '../../src/providers/shared/limits.js';
import type { InvokeInput } from '../../src/providers/types.js';

const limits = { maxEventBytes: { sync: 10, async: 4 } };
const input = (bytes: number, invocationType: 'sync' | 'async'): InvokeInput => ({
  provider: 'tencent',
  functionName: 'hello',
  event: new Uint8Array(bytes),
  invocationType,
  logs: true,
  endpoint: 'https://example.test',
});

describe('checkEventSize', () => {
  it('accepts an event at the limit of its invocation type', () => {
    expect(() => checkEventSize(input(10, 'sync'), limits, 'SCF')).not.toThrow();
    expect(() => checkEventSize(input(4, 'async'), limits, 'SCF')).not.toThrow();
  });

  it('refuses one byte more with exit 2, naming the size, the limit and the type', () => {
    const error = (() => {
      try {
        checkEventSize(input(5, 'async'), limits, 'FC');
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ code: 'input.event_too_large', exitCode: 2 });
    expect((error as Error).message).toBe('event is 5 bytes; FC accepts at most 4 bytes for async invocations');
    expect(() => checkEventSize(input(11, 'sync'), limits, 'the legacy SCF API', 'in param')).toThrow(
      'event is 11 bytes; the legacy SCF API accepts at most 10 bytes in param',
    );
  });

  it("is what every provider's validateInput applies, with the provider's own limits", async () => {
    for (const entry of PROVIDERS) {
      const provider = await entry.load();
      const oversized: InvokeInput = {
        ...input(provider.limits.maxEventBytes.sync + 1, 'sync'),
        provider: entry.id,
        region: entry.cloud === 'tencent' ? 'ap-guangzhou' : entry.cloud === 'aliyun' ? 'cn-hangzhou' : entry.cloud === 'otc' ? 'eu-de' : 'cn-north-4',
        accountId: '1234567890123456',
        service: 'demo',
        projectId: '0123456789abcdef0123456789abcdef',
      };
      expect(() => provider.validateInput(oversized), entry.id).toThrow(/event is \d+ bytes; .* accepts at most/);
    }
  });
});
