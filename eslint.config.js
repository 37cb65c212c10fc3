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
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'read configuration through env.ts' },
      ],
    },
  },
  {
    // Import boundaries: shared packages never reach into a service or the dashboard.
    files: ['packages/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@lp/(api|ingest|web|tests)(/|$)|(^|/)(services|web)/',
              message: 'packages are shared code: they must not import a service or the web app',
            },
          ],
        },
      ],
    },
  },
  {
    // The dashboard talks to the API over HTTP: of our own code it imports only the contracts.
    files: ['web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@lp/(?!contracts(/|$))|(^|/)(packages|services)/',
              message: 'the web app imports only @lp/contracts of our packages (it talks to the API over HTTP)',
            },
          ],
        },
      ],
    },
  },
  {
    // Poll schedules have one writer, ingest: the API asks through the queue (requestScheduleUpdate).
    files: ['services/api/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@lp/queue/enqueue',
              importNames: ['schedulePolls', 'unschedulePolls'],
              message: 'ingest owns poll schedules: use requestScheduleUpdate',
            },
          ],
          patterns: [{ regex: '^@lp/(ingest|web)(/|$)', message: 'services do not import one another or the web app' }],
        },
      ],
    },
  },
  {
    files: ['services/ingest/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // Voice in one place: connectors and imports pass profile fields to authorVoice, which owns the precedence.
          paths: [
            {
              name: '@lp/nlp/voice',
              importNames: ['classifyVoice'],
              message: 'pass profile fields (and any declared voice) to authorVoice',
            },
          ],
          patterns: [{ regex: '^@lp/(api|web)(/|$)', message: 'services do not import one another or the web app' }],
        },
      ],
    },
  },
  {
    // CLIs write JSON lines to stdout on purpose.
    files: ['**/cli/**/*.ts', '**/scripts/**', '**/*-cli.ts'],
    rules: { 'no-console': 'off' },
  },
);
