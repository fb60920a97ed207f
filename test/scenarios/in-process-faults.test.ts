import { describe, expect, it } from 'vitest';
import { inProcessTransport } from '../../mock-server/delivery/in-process-transport.js';
import { TransportError } from '../../mock-server/delivery/transport.js';

describe('connection faults on the in-process transport', () => {
  const callback = { url: 'http://x/cb', headers: {}, body: '{"a":1}', timeoutMs: 1000 };

  it.each([
    ['timeout', { kind: 'timeout', holdMs: 10 }, 'timeout'],
    ['abort', { kind: 'abort', afterBytes: null }, 'network-error'],
  ] as const)(
    'a %s never reaches the receiver and fails the attempt',
    async (_name, fault, kind) => {
      let called = 0;
      const transport = inProcessTransport(() => {
        called++;
        return 200;
      });
      const failure = await transport({ ...callback, fault }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(TransportError);
      expect((failure as TransportError).kind).toBe(kind);
      expect(called).toBe(0);
      expect(await transport(callback)).toMatchObject({ statusCode: 200 });
      expect(called).toBe(1);
    },
  );
});
