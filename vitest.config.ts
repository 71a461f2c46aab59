import { defineConfig } from 'vitest/config';

// Integration tests start real redis-server / redis-sentinel processes, so each worker gets its
// own port range (see test/helpers/ports.ts) and tests get generous timeouts.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
