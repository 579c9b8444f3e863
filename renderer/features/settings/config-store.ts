// The host's effective configuration for the running console: loaded once at
// boot (main.tsx), replaced by what setConfig answers. The header's language
// switch, the settings screen and the auto-lock read it from here.
import { create } from 'zustand';
import type {
  AppConfig,
  ConfigKey,
  Language,
  PlatformBridge,
  UserSettingsPatch,
} from '../../../shared/platform/bridge';
import { useUiStore } from '../../stores/ui-store';

interface ConfigState {
  config: AppConfig | null;
  setConfig(config: AppConfig | null): void;
}

export const useConfigStore = create<ConfigState>((set) => ({
  config: null,
  setConfig: (config) => set({ config }),
}));

/** Whether IT policy fixed `key` (then the console must not offer to change it). */
export function useManaged(key: ConfigKey): boolean {
  return useConfigStore((state) => state.config?.locked.includes(key) ?? false);
}

/** Saves a change through the host and keeps the store in step with the host's answer. */
export async function saveSettings(
  platform: Pick<PlatformBridge, 'setConfig'>,
  patch: UserSettingsPatch,
): Promise<AppConfig> {
  const next = await platform.setConfig(patch);
  useConfigStore.getState().setConfig(next);
  return next;
}

/**
 * The one way to switch language (header and settings screen): the UI switches at once and the
 * host remembers it. Refused when policy fixed the language.
 */
export async function chooseLanguage(
  platform: Pick<PlatformBridge, 'setConfig'>,
  language: Language,
): Promise<void> {
  if (useConfigStore.getState().config?.locked.includes('language')) return;
  useUiStore.getState().setLanguage(language);
  await saveSettings(platform, { language });
}
