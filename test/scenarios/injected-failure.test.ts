import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../mock-server/config/defaults.js';
import { createMockCore } from '../../mock-server/core.js';
import type { AsyncOperation } from '../../mock-server/domain/operations.js';

describe('an injected fail-async failure in the operation processor', () => {
  it('does not run process, goes through onFailure like any failure, and calls back failed', async () => {
    const sent: string[] = [];
    const core = createMockCore({
      config: { ...defaultConfig(), clock: 'virtual' },
      transport: async (callback) => {
        sent.push(callback.body);
        return { statusCode: 200, headers: {}, body: '' };
      },
    });
    const failures: string[] = [];
    let processed = false;
    const operation: AsyncOperation = {
      tenantId: 't',
      requestId: 'r',
      service: 'Container',
      eventType: 'container.created',
      objectKey: 'bag:1',
      callback: { url: 'http://127.0.0.1:9/cb' },
      requestSecret: null,
      process: () => {
        processed = true;
        return { status: 'success', data: { id: 'bag:1' } };
      },
      onFailure: async ({ reason }) => {
        failures.push(reason);
      },
      faults: { fail: { reason: 'injected', data: { id: 'bag:1' } } },
    };
    const outcomes: string[] = [];
    core.operations.onProcessed(({ outcome }) => outcomes.push(outcome.status));
    core.operations.accept(operation, 50);
    await core.scheduler.advance(100);

    expect(processed).toBe(false);
    expect(outcomes).toEqual(['failed']);
    expect(failures).toEqual(['injected']);
    expect(sent.map((body) => JSON.parse(body))).toEqual([
      expect.objectContaining({ status: 'failed', reason: 'injected', data: { id: 'bag:1' } }),
    ]);
    core.close();
  });
});
