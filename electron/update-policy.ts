// Whether this install may update itself, and how. Pure: the facts about the
// install come in as data, so every rule is tested in Node without Electron.
// The rules (issue 19): policy "none" disables updates, "manual" lets the
// person choose when; MSI installs never self-update (electron-updater cannot
// update them, and mixing the two left Mattermost and Bitwarden users with
// duplicate installs); per-machine installs update only when IT enforced an
// update mode, because updating them writes to Program Files or /opt.
import path from 'node:path';
import type { UpdateStatus } from '../shared/platform/policy-diagnostics';
import type { UpdateMode } from '../shared/platform/policy-schema';

export type InstallKind =
  | 'msi'
  | 'nsis-per-machine'
  | 'nsis-per-user'
  | 'deb'
  | 'rpm'
  | 'appimage'
  | 'mac'
  | 'unpackaged'
  | 'unknown';

export const PER_MACHINE_KINDS: ReadonlySet<InstallKind> = new Set(['nsis-per-machine', 'deb', 'rpm']);

export interface InstallFacts {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  /** process.execPath */
  exePath: string;
  /** process.resourcesPath */
  resourcesPath: string;
  env: Partial<Record<'APPIMAGE' | 'ProgramFiles' | 'ProgramW6432', string>>;
  exists(file: string): boolean;
  readText(file: string): string | null;
}

/** The NSIS installer leaves this uninstaller beside Posko.exe; an MSI install has none. */
export const NSIS_UNINSTALLER = 'Uninstall Posko.exe';

const under = (child: string, parent: string | undefined) =>
  !!parent && child.toLowerCase().startsWith(parent.toLowerCase().replace(/[\\/]+$/, '') + '\\');

export function detectInstallKind(facts: InstallFacts): InstallKind {
  if (!facts.isPackaged) return 'unpackaged';
  if (facts.platform === 'win32') {
    const dir = path.win32.dirname(facts.exePath);
    // No NSIS uninstaller: an MSI install (or a copied folder). Neither may self-update.
    if (!facts.exists(path.win32.join(dir, NSIS_UNINSTALLER))) return 'msi';
    const machine = under(dir, facts.env.ProgramFiles) || under(dir, facts.env.ProgramW6432);
    return machine ? 'nsis-per-machine' : 'nsis-per-user';
  }
  if (facts.platform === 'linux') {
    if (facts.env.APPIMAGE) return 'appimage';
    // electron-builder writes resources/package-type for deb and rpm (electron-updater reads it too).
    const type = facts.readText(path.posix.join(facts.resourcesPath, 'package-type'))?.trim();
    if (type === 'deb' || type === 'rpm') return type;
    return 'unknown';
  }
  if (facts.platform === 'darwin') return 'mac';
  return 'unknown';
}

export interface UpdateInputs {
  mode: UpdateMode;
  /** True when the update mode came from enforced policy (not the built-in default). */
  modeEnforced: boolean;
  kind: InstallKind;
  channel: string;
  /** updateFeedUrl from policy, '' when unset. */
  feedUrl: string;
  serverUrl: string;
}

export interface UpdateDecision {
  enabled: boolean;
  reason: UpdateStatus['reason'];
  /** electron-updater's autoDownload / autoInstallOnAppQuit. */
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  /** The generic provider's URL: <feed>/<channel>/ (holding latest.yml, latest-linux.yml...). */
  feedUrl: string | null;
}

/** <updateFeedUrl or the sync server's /v1/updates>/<channel>/, https only. */
export function feedUrlFor(inputs: Pick<UpdateInputs, 'feedUrl' | 'serverUrl' | 'channel'>): string | null {
  const base = inputs.feedUrl || `${inputs.serverUrl.replace(/\/+$/, '')}/v1/updates`;
  // An update is code that will run: never fetched over plain http, not even from localhost.
  if (!/^https:\/\//i.test(base)) return null;
  return `${base.replace(/\/+$/, '')}/${encodeURIComponent(inputs.channel)}/`;
}

export function decideUpdates(inputs: UpdateInputs): UpdateDecision {
  const off = (reason: UpdateDecision['reason']): UpdateDecision => ({
    enabled: false,
    reason,
    autoDownload: false,
    autoInstallOnAppQuit: false,
    feedUrl: null,
  });
  if (inputs.kind === 'unpackaged') return off('not-packaged');
  if (inputs.mode === 'none') return off('policy-none');
  if (inputs.kind === 'msi') return off('msi');
  if (inputs.kind === 'unknown') return off('unsupported-install');
  if (PER_MACHINE_KINDS.has(inputs.kind) && !inputs.modeEnforced) return off('per-machine-needs-policy');
  const feedUrl = feedUrlFor(inputs);
  if (!feedUrl) return off('no-feed');
  const automatic = inputs.mode === 'default';
  return {
    enabled: true,
    reason: 'allowed',
    autoDownload: automatic,
    autoInstallOnAppQuit: automatic,
    feedUrl,
  };
}
