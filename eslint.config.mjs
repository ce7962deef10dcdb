// Lint enforces the layer boundaries of DESIGN.md: what each layer may import.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import { builtinModules } from 'node:module'

const nodeBuiltins = [...builtinModules.filter((m) => !m.startsWith('_')), ...builtinModules.map((m) => `node:${m}`)]
const noNode = { paths: nodeBuiltins.map((name) => ({ name, message: 'This layer must not use Node built-ins.' })), patterns: [{ group: ['node:*'], message: 'This layer must not use Node built-ins.' }] }
const noElectron = [
  { name: 'electron', message: 'Only src/main/desktop, src/main/index.ts and src/preload may import electron.' },
  { name: 'electron-store', message: 'electron-store imports electron: use it only in src/main/desktop.' }
]

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
    }
  },
  {
    files: ['src/shared/**', 'src/renderer/**', 'src/main/ibrr/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [...noElectron, ...noNode.paths], patterns: noNode.patterns }]
    }
  },
  {
    files: ['src/main/exchange/**', 'src/main/core/**', 'src/main/backtest/**', 'src/main/cli/**', 'src/main/host/**'],
    rules: { 'no-restricted-imports': ['error', { paths: noElectron }] }
  },
  {
    files: ['**/*.cjs', 'scripts/**/*.mjs', 'build/**/*.mjs'],
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', Buffer: 'readonly', setImmediate: 'readonly' }
    },
    // CommonJS files load their dependencies with require() by definition.
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  }
)
