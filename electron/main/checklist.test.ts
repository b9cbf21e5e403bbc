import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from './window-options';

/**
 * Electron security checklist items that are about what the code never does. These read the source, so
 * adding a risky call anywhere in the shell or the window fails CI.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');

function sourceFiles(folder: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|html)$/.test(entry.name) && !entry.name.endsWith('.test.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const shellAndWindow = [...sourceFiles('electron/main'), ...sourceFiles('electron/preload'), ...sourceFiles('renderer')];

function filesContaining(pattern: RegExp): string[] {
  return shellAndWindow.filter((file) => pattern.test(fs.readFileSync(file, 'utf8'))).map((file) => path.relative(ROOT, file));
}

describe('Electron security checklist: things the app never does', () => {
  it('never opens external links from content (item 15: shell.openExternal)', () => {
    expect(filesContaining(/openExternal/)).toEqual([]);
  });

  it('never enables Blink features or popups for webviews (items 10, 11)', () => {
    expect(filesContaining(/enableBlinkFeatures|allowpopups/)).toEqual([]);
    expect(mainWindowOptions('/p.cjs').webPreferences).not.toHaveProperty('enableBlinkFeatures');
  });

  it('never loads the app from file:// (item 18) and never turns Node integration on', () => {
    expect(filesContaining(/loadFile\(|['"`]file:\/\//)).toEqual([]);
    expect(filesContaining(/nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false/)).toEqual([]);
  });

  it('never hands the window Electron objects (item 20): only the preload uses contextBridge, with named methods', () => {
    expect(filesContaining(/contextBridge/)).toEqual(['electron/preload/index.ts']);
    expect(filesContaining(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/)).toEqual([]);
  });

  it('uses a supported Electron major version (item 16)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string };
    expect(Number(manifest.version.split('.')[0])).toBeGreaterThanOrEqual(38);
  });
});
