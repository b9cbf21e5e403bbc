import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './api';

contextBridge.exposeInMainWorld(
  'workbench',
  createPreloadApi((channel, payload) => ipcRenderer.invoke(channel, payload)),
);
