// Effective configuration = defaults <- user settings (userData/settings.json)
// <- environment (silent deploys) <- IT policy. Keys set by the environment or
// by policy are locked: the settings screen shows them read-only and
// setConfig refuses to change them. Every layer is parsed with zod; a broken
// layer is ignored (and logged) rather than half-applied.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppConfig, AutoLockMinutes, Language, UserSettingsPatch } from '../shared/platform/bridge';
import type { ConfigKey } from '../shared/platform/bridge';
import { SyncServerUrl } from '../shared/platform/server-url';
import type { PolicySource } from './policy-sources';
import { ShellError } from './errors';

export type { ConfigKey };
export type ConfigValues = Omit<AppConfig, 'locked'>;
export type UserSettings = UserSettingsPatch;

export const DEFAULT_CONFIG: ConfigValues = {
  serverUrl: 'http://127.0.0.1:4870',
  language: 'id',
  autoLockMinutes: 15,
};

/** A policy or environment layer: any subset of the config keys. */
export const ConfigLayer = z
  .object({ serverUrl: SyncServerUrl, language: Language, autoLockMinutes: AutoLockMinutes })
  .partial()
  .strict();
export type ConfigLayer = z.infer<typeof ConfigLayer>;

/**
 * Keys older policies may still carry that no longer mean anything. They are dropped (and
 * logged) before the strict parse, so a leftover one does not make Posko ignore the whole
 * policy, server URL included. `officeCode` was never used by the console (the office comes
 * with the user's account at sign-in).
 */
export const RETIRED_POLICY_KEYS = ['officeCode'] as const;

/** A policy or environment layer from raw input: retired keys dropped, the rest parsed strictly. */
export function parseConfigLayer(raw: unknown, log: (m: string) => void = () => {}): ConfigLayer {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const copy: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
    for (const key of RETIRED_POLICY_KEYS) {
      if (key in copy) {
        log(`ignoring retired policy key "${key}"`);
        delete copy[key];
      }
    }
    return ConfigLayer.parse(copy);
  }
  return ConfigLayer.parse(raw);
}

/** The user's own settings file: invalid keys are dropped, not fatal. */
export const UserSettingsFile = UserSettingsPatch.partial().strip();

export function resolveConfig(layers: {
  user: UserSettings;
  env: ConfigLayer;
  policy: ConfigLayer;
}): AppConfig {
  const merged: ConfigValues = { ...DEFAULT_CONFIG, ...layers.user, ...layers.env, ...layers.policy };
  const locked = new Set<ConfigKey>([...keysOf(layers.env), ...keysOf(layers.policy)]);
  return AppConfig.parse({ ...merged, locked: [...locked].sort() });
}

function keysOf(layer: ConfigLayer): ConfigKey[] {
  return (Object.keys(layer) as ConfigKey[]).filter((k) => layer[k] !== undefined);
}

/** POSKO_SERVER_URL lets IT deploy without a policy file. */
export function readEnvLayer(env: NodeJS.ProcessEnv, log: (m: string) => void = () => {}): ConfigLayer {
  const raw: Record<string, string> = {};
  if (env.POSKO_SERVER_URL) raw.serverUrl = env.POSKO_SERVER_URL;
  if (env.POSKO_OFFICE_CODE) log('ignoring POSKO_OFFICE_CODE: the console no longer uses an office code');
  const parsed = ConfigLayer.safeParse(raw);
  if (!parsed.success) {
    log(`ignoring invalid POSKO_* environment: ${parsed.error.message}`);
    return {};
  }
  return parsed.data;
}

export class ConfigError extends ShellError {
  constructor(code: 'locked' | 'invalid', message: string) {
    super(code, message);
  }
}

export interface ConfigStoreOptions {
  userDataDir: string;
  env: NodeJS.ProcessEnv;
  policy: PolicySource;
  log?: (message: string) => void;
}

export class ConfigStore {
  private readonly file: string;
  private readonly log: (message: string) => void;
  private user: UserSettings = {};
  private policyLayer: ConfigLayer = {};
  private envLayer: ConfigLayer = {};

  constructor(private readonly options: ConfigStoreOptions) {
    this.file = path.join(options.userDataDir, 'settings.json');
    this.log = options.log ?? (() => {});
  }

  /** Reads every layer. Policy is read once per launch, like Group Policy. */
  async load(): Promise<AppConfig> {
    this.envLayer = readEnvLayer(this.options.env, this.log);
    this.policyLayer = await this.readPolicy();
    this.user = await this.readUser();
    return this.get();
  }

  get(): AppConfig {
    return resolveConfig({ user: this.user, env: this.envLayer, policy: this.policyLayer });
  }

  async set(patch: UserSettings): Promise<AppConfig> {
    const current = this.get();
    const keys = (Object.keys(patch) as Array<keyof UserSettings>).filter((k) => patch[k] !== undefined);
    const lockedKey = keys.find((k) => current.locked.includes(k));
    if (lockedKey)
      throw new ConfigError('locked', `"${lockedKey}" is set by IT policy and cannot be changed`);
    const parsed = UserSettingsFile.safeParse({ ...this.user, ...patch });
    if (!parsed.success) throw new ConfigError('invalid', parsed.error.message);
    await writeFileAtomic(this.file, `${JSON.stringify(parsed.data, null, 2)}\n`);
    this.user = parsed.data;
    return this.get();
  }

  private async readPolicy(): Promise<ConfigLayer> {
    try {
      return (await this.options.policy.read()) ?? {};
    } catch (error) {
      // A policy that exists but cannot be trusted is ignored, loudly: using
      // half of it, or a file anyone could have written, would be worse.
      this.log(`ignoring IT policy (${this.options.policy.describe()}): ${String(error)}`);
      return {};
    }
  }

  private async readUser(): Promise<UserSettings> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch {
      return {};
    }
    try {
      const parsed = UserSettingsFile.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      this.log(`ignoring invalid ${this.file}: ${parsed.error.message}`);
    } catch (error) {
      this.log(`ignoring unreadable ${this.file}: ${String(error)}`);
    }
    return {};
  }
}

/** Write to a temp file then rename, so a crash never leaves half a file. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(tmp, data, { mode: 0o600 });
  await fs.rename(tmp, file);
}
