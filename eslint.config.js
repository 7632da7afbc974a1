// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'cdk.out', '.vmbot', 'coverage', 'test-results', 'scratch'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly' },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The engine is pure: no AWS, no I/O, no clock.
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '@aws-sdk/*',
            'node:*',
            'fs',
            'child_process',
            '../store/*',
            '../lex/*',
            '../intents/*',
            '../runtime/*',
            '../cli/*',
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'The engine takes the clock as a parameter.' },
        { object: 'Math', property: 'random', message: 'Use the seeded PRNG.' },
      ],
    },
  },
  {
    // The console's page runs in a browser: pure engine code and API shapes only, no Node, no AWS.
    files: ['src/console/web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'node:*',
            '@aws-sdk/*',
            'esbuild',
            '**/store/dynamo/*',
            '**/store/local/*',
            '**/intents/*',
            '**/cli/*',
            '**/lambda/*',
          ],
        },
      ],
    },
  },
);
