// Lint enforces the layer boundaries of DESIGN.md: what each layer may import.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import importX from 'eslint-plugin-import-x'
import { builtinModules } from 'node:module'

const nodeBuiltins = [...builtinModules.filter((m) => !m.startsWith('_')), ...builtinModules.map((m) => `node:${m}`)]
const noNode = { paths: nodeBuiltins.map((name) => ({ name, message: 'This layer must not use Node built-ins.' })), patterns: [{ group: ['node:*'], message: 'This layer must not use Node built-ins.' }] }
const noElectron = [
  { name: 'electron', message: 'Only src/main/desktop, src/main/index.ts and src/preload may import electron.' },
  { name: 'electron-store', message: 'electron-store imports electron: use it only in src/main/desktop.' }
]

// The layers of docs/architecture.md, bottom first. A file may import its own layer and the ones listed
// under `may`; every other folder of ours is forbidden, relative imports included (import-x resolves them).
const MAIN_TOP = ['src/main/desktop', 'src/main/index.ts', 'src/main/browserHost', 'src/main/cli', 'src/main/backtest']
const LAYERS = [
  { name: 'shared', folders: ['src/shared'], may: [] },
  { name: 'platform', folders: ['src/main/platform'], may: ['src/shared'] },
  { name: 'ibrr', folders: ['src/main/ibrr'], may: ['src/shared', 'src/main/platform'] },
  { name: 'exchange', folders: ['src/main/exchange'], may: ['src/shared', 'src/main/platform', 'src/main/ibrr'] },
  { name: 'core', folders: ['src/main/core'], may: ['src/shared', 'src/main/platform', 'src/main/ibrr', 'src/main/exchange'] },
  // The backtest compares strategies on the core's parts; the shells and CLIs above may run it.
  { name: 'backtest', folders: ['src/main/backtest'], may: ['src/shared', 'src/main/platform', 'src/main/ibrr', 'src/main/exchange', 'src/main/core'] },
  { name: 'shell', folders: MAIN_TOP.filter((f) => f !== 'src/main/backtest'), may: ['src/shared', 'src/main/platform', 'src/main/ibrr', 'src/main/exchange', 'src/main/core', 'src/main/backtest'] },
  { name: 'preload', folders: ['src/preload'], may: ['src/shared'] },
  { name: 'renderer', folders: ['src/renderer'], may: ['src/shared'] }
]
const layerOf = (folder) => LAYERS.find((l) => l.folders.includes(folder)).name
const OURS = [...new Set(LAYERS.flatMap((l) => l.folders))]
const directionZones = LAYERS.flatMap((layer) =>
  layer.folders.map((target) => ({
    target: `./${target}`,
    from: OURS.filter((f) => !layer.may.includes(f) && !layer.folders.includes(f)).map((f) => `./${f}`),
    message: `The ${layer.name} layer may import only ${[layer.name, ...layer.may.map(layerOf)].join(', ')} (docs/architecture.md).`
  }))
)

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
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } } },
    rules: { 'import-x/no-restricted-paths': ['error', { zones: directionZones }] }
  },
  {
    files: ['src/shared/**', 'src/renderer/**', 'src/main/ibrr/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [...noElectron, ...noNode.paths], patterns: noNode.patterns }]
    }
  },
  {
    files: ['src/main/exchange/**', 'src/main/core/**', 'src/main/backtest/**', 'src/main/cli/**', 'src/main/browserHost/**'],
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
