// Wires the shell together. Every decision lives in a small module next to
// this one (and is unit-tested there); this file only connects them to the
// real Electron objects in the right order.
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  Notification,
  protocol,
  safeStorage,
  session,
  shell,
} from 'electron';
import { installAppProtocol, registerAppScheme } from './app-protocol';
import { ConfigStore } from './config';
import { APP_ENTRY_URL, APP_ORIGIN } from './constants';
import { buildCsp, serverOriginOf } from './csp';
import { devServerUrlFrom } from './dev-server';
import { createOpenExternal } from './external-links';
import { createHandlers } from './handlers';
import { registerIpcHandlers } from './ipc';
import { buildMenuTemplate } from './menu';
import { createNotifier } from './notifications';
import { defaultPolicySource } from './policy-sources';
import { SecretStore } from './secrets';
import { hardenSession, hardenWebContents } from './security';
import { enforceSingleInstance } from './single-instance';
import { createUpdateService } from './update-setup';
import { buildWindowOptions } from './window-options';

export const APP_USER_MODEL_ID = 'id.go.posko.console';

const log = (message: string) => console.log(`[posko] ${message}`);

export function start(): void {
  // Both must happen before 'ready'.
  registerAppScheme(protocol);
  app.enableSandbox();

  let mainWindow: BrowserWindow | null = null;
  if (!enforceSingleInstance(app, () => mainWindow)) return;

  const devServer = devServerUrlFrom(process.env, app.isPackaged);
  const allowedOrigins = devServer ? [APP_ORIGIN, devServer.origin] : [APP_ORIGIN];
  const openExternal = createOpenExternal(shell);

  // Applies to every webContents ever created, not just our window.
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, { openExternal, appOrigins: allowedOrigins, log }),
  );
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  const createWindow = (): BrowserWindow => {
    const window = new BrowserWindow(
      buildWindowOptions({ preloadPath: path.join(__dirname, 'preload.cjs'), devTools: !app.isPackaged }),
    );
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    void window.loadURL(devServer ? devServer.toString() : APP_ENTRY_URL);
    return window;
  };

  void app
    .whenReady()
    .then(async () => {
      if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
      const userDataDir = app.getPath('userData');
      const config = new ConfigStore({
        userDataDir,
        env: process.env,
        policy: defaultPolicySource(process.platform),
        log,
      });
      await config.load();
      const updates = createUpdateService({
        config,
        isPackaged: app.isPackaged,
        version: app.getVersion(),
        log,
      });
      const csp = () =>
        buildCsp({
          serverOrigin: serverOriginOf(config.get().serverUrl),
          devServerOrigin: devServer?.origin ?? null,
        });

      hardenSession(session.defaultSession, { csp });
      // dist/electron/main.cjs -> dist/renderer, both in development and inside the packaged asar.
      installAppProtocol(protocol, { root: path.join(__dirname, '..', 'renderer'), csp });
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          buildMenuTemplate({ isMac: process.platform === 'darwin', isDev: !app.isPackaged }),
        ),
      );

      const notifier = createNotifier(
        { isSupported: () => Notification.isSupported(), create: (options) => new Notification(options) },
        () => mainWindow?.show(),
      );
      registerIpcHandlers(
        ipcMain,
        createHandlers({
          appInfo: () => ({
            name: app.getName(),
            version: app.getVersion(),
            host: 'electron',
            platform: process.platform,
          }),
          config,
          updates,
          secrets: new SecretStore(safeStorage, userDataDir),
          notify: (request) => notifier.show(request),
          clearNotifications: () => notifier.clearAll(),
          dialog,
          openExternal,
        }),
        { getWindow: () => mainWindow, allowedOrigins },
        log,
      );

      mainWindow = createWindow();
      // After the window: an update check never delays the console.
      void updates.start();
      app.on('activate', () => {
        if (!mainWindow) mainWindow = createWindow();
      });
    })
    .catch((error: unknown) => {
      // A shell that failed half-way must not linger without a window.
      log(`startup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      dialog.showErrorBox('Posko', 'Posko could not start. Please contact IT support.');
      app.exit(1);
    });
}
