import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is built to static files: Electron loads them from disk (hence relative `base`),
// the browser host serves the same folder.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2023',
    // Electron and the CSP: no inline scripts, no eval, no remote anything.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2000,
  },
  server: { port: 5173, strictPort: false },
});
