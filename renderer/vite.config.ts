import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));

/** Builds the window into out/renderer with relative paths, so Electron can load it from file:// and the host from /. */
export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    // One CSP-friendly bundle: no inline scripts, no eval, and no modulepreload polyfill injected into HTML.
    modulePreload: { polyfill: false },
    target: 'es2022',
    chunkSizeWarningLimit: 2500,
  },
});
