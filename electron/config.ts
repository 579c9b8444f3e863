// Effective configuration from its layers (see config-resolve.ts for the
// precedence): built-in defaults, policy defaults, user settings
// (userData/settings.json), environment (silent deploys), enforced policy.
// Keys set by the environment or enforced policy are locked: the settings
// screen shows them read-only and setConfig refuses to change them. Every
// layer is parsed with zod; a broken layer is ignored, recorded for the
// diagnostics view and logged, rather than half-applied.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UserSettingsPatch } from '../shared/platform/bridge';
import type { ConfigKey, AppConfig } from '../shared/platform/bridge';
import type { IgnoredPolicy, PolicyDiagnostics } from '../shared/platform/policy-diagnostics';
import { PolicyLayer, POLICY_KEYS } from '../shared/platform/policy-schema';
import { patchRefusal, resolveSettings, type EffectiveSettings, type Resolved } from './config-resolve';
import { ShellError } from './errors';
import { reasonOf, type PolicyLayerRead, type PolicySource } from './policy-sources';

export type { ConfigKey, EffectiveSettings };
export type ConfigValues = Omit<AppConfig, 'locked'>;
export type UserSettings = UserSettingsPatch;

const builtIn = (key: 'serverUrl' | 'language' | 'autoLockMinutes') =>
  POLICY_KEYS.find((d) => d.key === key)!.defaultValue;
export const DEFAULT_CONFIG = {
  serverUrl: builtIn('serverUrl'),
  language: builtIn('language'),
  autoLockMinutes: builtIn('autoLockMinutes'),
} as ConfigValues;

/** A policy or environment layer: any subset of the policy keys (shared/platform/policy-schema.ts). */
export const ConfigLayer = PolicyLayer;
export type ConfigLayer = PolicyLayer;

/** The user's own settings file: invalid keys are dropped, not fatal. */
export const UserSettingsFile = UserSettingsPatch.partial().strip();

/** The environment variables a silent deployment may set, by key. */
export const ENV_VARIABLES = { serverUrl: 'POSKO_SERVER_URL' } as const;

/** POSKO_SERVER_URL lets IT deploy without a policy file. */
export function readEnvLayer(
  env: NodeJS.ProcessEnv,
  log: (m: string) => void = () => {},
  ignored: IgnoredPolicy[] = [],
): ConfigLayer {
  const raw: Record<string, string> = {};
  if (env.POSKO_SERVER_URL) raw.serverUrl = env.POSKO_SERVER_URL;
  if (env.POSKO_OFFICE_CODE) {
    log('ignoring POSKO_OFFICE_CODE: the console no longer uses an office code');
    ignored.push({
      where: 'POSKO_OFFICE_CODE',
      key: null,
      reason: 'retired',
      detail: 'no longer used by Posko',
    });
  }
  const parsed = ConfigLayer.safeParse(raw);
  if (!parsed.success) {
    log(`ignoring invalid POSKO_* environment: ${parsed.error.message}`);
    ignored.push({ where: 'POSKO_SERVER_URL', key: 'serverUrl', ...reasonOf(parsed.error) });
    return {};
  }
  return parsed.data;
}

/** Effective config from the three classic layers (policy given as one enforced layer). */
export function resolveConfig(layers: {
  user: UserSettings;
  env: ConfigLayer;
  policy: ConfigLayer;
}): AppConfig {
  return resolveSettings({
    user: layers.user,
    userWhere: 'settings.json',
    env: layers.env,
    envWhere: ENV_VARIABLES,
    policy: [{ scope: 'enforced', where: 'policy', values: layers.policy }],
    ignored: [],
    checked: [],
  }).config;
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
  private policyLayers: PolicyLayerRead[] = [];
  private envLayer: ConfigLayer = {};
  /** Ignored at load time (sources, environment, settings file); limits add theirs per resolve. */
  private loadIgnored: IgnoredPolicy[] = [];

  constructor(private readonly options: ConfigStoreOptions) {
    this.file = path.join(options.userDataDir, 'settings.json');
    this.log = options.log ?? (() => {});
  }

  /** Reads every layer. Policy is read once per launch, like Group Policy. */
  async load(): Promise<AppConfig> {
    this.loadIgnored = [];
    this.envLayer = readEnvLayer(this.options.env, this.log, this.loadIgnored);
    this.policyLayers = await this.readPolicy();
    this.user = await this.readUser();
    for (const entry of this.resolve().diagnostics.ignored) {
      this.log(
        `ignoring policy ${entry.where}${entry.key ? ` key ${entry.key}` : ''} (${entry.reason}): ${entry.detail}`,
      );
    }
    return this.get();
  }

  private resolve(): Resolved {
    const source = this.options.policy;
    return resolveSettings({
      user: this.user,
      userWhere: this.file,
      env: this.envLayer,
      envWhere: ENV_VARIABLES,
      policy: this.policyLayers,
      ignored: this.loadIgnored,
      checked: source.locations?.() ?? [source.describe()],
    });
  }

  get(): AppConfig {
    return this.resolve().config;
  }

  /** Every setting (IT-only ones too) as the shell applies it. */
  settings(): EffectiveSettings {
    return this.resolve().settings;
  }

  diagnostics(): PolicyDiagnostics {
    return this.resolve().diagnostics;
  }

  async set(patch: UserSettings): Promise<AppConfig> {
    const current = this.get();
    const keys = (Object.keys(patch) as Array<keyof UserSettings>).filter((k) => patch[k] !== undefined);
    const lockedKey = keys.find((k) => current.locked.includes(k));
    if (lockedKey)
      throw new ConfigError('locked', `"${lockedKey}" is set by IT policy and cannot be changed`);
    const refusal = patchRefusal(patch, this.settings());
    if (refusal) throw new ConfigError('invalid', refusal);
    const parsed = UserSettingsFile.safeParse({ ...this.user, ...patch });
    if (!parsed.success) throw new ConfigError('invalid', parsed.error.message);
    await writeFileAtomic(this.file, `${JSON.stringify(parsed.data, null, 2)}\n`);
    this.user = parsed.data;
    return this.get();
  }

  private async readPolicy(): Promise<PolicyLayerRead[]> {
    const source = this.options.policy;
    try {
      const read = await source.read();
      if (!read) return [];
      this.loadIgnored.push(...read.ignored);
      return read.layers;
    } catch (error) {
      // A policy that exists but cannot be trusted is ignored, loudly: using
      // half of it, or a file anyone could have written, would be worse.
      this.loadIgnored.push({ where: source.describe(), key: null, ...reasonOf(error) });
      return [];
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
