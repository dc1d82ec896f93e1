// The preload of the sandboxed, context-isolated window: it exposes `window.kartoteka` (the
// contract's Bridge) and nothing else. Bundled by scripts/build-electron.mjs into one CommonJS
// file (dist/electron/preload.cjs) with the contract inlined, because a sandboxed preload can
// `require` only electron's renderer modules and a few Node built-ins.
import '../../shared/zod-jitless.ts'; // first: before the contract's schemas exist
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadBridge } from './bridge.ts';

contextBridge.exposeInMainWorld('kartoteka', createPreloadBridge(ipcRenderer));
