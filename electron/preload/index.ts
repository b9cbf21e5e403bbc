import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createPreloadApi } from './api';

contextBridge.exposeInMainWorld(
  'workbench',
  // The window's File objects cross the context bridge as Files, so webUtils can find their paths (Electron ≥ 29).
  createPreloadApi(
    (channel, payload) => ipcRenderer.invoke(channel, payload),
    (file) => webUtils.getPathForFile(file as File),
  ),
);
