// Lint: typescript-eslint's recommended rules plus the house boundaries from STYLE.md.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The core and the shared model run in Node, a worker and the renderer: no Electron, ever.
    files: ['main/core/**', 'main/host/**', 'main/web/**', 'main/cli.ts', 'shared/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'], patterns: ['electron/*'] }] },
  },
  {
    // shared/ is pure: no Node built-ins either.
    files: ['shared/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'], patterns: ['node:*', 'fs', 'path', 'zlib', 'electron/*'] }] },
  },
  {
    // The renderer reaches the host only through renderer/api.ts.
    files: ['renderer/**'],
    rules: { 'no-restricted-globals': ['error', { name: 'ipcRenderer', message: 'Use renderer/api.ts' }], 'no-restricted-imports': ['error', { paths: ['electron'] }] },
  },
);
