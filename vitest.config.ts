import { defineConfig } from 'vitest/config';

// Unit and integration tests run in plain Node (never Electron): the Electron
// shell is kept thin so all logic is reachable from here.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/server/**/*.test.ts', 'tests/main/**/*.test.ts', 'tests/sandbox/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/helpers/postgres-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // argon2 and a real PostgreSQL make files heavy; two cores on CI
    fileParallelism: true,
    maxWorkers: 2,
  },
});
