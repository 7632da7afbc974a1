import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // The pinned AWS SDK warns that its future releases will need Node 22; nothing to act on here.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/infra/**/*.test.ts'],
        },
      },
      {
        // One DynamoDB Local (in memory, free port) for the whole run; each file its own table.
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/integration/setup/dynamodb-local.ts'],
          testTimeout: 60_000,
        },
      },
      {
        // The web console in Debian's Chromium (playwright-core), on its own DynamoDB Local.
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/integration/setup/dynamodb-local.ts'],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
