// The settings as the screen shows them: for every key its value and who set
// it. Today the host reports only whether policy (or the deployment's
// environment) fixed a key; the later "policy diagnostics" view adds the exact
// source (policy file path, registry key, environment variable) to `source`
// without changing the screen's rows.
import type { AppConfig, ConfigKey } from '../../../shared/platform/bridge';
import { CONFIG_KEYS } from '../../../shared/platform/bridge';

export type SettingSource = 'organization' | 'this-computer';

export interface SettingEntry<K extends ConfigKey = ConfigKey> {
  key: K;
  value: AppConfig[K];
  source: SettingSource;
  /** Set by the organization: shown read-only, and the host refuses to change it anyway. */
  readOnly: boolean;
}

export type SettingsView = { [K in ConfigKey]: SettingEntry<K> };

export function settingsView(config: AppConfig): SettingsView {
  const entry = <K extends ConfigKey>(key: K): SettingEntry<K> => {
    const managed = config.locked.includes(key);
    return { key, value: config[key], source: managed ? 'organization' : 'this-computer', readOnly: managed };
  };
  return Object.fromEntries(CONFIG_KEYS.map((key) => [key, entry(key)])) as SettingsView;
}

/** Choices offered for auto-lock; a policy value outside them is shown as it is, read-only. */
export const AUTO_LOCK_CHOICES = [5, 10, 15, 30, 60] as const;
