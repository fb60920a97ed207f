import { describe, expect, it } from 'vitest';
import { createLogger } from '../../mock-server/logging.js';

describe('createLogger', () => {
  it.each([
    [true, 'warn'],
    [false, 'debug'],
  ] as const)('makes a logger (pretty: %s) at the level asked for', async (pretty, level) => {
    const logger = await createLogger(level, pretty);
    expect(logger.level).toBe(level);
    expect(logger.isLevelEnabled('info')).toBe(level === 'debug');
  });
});
