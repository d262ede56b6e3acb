import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // End-to-end tests start a sandbox and a browser; they are slow by nature, not by bug.
    testTimeout: 300_000,
    hookTimeout: 120_000,
    // Two cores: keep browser-driving suites from fighting each other.
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
