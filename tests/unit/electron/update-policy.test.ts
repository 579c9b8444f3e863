import { describe, expect, it, vi } from 'vitest';

// Never the real electron (nor electron-updater, which requires it at import time).
vi.mock('electron', () => ({}));
const fakeAutoUpdater = vi.hoisted(() => ({ marker: 'mocked electron-updater' }));
vi.mock('electron-updater', () => ({ autoUpdater: fakeAutoUpdater }));

import {
  decideUpdates,
  detectInstallKind,
  feedUrlFor,
  type InstallFacts,
  type InstallKind,
  type UpdateInputs,
} from '../../../electron/update-policy';
import { loadElectronUpdater, UpdateService, type UpdaterLike } from '../../../electron/updater';
import { UpdateStatus } from '../../../shared/platform/policy-diagnostics';

const winFacts = (exePath: string, files: string[]): InstallFacts => ({
  platform: 'win32',
  isPackaged: true,
  exePath,
  resourcesPath: '',
  env: { ProgramFiles: 'C:\\Program Files' },
  exists: (f) => files.includes(f),
  readText: () => null,
});

describe('detectInstallKind', () => {
  it('Windows: no NSIS uninstaller beside Posko.exe means MSI; NSIS per-machine vs per-user by folder', () => {
    expect(detectInstallKind(winFacts('C:\\Program Files\\Posko\\Posko.exe', []))).toBe('msi');
    expect(
      detectInstallKind(
        winFacts('C:\\Program Files\\Posko\\Posko.exe', ['C:\\Program Files\\Posko\\Uninstall Posko.exe']),
      ),
    ).toBe('nsis-per-machine');
    const user = 'C:\\Users\\op\\AppData\\Local\\Programs\\Posko';
    expect(detectInstallKind(winFacts(`${user}\\Posko.exe`, [`${user}\\Uninstall Posko.exe`]))).toBe(
      'nsis-per-user',
    );
  });

  it('Linux: AppImage by $APPIMAGE, deb/rpm by resources/package-type, else unknown', () => {
    const linux = (env: InstallFacts['env'], packageType: string | null): InstallFacts => ({
      platform: 'linux',
      isPackaged: true,
      exePath: '/opt/Posko/posko',
      resourcesPath: '/opt/Posko/resources',
      env,
      exists: () => false,
      readText: (f) => (f === '/opt/Posko/resources/package-type' ? packageType : null),
    });
    expect(detectInstallKind(linux({ APPIMAGE: '/home/op/Posko.AppImage' }, null))).toBe('appimage');
    expect(detectInstallKind(linux({}, 'deb\n'))).toBe('deb');
    expect(detectInstallKind(linux({}, 'rpm'))).toBe('rpm');
    expect(detectInstallKind(linux({}, null))).toBe('unknown');
    expect(detectInstallKind({ ...linux({}, 'deb'), isPackaged: false })).toBe('unpackaged');
  });
});

const inputs = (over: Partial<UpdateInputs>): UpdateInputs => ({
  mode: 'default',
  modeEnforced: false,
  kind: 'nsis-per-user',
  channel: 'stable',
  feedUrl: '',
  serverUrl: 'https://posko.example/',
  ...over,
});

describe('decideUpdates', () => {
  it.each<[string, Partial<UpdateInputs>, string]>([
    ['policy none', { mode: 'none', modeEnforced: true }, 'policy-none'],
    ['an MSI install, whatever the policy', { kind: 'msi', mode: 'default', modeEnforced: true }, 'msi'],
    [
      'a per-machine NSIS install without an enforced mode',
      { kind: 'nsis-per-machine' },
      'per-machine-needs-policy',
    ],
    ['a deb without an enforced mode', { kind: 'deb' }, 'per-machine-needs-policy'],
    ['an unpackaged (development) run', { kind: 'unpackaged' }, 'not-packaged'],
    ['an install of unknown kind', { kind: 'unknown' }, 'unsupported-install'],
    ['a plain-http server and no feed', { serverUrl: 'http://127.0.0.1:4870' }, 'no-feed'],
  ])('off for %s', (_name, over, reason) => {
    expect(decideUpdates(inputs(over))).toMatchObject({ enabled: false, reason, autoDownload: false });
  });

  it.each<[InstallKind, boolean]>([
    ['nsis-per-user', false],
    ['appimage', false],
    ['mac', false],
    ['nsis-per-machine', true],
    ['deb', true],
  ])('on for %s (mode enforced: %s)', (kind, modeEnforced) => {
    expect(decideUpdates(inputs({ kind, modeEnforced }))).toEqual({
      enabled: true,
      reason: 'allowed',
      autoDownload: true,
      autoInstallOnAppQuit: true,
      feedUrl: 'https://posko.example/v1/updates/stable/',
    });
  });

  it('manual: allowed, but nothing downloads or installs by itself', () => {
    expect(decideUpdates(inputs({ mode: 'manual', modeEnforced: true, kind: 'deb' }))).toMatchObject({
      enabled: true,
      autoDownload: false,
      autoInstallOnAppQuit: false,
    });
  });

  it('the feed: the policy URL or the sync server, plus the channel; never plain http', () => {
    expect(feedUrlFor({ feedUrl: 'https://updates.example/posko/', serverUrl: 'x', channel: 'pilot' })).toBe(
      'https://updates.example/posko/pilot/',
    );
    expect(feedUrlFor({ feedUrl: '', serverUrl: 'https://s.example', channel: 'beta' })).toBe(
      'https://s.example/v1/updates/beta/',
    );
    expect(feedUrlFor({ feedUrl: '', serverUrl: 'http://localhost:4870', channel: 'beta' })).toBeNull();
  });
});

