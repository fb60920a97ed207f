import { defineConfig } from 'vitest/config';
import SummaryLineReporter from './test/support/summary-reporter.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    setupFiles: ['test/support/setup.ts'],
    reporters: ['default', new SummaryLineReporter()],
    testTimeout: 15_000,
    hookTimeout: 15_000,
    pool: 'forks',
  },
});
