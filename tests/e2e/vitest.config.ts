import { defineConfig } from 'vitest/config';

// Real-browser suite: Debian's Chromium driven by playwright-core against the
// built console (npm run test:e2e builds it first). One file at a time: the
// machine has 2 cores and each file starts its own browser and server.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
