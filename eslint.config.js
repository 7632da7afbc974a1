// @ts-check
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * Files allowed to stay in an import cycle for now (paths from the repository root). Empty: no
 * module in src/ imports itself back through others. A cycle that must land before it is undone
 * is listed here with the issue that will remove it, so that the list can only shrink.
 */
const KNOWN_CYCLES = [];

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
    // No import cycle anywhere in src/: a module never imports itself back through others (type
    // imports excepted: they vanish at compile time).
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  ...(KNOWN_CYCLES.length > 0
    ? [{ files: KNOWN_CYCLES, rules: { 'import-x/no-cycle': 'off' } }]
    : []),
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
