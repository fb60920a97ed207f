import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../mock-server/clock.js';
import { defaultConfig } from '../../mock-server/config/defaults.js';
import { createMockCore } from '../../mock-server/core.js';
import { inProcessTransport } from '../../mock-server/delivery/in-process-transport.js';
import { PROCESSING_BUG } from '../../mock-server/domain/operations.js';
import type { InProcessCallback } from '../../mock-server/index.js';

describe('OperationProcessor', () => {
  it('turns a processing bug into a failed callback that says so, and still reports the error', async () => {
    const received: InProcessCallback[] = [];
    const errors: unknown[] = [];
    const core = createMockCore({
      config: { ...defaultConfig(), clock: 'virtual' },
      clock: new VirtualClock(0),
      transport: inProcessTransport((callback) => {
        received.push(callback);
        return 200;
      }),
      onInternalError: (error) => errors.push(error),
    });
    core.operations.accept(
      {
        tenantId: 't',
        requestId: 'r',
        service: 'Container',
        eventType: 'container.created',
        objectKey: 'bag:1',
        callback: { url: 'http://receiver.test/cb' },
        requestSecret: null,
        process: () => {
          throw new Error('boom');
        },
      },
      0,
    );
    await core.scheduler.advance(10);

    expect(received.map((callback) => callback.json)).toMatchObject([
      { status: 'failed', reason: PROCESSING_BUG, data: { id: 'bag:1' } },
    ]);
    expect(errors.map((error) => (error as Error).message)).toEqual(['boom']);
    expect(core.pendingCallbacks()).toBe(0);
    core.close();
  });
});
