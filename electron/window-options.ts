// Every BrowserWindow the shell creates uses these options. They are the
// Electron security checklist in code: the page gets no Node, runs in the OS
// sandbox, sees the preload only through contextBridge, and cannot embed
// <webview> or turn web security off.
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  preloadPath: string;
  /** DevTools only for unpackaged development builds. */
  devTools: boolean;
  title?: string;
}

export function buildWindowOptions({
  preloadPath,
  devTools,
  title = 'Posko',
}: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title,
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      experimentalFeatures: false,
      devTools,
    },
  };
}
