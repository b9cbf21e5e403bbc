import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Lint enforces the layers you can see in the tree:
 *   shared/    the contract: imports nothing from Node, the DOM, React or Electron, nor from other layers
 *   renderer/  the window: imports only shared/ and itself (plus browser packages)
 *   electron/  main, preload, engine, CLI, host; only main and preload may import `electron`,
 *              and only the preload may touch `ipcRenderer`
 */

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const nodeOnlyPackages = ['@duckdb/node-api', 'xlsx', 'exceljs'];

const restrict = (...groups) => ({
  'no-restricted-imports': ['error', { paths: groups.flatMap((group) => group.paths ?? []), patterns: groups.flatMap((group) => group.patterns ?? []) }],
});

const noElectron = { paths: [{ name: 'electron', message: 'Only electron/main and electron/preload may import Electron; the engine must run without it.' }] };
const noIpcRenderer = {
  paths: [{ name: 'electron', importNames: ['ipcRenderer'], message: 'Only the preload touches ipcRenderer; everything else uses the typed WorkbenchApi.' }],
};
const noNode = {
  paths: nodeBuiltins.map((name) => ({ name, message: 'This layer runs in the window or in both processes: no Node modules.' })),
  patterns: [{ group: ['node:*'], message: 'No Node modules in this layer.' }],
};
const noNodePackages = { paths: nodeOnlyPackages.map((name) => ({ name, message: 'Engine-only package: reach it through the WorkbenchApi.' })) };
const noReact = { paths: ['react', 'react-dom', 'react-dom/client'].map((name) => ({ name, message: 'shared/ is UI-free.' })) };
const onlyShared = {
  patterns: [
    { regex: '^(\\.\\./)+(electron|renderer|samples|test|bench)(/|$)', message: 'shared/ imports only shared/.' },
  ],
};
const rendererOnlySharedAndItself = {
  patterns: [{ regex: '^(\\.\\./)+(electron|samples|test|bench)(/|$)', message: 'renderer/ imports only shared/ and its own files.' }],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', '.tmp/**', 'test-results/**', 'node_modules/**', 'bench/inputs/**', 'bench/results/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.name='eval']", message: 'No eval.' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      ...restrict(noNode, noElectron, noReact, noNodePackages, onlyShared),
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'process', 'Buffer', 'require', '__dirname', 'global'],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(noNode, noElectron, noNodePackages, rendererOnlySharedAndItself),
  },
  {
    files: ['electron/engine/**/*.ts', 'electron/engine-process/**/*.ts', 'electron/cli/**/*.ts', 'electron/host/**/*.ts', 'samples/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: restrict(noElectron),
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: restrict(noIpcRenderer),
  },
);
