// @ts-check
/**
 * ESLint (flat config): typescript-eslint's type-aware recommended rules over
 * the whole tree, lit's recommended rules for the Lit components of client/
 * and recorder/, and eslint-config-prettier last so that no formatting rule
 * fights Prettier (formatting is Prettier's job: `npm run format:check`).
 * `npm run lint` runs it after `tsc --noEmit -p .`.
 */
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import lit from 'eslint-plugin-lit';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['**/dist/', '**/node_modules/', '.ci/.cache/', 'tests/.artifacts/', 'db/migrations/meta/'],
  },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    rules: {
      // tsc's noUnusedLocals/noUnusedParameters already accept a leading underscore for what is unused on purpose (a
      // callback's leading parameters, a field dropped by destructuring): the same convention here.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // rrweb's events carry their type as a plain number (the wire protocol's zod schemas and @rrweb/types'
      // eventWithTime), and the code compares it with rrweb's numeric EventType/IncrementalSource enums on purpose.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // The forms read their text fields as `String(data.get(name) ?? '')`: FormData.get may return a File only for an
      // <input type=file>, which those forms do not have, so File is never stringified by accident.
      // An in-memory or stub implementation of an async interface (the memory bus, fetch stubs in tests) is declared
      // async without awaiting anything, so that it answers with promises and throws as rejections like the real one.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-base-to-string': ['error', { ignoredTypeNames: ['Error', 'RegExp', 'URL', 'URLSearchParams', 'File'] }],
    },
  },
  {
    // Tests and benchmarks drive real browsers: code passed to page.evaluate() reaches into the page's untyped globals
    // and elements (`(el: any) => el.sessionId`, `(window as any).__sends`). Typing each of them would repeat the app's
    // types in every test for no safety the assertions do not already give.
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Browser tests hand Playwright code as strings built from expressions (`${PLAYER}.currentTime`), which it
      // evaluates in the page: that is the point, not an accident.
      '@typescript-eslint/no-implied-eval': 'off',
      // The fake SMTP server answers in terse `else if (verb === 'DATA') (inData = true), reply('354 go on');` lines.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    // The demo shop's classic script: browser globals, and top-level functions the pages' own inline scripts call.
    files: ['server/demo/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { window: 'readonly', document: 'readonly', localStorage: 'readonly', customElements: 'readonly' },
    },
    rules: { '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^(writeCart|cartTotal|money)$' }] },
  },
  {
    files: ['client/**/*.ts', 'recorder/**/*.ts'],
    extends: [lit.configs['flat/recommended']],
  },
  {
    // Plain JavaScript (this file, the demo shop's script) has no types to check.
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  prettier,
);
