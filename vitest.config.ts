import { defineConfig } from 'vitest/config';

// Two projects: fast in-process tests, and e2e tests that spawn the built CLI (npm test builds first).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          setupFiles: ['test/helpers/count-assertions.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          setupFiles: ['test/helpers/count-assertions.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
