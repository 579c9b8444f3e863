import { defineConfig } from 'vitest/config';

// Node-side suites: shared logic, electron (mocked), server on SQLite and
// PostgreSQL, sync engine on fake-indexeddb, chaos. Real-browser tests have
// their own config in tests/e2e.
export default defineConfig({
  test: {
    include: [
      'tests/unit/**/*.test.{ts,tsx}',
      'tests/server/**/*.test.ts',
      'tests/integration/**/*.test.ts',
      'tests/chaos/**/*.test.ts',
      'tests/fuzz/**/*.test.ts',
      'tests/crash/**/*.test.ts',
      'tests/multinode/**/*.test.ts',
      'tests/load/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
