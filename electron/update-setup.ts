// Builds the update service from the effective settings and the facts of this
// install (the only part of the update logic that touches the real process).
import { existsSync, readFileSync } from 'node:fs';
import type { ConfigStore } from './config';
import { decideUpdates, detectInstallKind, type InstallKind } from './update-policy';
import { loadElectronUpdater, UpdateService, type UpdaterLike } from './updater';

export interface UpdateSetupOptions {
  config: Pick<ConfigStore, 'settings' | 'diagnostics'>;
  isPackaged: boolean;
  version: string;
  log: (message: string) => void;
  /** Tests pass a kind and a fake updater. */
  kind?: InstallKind;
  loadUpdater?: () => Promise<UpdaterLike>;
}

export function createUpdateService(options: UpdateSetupOptions): UpdateService {
  const settings = options.config.settings();
  const modeEnforced =
    options.config.diagnostics().settings.find((s) => s.key === 'updateMode')?.locked === true;
  const kind =
    options.kind ??
    detectInstallKind({
      platform: process.platform,
      isPackaged: options.isPackaged,
      exePath: process.execPath,
      // Electron sets it; undefined under plain Node.
      resourcesPath: (process as { resourcesPath?: string }).resourcesPath ?? '',
      env: process.env,
      exists: existsSync,
      readText: (file) => {
        try {
          return readFileSync(file, 'utf8');
        } catch {
          return null;
        }
      },
    });
  const decision = decideUpdates({
    mode: settings.updateMode,
    modeEnforced,
    kind,
    channel: settings.updateChannel,
    feedUrl: settings.updateFeedUrl,
    serverUrl: settings.serverUrl,
  });
  options.log(
    `install kind ${kind}; updates ${decision.enabled ? `from ${decision.feedUrl}` : `off (${decision.reason})`}`,
  );
  return new UpdateService({
    decision,
    mode: settings.updateMode,
    channel: settings.updateChannel,
    currentVersion: options.version,
    loadUpdater: options.loadUpdater ?? loadElectronUpdater,
    log: options.log,
  });
}