class FakeUpdater implements UpdaterLike {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  allowDowngrade = true;
  feed: unknown = null;
  listeners = new Map<string, (...args: unknown[]) => void>();
  checkForUpdates = vi.fn(async () => {
    this.emit('update-available', { version: '0.2.0' });
    return null;
  });
  downloadUpdate = vi.fn(async () => {
    this.emit('download-progress', { percent: 50 });
    this.emit('update-downloaded', { version: '0.2.0' });
    return [];
  });
  quitAndInstall = vi.fn();
  setFeedURL(options: unknown) {
    this.feed = options;
  }
  on(event: string, listener: (...args: unknown[]) => void) {
    this.listeners.set(event, listener);
    return this;
  }
  emit(event: string, ...args: unknown[]) {
    this.listeners.get(event)?.(...args);
  }
}

describe('UpdateService (electron-updater mocked)', () => {
  const service = (over: Partial<UpdateInputs>, updater = new FakeUpdater()) => {
    const decision = decideUpdates(inputs(over));
    const load = vi.fn(async () => updater);
    const s = new UpdateService({
      decision,
      mode: over.mode ?? 'default',
      channel: 'stable',
      currentVersion: '0.1.0',
      loadUpdater: load,
      setInterval: vi.fn(),
    });
    return { s, load, updater };
  };

  it('policy none: the updater is never even loaded, and requests are refused', async () => {
    const { s, load } = service({ mode: 'none', modeEnforced: true });
    await s.start();
    expect(load).not.toHaveBeenCalled();
    await expect(s.check()).rejects.toMatchObject({ code: 'refused' });
    expect(s.status()).toMatchObject({ state: 'disabled', reason: 'policy-none' });
  });

  it('MSI: never loaded either', async () => {
    const { s, load } = service({ kind: 'msi', modeEnforced: true });
    await s.start();
    await expect(s.download()).rejects.toMatchObject({ code: 'refused' });
    expect(load).not.toHaveBeenCalled();
  });

  it('default: generic feed, checks at start, downloads and installs on quit by itself', async () => {
    const { s, updater } = service({});
    await s.start();
    expect(updater.feed).toEqual({ provider: 'generic', url: 'https://posko.example/v1/updates/stable/' });
    expect(updater).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true, allowDowngrade: false });
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(s.status()).toMatchObject({ state: 'downloading', availableVersion: '0.2.0' });
  });

  it('manual: nothing at start; check, download, install only on request, in that order', async () => {
    const { s, updater } = service({ mode: 'manual', modeEnforced: true });
    await s.start();
    expect(updater.checkForUpdates).not.toHaveBeenCalled();
    await expect(s.install()).rejects.toMatchObject({ code: 'refused' });
    expect((await s.check()).state).toBe('available');
    expect(updater.autoDownload).toBe(false);
    expect(updater.downloadUpdate).not.toHaveBeenCalled();
    const downloaded = await s.download();
    expect(downloaded).toMatchObject({ state: 'downloaded', percent: 100, availableVersion: '0.2.0' });
    expect(UpdateStatus.safeParse(downloaded).success).toBe(true);
    await s.install();
    expect(updater.quitAndInstall).toHaveBeenCalledWith(false, true);
  });

  it('a failing check is reported in the status, not thrown', async () => {
    const updater = new FakeUpdater();
    updater.checkForUpdates = vi.fn(async () => Promise.reject(new Error('feed unreachable')));
    const { s } = service({ mode: 'manual', modeEnforced: true }, updater);
    expect(await s.check()).toMatchObject({ state: 'error', error: 'feed unreachable' });
  });

  it('loads electron-updater’s autoUpdater (mocked here)', async () => {
    await expect(loadElectronUpdater()).resolves.toBe(fakeAutoUpdater);
  });
});
