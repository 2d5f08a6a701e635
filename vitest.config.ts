import { configDefaults, defineConfig } from 'vitest/config';

// Two projects: everything on SQLite (the default), and the integration suites
// again on Postgres (a fresh database per server; see test/support/postgres.ts).
export default defineConfig({
  test: {
    // Integration suites start real server processes; two cores are shared.
    pool: 'forks',
    maxWorkers: 2,
    minWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/pg/**'],
          env: { BILIK_TEST_BACKEND: 'sqlite' },
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/integration/**/*.test.ts', 'test/pg/**/*.test.ts'],
          env: { BILIK_TEST_BACKEND: 'postgres' },
          globalSetup: ['./test/support/global-setup.ts'],
        },
      },
    ],
  },
});
