import { builtinModules } from 'node:module';
import path from 'node:path';
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

/**
 * The engine's own layers, lowest first. A module may import from its own layer or a lower one, never from a
 * higher one, so data flows one way: foundation → domain → stages → publishing → application → facade.
 * Every top-level entry of electron/engine must be listed: a new folder is placed in the order on purpose.
 * Another folder is imported through its index.ts (`'../tabular'`, not `'../tabular/row-source'`), so each
 * folder's index is the list of what the rest of the engine may use of it.
 */
export const ENGINE_LAYERS = [
  ['foundation', ['sql.ts', 'serial.ts', 'jobs.ts', 'file-access.ts', 'errors.ts', 'atomic-write.ts', 'workspace', 'specs', 'tabular', 'xlsx', 'geography']],
  ['domain', ['validate', 'privacy', 'linkage', 'village']],
  ['stages', ['import', 'pipeline']],
  ['publishing', ['outputs']],
  ['application', ['recipes', 'explore']],
  ['facade', ['engine.ts', 'handlers']],
];

const engineRoot = path.join(import.meta.dirname, 'electron', 'engine');
const layerOfEntry = new Map(ENGINE_LAYERS.flatMap(([layer, entries], rank) => entries.map((entry) => [entry, { layer, rank }])));

/** The top-level entry of electron/engine that holds `file` (a folder name, or a file name at the root). */
function engineEntry(file) {
  const relative = path.relative(engineRoot, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  const [first, ...rest] = relative.split(path.sep);
  if (rest.length > 0 || layerOfEntry.has(first)) return first;
  return first.endsWith('.ts') ? first : `${first}.ts`;
}

/** Whether `target` (an import's resolved path) is the folder `entry` itself or its index module. */
function isFolderIndex(entry, target) {
  const inner = path.relative(path.join(engineRoot, entry), target);
  return inner === '' || inner === 'index' || inner === 'index.ts';
}

const engineLayersPlugin = {
  rules: {
    'engine-layers': {
      meta: { type: 'problem', schema: [], docs: { description: 'Engine modules import only their own or lower layers (ENGINE_LAYERS), and another folder only through its index.' } },
      create(context) {
        const from = engineEntry(context.filename);
        if (from === undefined) return {};
        const source = layerOfEntry.get(from);
        const check = (node) => {
          const specifier = node.source?.value;
          if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
          const to = engineEntry(path.resolve(path.dirname(context.filename), specifier));
          if (to === undefined || to === from) return;
          const target = layerOfEntry.get(to);
          if (source === undefined || target === undefined) {
            const unknown = source === undefined ? from : to;
            context.report({ node: node.source, message: `electron/engine/${unknown} is not in the engine's layer order: add it to ENGINE_LAYERS in eslint.config.js.` });
          } else if (target.rank > source.rank) {
            context.report({
              node: node.source,
              message: `electron/engine/${from} (${source.layer}) may not import electron/engine/${to} (${target.layer}): the engine's layers only import downwards (ENGINE_LAYERS in eslint.config.js).`,
            });
          } else if (!to.endsWith('.ts') && !isFolderIndex(to, path.resolve(path.dirname(context.filename), specifier))) {
            context.report({
              node: node.source,
              message: `electron/engine/${from} may not reach into electron/engine/${to}/: import from '${to}' itself, whose index.ts says what the folder offers (add the name there if it is meant to be used).`,
            });
          }
        };
        return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
      },
    },
  },
};

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
    files: ['electron/engine/**/*.ts'],
    // Tests drive a module from above (often through the facade), so only the modules themselves are held to the order.
    ignores: ['electron/engine/**/*.test.ts', 'electron/engine/**/test-support/**'],
    plugins: { village: engineLayersPlugin },
    rules: { 'village/engine-layers': 'error' },
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: restrict(noIpcRenderer),
  },
);
