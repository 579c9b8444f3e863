// Drives electron-updater under the decision of update-policy.ts. The
// updater is injected (the real one is electron-updater's autoUpdater, loaded
// only when updates are allowed), so tests run it against a fake. Staged
// rollouts are electron-updater's own: the feed's latest*.yml carries
// `stagingPercentage`, and each install compares it with a stable random id it
// keeps in its user-data folder (.updaterId).
import type { UpdateStatus } from '../shared/platform/policy-diagnostics';
import type { UpdateMode } from '../shared/platform/policy-schema';
import { ShellError } from './errors';
import type { UpdateDecision } from './update-policy';

/** The part of electron-updater's AppUpdater the shell uses. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

export interface UpdateServiceOptions {
  decision: UpdateDecision;
  mode: UpdateMode;
  channel: string;
  currentVersion: string;
  loadUpdater: () => Promise<UpdaterLike>;
  log?: (message: string) => void;
  /** How often "default" mode checks again (tests shorten it). */
  intervalMs?: number;
  setInterval?: (fn: () => void, ms: number) => unknown;
}

const SIX_HOURS = 6 * 60 * 60 * 1000;

function versionOf(info: unknown): string | null {
  const v = (info as { version?: unknown } | null)?.version;
  return typeof v === 'string' ? v.slice(0, 64) : null;
}

export class UpdateService {
  private updater: UpdaterLike | null = null;
  private state: UpdateStatus['state'];
  private availableVersion: string | null = null;
  private percent: number | null = null;
  private error: string | null = null;
  private readonly log: (message: string) => void;

  constructor(private readonly options: UpdateServiceOptions) {
    this.state = options.decision.enabled ? 'idle' : 'disabled';
    this.log = options.log ?? (() => {});
  }

  status(): UpdateStatus {
    return {
      mode: this.options.mode,
      reason: this.options.decision.reason,
      state: this.state,
      channel: this.options.channel,
      currentVersion: this.options.currentVersion,
      availableVersion: this.availableVersion,
      percent: this.percent,
      error: this.error,
    };
  }

  /** At start: nothing at all unless allowed; in "default" mode, a check now and every six hours. */
  async start(): Promise<void> {
    const { decision } = this.options;
    if (!decision.enabled) {
      this.log(`updates off: ${decision.reason}`);
      return;
    }
    if (this.options.mode !== 'default') return;
    await this.check().catch(() => undefined);
    const every = this.options.setInterval ?? ((fn, ms) => setInterval(fn, ms).unref());
    every(() => void this.check().catch(() => undefined), this.options.intervalMs ?? SIX_HOURS);
  }

  async check(): Promise<UpdateStatus> {
    const updater = await this.ready();
    this.state = 'checking';
    this.error = null;
    try {
      await updater.checkForUpdates();
    } catch (error) {
      this.fail(error);
    }
    return this.status();
  }

  async download(): Promise<UpdateStatus> {
    const updater = await this.ready();
    if (this.state !== 'available') throw new ShellError('refused', 'no update is available to download');
    this.state = 'downloading';
    try {
      await updater.downloadUpdate();
    } catch (error) {
      this.fail(error);
    }
    return this.status();
  }

  async install(): Promise<UpdateStatus> {
    const updater = await this.ready();
    if (this.state !== 'downloaded') throw new ShellError('refused', 'no downloaded update to install');
    // Not silent: the NSIS per-machine installer may need to ask for elevation. Posko restarts after.
    updater.quitAndInstall(false, true);
    return this.status();
  }

  private fail(error: unknown): void {
    this.state = 'error';
    this.error = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    this.log(`update failed: ${this.error}`);
  }

  private async ready(): Promise<UpdaterLike> {
    const { decision } = this.options;
    if (!decision.enabled || !decision.feedUrl) {
      throw new ShellError('refused', `updates are off on this computer (${decision.reason})`);
    }
    if (this.updater) return this.updater;
    const updater = await this.options.loadUpdater();
    updater.autoDownload = decision.autoDownload;
    updater.autoInstallOnAppQuit = decision.autoInstallOnAppQuit;
    // A channel switch must not install an older build over a newer one.
    updater.allowDowngrade = false;
    updater.setFeedURL({ provider: 'generic', url: decision.feedUrl });
    updater.on('update-available', (info) => {
      this.availableVersion = versionOf(info);
      this.state = decision.autoDownload ? 'downloading' : 'available';
    });
    updater.on('update-not-available', () => {
      this.state = 'not-available';
    });
    updater.on('download-progress', (progress) => {
      const p = (progress as { percent?: unknown } | null)?.percent;
      this.percent = typeof p === 'number' ? Math.max(0, Math.min(100, p)) : null;
    });
    updater.on('update-downloaded', (info) => {
      this.availableVersion = versionOf(info) ?? this.availableVersion;
      this.state = 'downloaded';
      this.percent = 100;
    });
    updater.on('error', (error) => this.fail(error));
    this.updater = updater;
    return updater;
  }
}

/** The real electron-updater, loaded on demand (it requires electron at import time). */
export async function loadElectronUpdater(): Promise<UpdaterLike> {
  const { autoUpdater } = await import('electron-updater');
  return autoUpdater as unknown as UpdaterLike;
}
