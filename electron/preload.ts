// Sandboxed preload: it may only require 'electron', so it is bundled on its
// own by scripts/build-electron.mjs. It exposes the PlatformBridge as
// window.posko and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import type { OnlineHost } from './preload-api';
import { createBridgeApi } from './preload-api';

// The preload's world shares the page's DOM window, so online/offline events
// and navigator.onLine are the page's own.
const host = globalThis as unknown as OnlineHost;

contextBridge.exposeInMainWorld(
  'posko',
  createBridgeApi((channel, ...args) => ipcRenderer.invoke(channel, ...args), host),
);
