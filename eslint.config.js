// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const platformLibraries = {
  patterns: [
    {
      group: ['discord.js', 'discord.js/*', '@discordjs/*', 'grammy', 'grammy/*', '@grammyjs/*'],
      message: 'Only adapters/ may import platform libraries (adapters → src → briefings).',
    },
    {
      group: ['**/adapters/**'],
      message: 'Only src/main.ts and src/cli.ts (the composition roots) may import adapters.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'coverage/', 'data/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/main.ts', 'src/cli.ts'],
    rules: { 'no-restricted-imports': ['error', platformLibraries] },
  },
  {
    files: ['briefings/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...platformLibraries.patterns,
            {
              group: ['**/src/**', 'node:fs', 'node:fs/*', 'node:http', 'node:https', 'node:net'],
              message: 'briefings/ is pure: no I/O and nothing from src/.',
            },
          ],
        },
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
