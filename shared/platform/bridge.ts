// The one interface the console needs from whatever hosts it. Two hosts
// implement it: the Electron preload (electron/preload.ts, through IPC) and
// the browser host (renderer/platform/browser-host.ts). The renderer only ever
// sees this interface, as `window.posko` or through getPlatform().
import { z } from 'zod';
import type { PolicyDiagnostics, UpdateStatus } from './policy-diagnostics';
import { SyncServerUrl } from './server-url';

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'browser']),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const LANGUAGES = ['id', 'en'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

/**
 * Effective configuration. IT policy (a root-owned file or the Windows policy
 * registry) overrides user settings; `locked` names the keys policy fixed, so
 * the settings screen can show them read-only.
 */
export const AutoLockMinutes = z.number().int().min(1).max(240);
/** What a person may choose for themself; IT policy may set up to the full 240. */
export const USER_MAX_AUTO_LOCK_MINUTES = 60;
export const UserAutoLockMinutes = AutoLockMinutes.max(USER_MAX_AUTO_LOCK_MINUTES);

export const CONFIG_KEYS = ['serverUrl', 'language', 'autoLockMinutes'] as const;
export const ConfigKey = z.enum(CONFIG_KEYS);
export type ConfigKey = z.infer<typeof ConfigKey>;

export const AppConfig = z.object({
  serverUrl: SyncServerUrl,
  language: Language,
  autoLockMinutes: AutoLockMinutes,
  locked: z.array(ConfigKey),
});
export type AppConfig = z.infer<typeof AppConfig>;

/** What setConfig may change: every key, unless policy locked it. */
export const UserSettingsPatch = z
  .object({
    serverUrl: SyncServerUrl.optional(),
    language: Language.optional(),
    autoLockMinutes: UserAutoLockMinutes.optional(),
  })
  .strict();
export type UserSettingsPatch = z.infer<typeof UserSettingsPatch>;

export const SecretKey = z.string().regex(/^[a-z0-9._-]{1,64}$/, 'secret keys are short lowercase names');
export const SecretValue = z.string().max(16_384);

export const NotificationRequest = z.object({
  title: z.string().min(1).max(200),
  body: z.string().max(1000),
  tag: z.string().max(100).optional(),
});
export type NotificationRequest = z.infer<typeof NotificationRequest>;

export const SaveFileRequest = z.object({
  suggestedName: z.string().min(1).max(200),
  mimeType: z.string().max(100),
  /** UTF-8 text or base64 for binary, see `encoding`. */
  data: z.string().max(50 * 1024 * 1024),
  encoding: z.enum(['utf8', 'base64']),
});
export type SaveFileRequest = z.infer<typeof SaveFileRequest>;
export const SaveFileResult = z.object({ saved: z.boolean() });

export const OpenFileRequest = z.object({
  /** File extensions without dot, e.g. ["pdf","jpg"]. */
  extensions: z.array(z.string().regex(/^[a-z0-9]{1,8}$/)).max(20),
});
export type OpenFileRequest = z.infer<typeof OpenFileRequest>;
export const OpenedFile = z.object({
  name: z.string().max(255),
  mimeType: z.string().max(100),
  base64: z.string(),
  size: z.number().int().min(0),
});
export type OpenedFile = z.infer<typeof OpenedFile>;

export const ExternalUrl = z.url({ protocol: /^https$/ });

export interface PlatformBridge {
  getAppInfo(): Promise<AppInfo>;
  getConfig(): Promise<AppConfig>;
  /** User-changeable settings; keys locked by policy are refused. */
  setConfig(patch: UserSettingsPatch): Promise<AppConfig>;
  /**
   * Every managed setting with its value and origin, and every ignored policy with the reason.
   * Only the desktop shell has policy; the browser host leaves it out.
   */
  getPolicyDiagnostics?(): Promise<PolicyDiagnostics>;
  /** Self-update under IT policy (desktop only): check, download and install on request. */
  updates?: {
    status(): Promise<UpdateStatus>;
    check(): Promise<UpdateStatus>;
    download(): Promise<UpdateStatus>;
    install(): Promise<UpdateStatus>;
  };
  secrets: {
    get(key: string): Promise<string | null>;
    set(key: string, value: string): Promise<void>;
    delete(key: string): Promise<void>;
  };
  notify(request: NotificationRequest): Promise<void>;
  /** Closes every notification the console showed (called when it locks). */
  clearNotifications(): Promise<void>;
  saveFile(request: SaveFileRequest): Promise<boolean>;
  openFile(request: OpenFileRequest): Promise<OpenedFile | null>;
  openExternal(url: string): Promise<void>;
  isOnline(): boolean;
  onOnlineChange(listener: (online: boolean) => void): () => void;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
