// Lint rules, including the layer rules of docs/ARCHITECTURE.md:
// core <- node <- {extension, cli}, core <- webview. Each layer may import only what is
// below it; `vscode` only in src/extension; `node:*` never in src/core or src/webview.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'http2', 'https', 'net', 'crypto', 'url', 'util', 'stream', 'events', 'readline', 'process'];
const layer = (paths, patterns) => ({
  'no-restricted-imports': ['error', { paths: paths.map((name) => ({ name, message: 'Layer rule: see docs/ARCHITECTURE.md' })), patterns: patterns.map((group) => ({ group: [group], message: 'Layer rule: see docs/ARCHITECTURE.md' })) }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'dist-test/**', 'out/**', '.cache/**', 'node_modules/**', 'test/fixtures/**', 'examples/**', '*.js', '*.mjs', 'media/**', 'test/fakes/**/*.cjs', 'test/vscode/*.mjs', 'scripts/**/*.mjs', '.scratch-*/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: layer(['vscode', ...nodeBuiltins.filter((n) => n !== 'node:*')], ['node:*', '**/node/**', '**/extension/**', '**/cli/**', '**/webview/**']),
  },
  {
    files: ['src/node/**/*.ts'],
    rules: layer(['vscode'], ['**/extension/**', '**/cli/**', '**/webview/**']),
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: layer(['vscode'], ['**/extension/**', '**/webview/**']),
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: layer([], ['**/cli/**', '**/webview/**']),
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: layer(['vscode', ...nodeBuiltins.filter((n) => n !== 'node:*')], ['node:*', '**/node/**', '**/extension/**', '**/cli/**']),
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
