import type { WorkbenchApi } from '../../shared/api';

declare global {
  interface Window {
    /** Present only in Electron, where the preload exposes the engine's named methods. */
    workbench?: WorkbenchApi;
  }
}

export {};
