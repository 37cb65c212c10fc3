import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // Only env.ts files may read the environment (STYLE: env parsed once at start).
    files: ['services/**/src/**/*.ts', 'packages/**/src/**/*.ts'],
    ignores: ['**/env.ts', '**/*.test.ts', '**/testing/**'],
    rules: { 'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'read configuration through env.ts' }] },
  },
  {
    // CLIs write JSON lines to stdout on purpose.
    files: ['**/cli/**/*.ts', '**/scripts/**', '**/*-cli.ts'],
    rules: { 'no-console': 'off' },
  },
);
