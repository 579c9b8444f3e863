import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Local runs of the robustness suites until the root vitest.config.ts includes them:
//   npx vitest run --config tests/fuzz/vitest.config.ts
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/fuzz/**/*.test.ts', 'tests/crash/**/*.test.ts', 'tests/multinode/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
