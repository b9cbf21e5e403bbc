import path from 'node:path';
import { BrowserWindow, app, dialog, ipcMain, session, shell } from 'electron';
import { IMPORTABLE_EXTENSIONS, RECIPE_EXTENSIONS, SPECIFICATION_EXTENSIONS } from '../host/shell';
import { registerAppSchemeAsPrivileged, serveRendererFolder } from './app-protocol';
import { EngineClient } from './engine-client';
import { createMainHandlers, registerIpcHandlers } from './ipc';
import { APP_ORIGIN, isTrustedSender, secureSession, secureWebContents } from './security';
import { mainWindowOptions } from './window-options';

/**
 * The main process: a thin shell. It opens one hardened window, shows native dialogs, and relays
 * validated calls to the engine, which runs in its own utility process.
 */

const devServerUrl = process.env.ELECTRON_RENDERER_URL;

app.enableSandbox();
registerAppSchemeAsPrivileged();

if (!app.requestSingleInstanceLock()) app.quit();

const engine = new EngineClient(path.join(import.meta.dirname, 'engine.js'), path.join(app.getPath('userData'), 'workspace'));

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(path.join(import.meta.dirname, '../preload/index.cjs')));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
  return window;
}

function jsonFilter(purpose: 'recipe' | 'specification'): Electron.FileFilter {
  return purpose === 'recipe'
    ? { name: 'Recipes (JSON)', extensions: RECIPE_EXTENSIONS.map((extension) => extension.slice(1)) }
    : { name: 'Specifications (JSON)', extensions: SPECIFICATION_EXTENSIONS.map((extension) => extension.slice(1)) };
}

app.on('web-contents-created', (_event, contents) => secureWebContents(contents, devServerUrl));

app.whenReady().then(() => {
  secureSession(session.defaultSession, devServerUrl);
  serveRendererFolder(path.join(import.meta.dirname, '../renderer'));
  const handlers = createMainHandlers({
    callEngine: (method, payload) => engine.call(method, payload),
    grantFile: (filePath) => engine.grant(filePath),
    grantSave: (filePath) => engine.grant(filePath, 'save'),
    openPath: (filePath) => shell.openPath(filePath),
    async showSaveDialog({ purpose, suggestedName }) {
      const focused = BrowserWindow.getFocusedWindow();
      const options: Electron.SaveDialogOptions = {
        title: purpose === 'recipe' ? 'Save the recipe' : 'Save the specification',
        defaultPath: path.join(app.getPath('documents'), suggestedName),
        filters: [jsonFilter(purpose)],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const picked = focused ? await dialog.showSaveDialog(focused, options) : await dialog.showSaveDialog(options);
      return picked.canceled || picked.filePath === undefined || picked.filePath === '' ? null : picked.filePath;
    },
    async showOpenDialog({ multiple, purpose }) {
      const focused = BrowserWindow.getFocusedWindow();
      const options: Electron.OpenDialogOptions = {
        title: purpose === 'recipe' ? 'Choose a recipe' : purpose === 'specification' ? 'Choose a specification' : 'Choose extracts to import',
        properties: multiple ? ['openFile', 'multiSelections'] : ['openFile'],
        filters:
          purpose === 'import'
            ? [{ name: 'Spreadsheets and text', extensions: IMPORTABLE_EXTENSIONS.map((extension) => extension.slice(1)) }]
            : [jsonFilter(purpose)],
      };
      const picked = focused ? await dialog.showOpenDialog(focused, options) : await dialog.showOpenDialog(options);
      return picked.canceled ? [] : picked.filePaths;
    },
  });
  registerIpcHandlers(ipcMain, handlers, (frame) => isTrustedSender(frame, devServerUrl));
  createMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
});

app.on('window-all-closed', () => {
  engine.stop();
  if (process.platform !== 'darwin') app.quit();
});
