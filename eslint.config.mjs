// typescript-eslint's recommended rules, Prettier for layout (eslint-config-prettier turns layout rules off),
// and the architecture rule of tools/eslint/library-layers.mjs.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { libraryLayers } from './tools/eslint/library-layers.mjs';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'apps/web/dist/**',
      'apps/web/src/api/schema.d.ts',
      'apps/web/src/api/enums.ts',
      'data/**',
      'coverage/**',
      'test-artifacts/**',
      '.pg-test/**',
      'exports/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    plugins: { eid: { rules: { 'library-layers': libraryLayers } } },
    rules: {
      'eid/library-layers': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-require-imports': 'error',
    },
  },
  {
    // Plain JavaScript (configs, child-process entry points) runs in Node as CommonJS or ESM.
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
