import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * Proves the layer rules bite: each snippet breaks one rule in the file it pretends to be, and lint must
 * report it. If someone loosens eslint.config.js, these fail.
 */
const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, '../..') });

async function messagesFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

describe('layer rules', () => {
  const breaches: [string, string, RegExp][] = [
    ['shared/breach.ts', "import fs from 'node:fs';\nexport const x = fs;\n", /no-restricted-imports/],
    ['shared/breach.ts', "import { app } from 'electron';\nexport const x = app;\n", /no-restricted-imports/],
    ['shared/breach.ts', "import { useState } from 'react';\nexport const x = useState;\n", /no-restricted-imports/],
    ['shared/breach.ts', "import { x as y } from '../electron/engine/sql';\nexport const x = y;\n", /no-restricted-imports/],
    ['shared/breach.ts', 'export const x = document.title;\n', /no-restricted-globals/],
    ['renderer/src/breach.ts', "import path from 'path';\nexport const x = path;\n", /no-restricted-imports/],
    ['renderer/src/breach.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n", /no-restricted-imports/],
    ['renderer/src/breach.ts', "import { quoteIdentifier } from '../../electron/engine/sql';\nexport const x = quoteIdentifier;\n", /no-restricted-imports/],
    ['renderer/src/breach.ts', "import { DuckDBInstance } from '@duckdb/node-api';\nexport const x = DuckDBInstance;\n", /no-restricted-imports/],
    ['electron/engine/breach.ts', "import { app } from 'electron';\nexport const x = app;\n", /no-restricted-imports/],
    ['electron/host/breach.ts', "import { BrowserWindow } from 'electron';\nexport const x = BrowserWindow;\n", /no-restricted-imports/],
    ['electron/main/breach.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n", /no-restricted-imports/],
    // Inside the engine, imports only go down the layer order (ENGINE_LAYERS in eslint.config.js).
    ['electron/engine/import/breach.ts', "import { listTableSummaries } from '../explore/catalog';\nexport const x = listTableSummaries;\n", /engine-layers: .*import \(stages\) may not import .*explore \(application\)/],
    ['electron/engine/sql.ts', "import { createEngine } from './engine';\nexport const x = createEngine;\n", /engine-layers: .*sql\.ts \(foundation\) may not import .*engine\.ts \(facade\)/],
    ['electron/engine/validate/breach.ts', "export { importFile } from '../import/import-file';\n", /engine-layers: .*validate \(domain\) may not import .*import \(stages\)/],
    ['electron/engine/outputs/breach.ts', "export async function later() {\n  return import('../recipes/recipe-runs');\n}\n", /engine-layers: .*outputs \(publishing\) may not import .*recipes \(application\)/],
    ['electron/engine/geography/breach.ts', "import { x as y } from '../privacy';\nexport const x = y;\n", /engine-layers: .*geography \(foundation\) may not import .*privacy \(domain\)/],
    // Another engine folder is reached through its index, from a folder or from a file at the engine's root.
    ['electron/engine/pipeline/breach.ts', "import { openRowSource } from '../tabular/row-source';\nexport const x = openRowSource;\n", /engine-layers: electron\/engine\/pipeline may not reach into electron\/engine\/tabular\/: import from 'tabular' itself/],
    ['electron/engine/engine.ts', "export { importHandlers } from './handlers/import-handlers';\n", /engine-layers: electron\/engine\/engine\.ts may not reach into electron\/engine\/handlers\//],
    ['electron/engine/unplaced/breach.ts', "import { quoteIdentifier } from '../sql';\nexport const x = quoteIdentifier;\n", /engine-layers: electron\/engine\/unplaced is not in the engine's layer order/],
  ];

  it.each(breaches)('%s: reports %s', async (filePath, code, rule) => {
    expect((await messagesFor(filePath, code)).join('\n')).toMatch(rule);
  });

  it('allows what each layer may do', async () => {
    expect(await messagesFor('shared/fine.ts', "import { z } from 'zod';\nimport { ok } from './result';\nexport const x = [z, ok];\n")).toEqual([]);
    expect(await messagesFor('renderer/src/fine.ts', "import { ok } from '../../shared/result';\nexport const x = ok;\n")).toEqual([]);
    expect(await messagesFor('electron/main/fine.ts', "import { app, ipcMain } from 'electron';\nexport const x = [app, ipcMain];\n")).toEqual([]);
    expect(await messagesFor('electron/preload/fine.ts', "import { contextBridge, ipcRenderer } from 'electron';\nexport const x = [contextBridge, ipcRenderer];\n")).toEqual([]);
    expect(await messagesFor('electron/engine/explore/fine.ts', "import { importFile } from '../import';\nimport { quoteIdentifier } from '../sql';\nimport { ok } from '../../../shared/result';\nexport const x = [importFile, quoteIdentifier, ok];\n")).toEqual([]);
    expect(await messagesFor('electron/engine/linkage/fine.ts', "import { x as y } from '../privacy';\nimport { z } from './match-keys';\nexport const x = [y, z];\n")).toEqual([]);
    expect(await messagesFor('electron/engine/pipeline/fine.ts', "import { openRowSource } from '../tabular';\nimport { sha256OfFile } from '../tabular/index';\nimport { quoteIdentifier } from '../sql';\nimport { x as y } from './run-recipe';\nexport const x = [openRowSource, sha256OfFile, quoteIdentifier, y];\n")).toEqual([]);
    // Tests and their support files may drive a folder's modules directly.
    expect(await messagesFor('electron/engine/pipeline/fine.test.ts', "import { openRowSource } from '../tabular/row-source';\nexport const x = openRowSource;\n")).toEqual([]);
    expect(await messagesFor('electron/engine/import/test-support/fine.ts', "import { openRowSource } from '../../tabular/row-source';\nexport const x = openRowSource;\n")).toEqual([]);
  });
});
