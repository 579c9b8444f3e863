// The platform bridge for a normal browser tab (`npm run start:web`, the
// real-browser tests, and field staff without the desktop app). Same
// interface as the Electron preload, with the browser's weaker guarantees.
import type { z } from 'zod';
import {
  AppConfig,
  ExternalUrl,
  NotificationRequest,
  OpenFileRequest,
  SaveFileRequest,
  SecretKey,
  SecretValue,
  UserSettingsPatch,
} from '../../shared/platform/bridge';
import type { AppInfo, OpenedFile, PlatformBridge } from '../../shared/platform/bridge';
import { fromBase64, toBase64 } from '../lib/base64';

declare global {
  /** Injected by renderer/vite.config.ts from package.json. */
  const __POSKO_VERSION__: string;
}

const SETTINGS_KEY = 'posko.settings';
const SECRET_PREFIX = 'posko.secret.';
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:4870';

/** What a user may change in a tab; anything else found in storage is ignored. */
const UserSettings = UserSettingsPatch.strip();
type UserSettings = z.infer<typeof UserSettings>;

/** The parts of the browser the host touches; injectable so tests can run it under happy-dom. */
export interface BrowserEnv {
  location: Pick<Location, 'protocol' | 'origin'>;
  storage: Storage;
  navigator: Pick<Navigator, 'onLine' | 'userAgent'>;
  events: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  document: Document;
  open: (url: string, target: string, features: string) => unknown;
}

function defaultEnv(): BrowserEnv {
  return {
    location: window.location,
    storage: window.localStorage,
    navigator: window.navigator,
    events: window,
    document: window.document,
    open: (url, target, features) => window.open(url, target, features),
  };
}

export function defaultServerUrl(location: Pick<Location, 'protocol' | 'origin'>): string {
  // Served by the sync server (start:web) the API is on the same origin; from
  // file:// or app:// there is no origin to reuse, so use the local default.
  return location.protocol === 'http:' || location.protocol === 'https:'
    ? location.origin
    : DEFAULT_SERVER_URL;
}

function readSettings(storage: Storage): UserSettings {
  try {
    const raw = storage.getItem(SETTINGS_KEY);
    if (!raw) return {};
    const parsed = UserSettings.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : {};
  } catch {
    // Corrupt JSON from an older build or a hand edit: fall back to defaults, never crash the console.
    return {};
  }
}

export function createBrowserHost(env: BrowserEnv = defaultEnv()): PlatformBridge {
  /** Shown by this tab and not yet closed: closed together when the console locks. */
  const notifications = new Set<Notification>();
  const config = (): AppConfig =>
    AppConfig.parse({
      serverUrl: defaultServerUrl(env.location),
      language: 'id',
      autoLockMinutes: 15,
      locked: [],
      ...readSettings(env.storage),
    });

  return {
    async getAppInfo(): Promise<AppInfo> {
      const version = typeof __POSKO_VERSION__ === 'string' ? __POSKO_VERSION__ : '0.0.0';
      return { name: 'Posko', version, host: 'browser', platform: env.navigator.userAgent.slice(0, 200) };
    },
    async getConfig() {
      return config();
    },
    async setConfig(patch) {
      const valid = UserSettings.parse(patch);
      const next = { ...readSettings(env.storage), ...valid };
      env.storage.setItem(SETTINGS_KEY, JSON.stringify(next));
      return config();
    },
    // WEAKER GUARANTEE: a browser tab has no OS keychain. Secrets sit in this
    // origin's localStorage, readable by any script running on the origin and
    // by anyone with the unlocked user profile. The CSP (no inline or remote
    // script) is what protects them; the desktop app uses safeStorage instead.
    secrets: {
      async get(key) {
        return env.storage.getItem(SECRET_PREFIX + SecretKey.parse(key));
      },
      async set(key, value) {
        env.storage.setItem(SECRET_PREFIX + SecretKey.parse(key), SecretValue.parse(value));
      },
      async delete(key) {
        env.storage.removeItem(SECRET_PREFIX + SecretKey.parse(key));
      },
    },
    async notify(request) {
      const valid = NotificationRequest.parse(request);
      if (typeof Notification === 'undefined') return;
      let permission = Notification.permission;
      if (permission === 'default') permission = await Notification.requestPermission();
      // A refused permission is the user's choice: the in-app "today" list still shows what is due.
      if (permission !== 'granted') return;
      const shown = new Notification(valid.title, { body: valid.body, tag: valid.tag });
      notifications.add(shown);
      shown.addEventListener('close', () => notifications.delete(shown));
    },
    async clearNotifications() {
      for (const shown of notifications) shown.close();
      notifications.clear();
    },
    async saveFile(request) {
      const valid = SaveFileRequest.parse(request);
      const blob =
        valid.encoding === 'base64'
          ? new Blob([fromBase64(valid.data)], { type: valid.mimeType })
          : new Blob([valid.data], { type: valid.mimeType });
      const url = URL.createObjectURL(blob);
      const link = env.document.createElement('a');
      link.href = url;
      link.download = valid.suggestedName;
      link.rel = 'noopener';
      env.document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      // The browser does not say whether the user kept the download; starting it is all a tab can know.
      return true;
    },
    openFile(request) {
      const valid = OpenFileRequest.parse(request);
      return new Promise<OpenedFile | null>((resolve, reject) => {
        const input = env.document.createElement('input');
        input.type = 'file';
        input.accept = valid.extensions.map((ext) => `.${ext}`).join(',');
        input.addEventListener('cancel', () => resolve(null));
        input.addEventListener('change', () => {
          const file = input.files?.[0];
          if (!file) return resolve(null);
          file
            .arrayBuffer()
            .then((buffer) =>
              resolve({
                name: file.name.slice(0, 255),
                mimeType: (file.type || 'application/octet-stream').slice(0, 100),
                base64: toBase64(new Uint8Array(buffer)),
                size: file.size,
              }),
            )
            .catch(reject);
        });
        input.click();
      });
    },
    async openExternal(url) {
      // Only https leaves the console; a javascript: or http: link is refused here as in Electron.
      const valid = ExternalUrl.parse(url);
      env.open(valid, '_blank', 'noopener,noreferrer');
    },
    isOnline() {
      return env.navigator.onLine;
    },
    onOnlineChange(listener) {
      const on = () => listener(true);
      const off = () => listener(false);
      env.events.addEventListener('online', on);
      env.events.addEventListener('offline', off);
      return () => {
        env.events.removeEventListener('online', on);
        env.events.removeEventListener('offline', off);
      };
    },
  };
}
