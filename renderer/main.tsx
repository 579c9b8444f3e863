// Console entry: pick the host bridge, restore the device id and language,
// create the sync runtime (session + engine), then render the app behind the
// sign-in gate. Nothing here waits for the network: the console opens offline
// with the data already on this device, and a user who signed in before
// unlocks with the local password verifier.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import i18next from 'i18next';
import { App } from './app/App';
import { getRepository } from './db/instance';
import { syncResources } from './features/sync/i18n-sync';
import { SyncShell, type SyncShellProps } from './features/sync/sync-shell';
import { initI18n } from './i18n';
import { FatalScreen } from './app/fatal-screen';
import { loginResources } from './features/login/i18n-login';
import { useConfigStore } from './features/settings/config-store';
import { settingsResources } from './features/settings/i18n-settings';
import { DesktopBridgeMissingError, getPlatform } from './platform/get-platform';
import { registerServiceWorker } from './pwa/register-service-worker';
import { restoreDeviceId } from './session/actor';
import { readStoredLanguage, useUiStore } from './stores/ui-store';
import { createSyncRuntime } from './sync/runtime';
import './styles.css';
import './features/sync/sync.css';

async function boot(): Promise<void> {
  const platform = getPlatform();
  const config = await platform.getConfig().catch(() => null);
  // IT policy wins; otherwise the operator's last choice; otherwise the host's default (Indonesian).
  const language =
    config?.locked.includes('language') === true
      ? config.language
      : (readStoredLanguage() ?? config?.language ?? 'id');
  await initI18n(language);
  // The sync screens keep their strings beside them (features/sync/i18n-sync.ts), merged here.
  for (const lng of ['id', 'en'] as const) {
    i18next.addResourceBundle(lng, 'translation', syncResources[lng], true, false);
    i18next.addResourceBundle(lng, 'translation', loginResources[lng], true, false);
    i18next.addResourceBundle(lng, 'translation', settingsResources[lng], true, false);
  }
  useUiStore.setState({ language });
  useConfigStore.getState().setConfig(config);
  document.documentElement.lang = language;
  // The composition root: the only user of db/instance.ts. Everything below reaches the
  // repository and database through the context SyncShell provides.
  const repository = getRepository();
  const { db } = repository;
  await restoreDeviceId(db.session).catch((error: unknown) => console.error('device id not restored', error));
  const runtime = await createSyncRuntime({ db, platform });

  const container = document.getElementById('root');
  if (!container) throw new Error('#root missing from index.html');
  createRoot(container).render(
    <StrictMode>
      <Shell runtime={runtime} repository={repository} />
    </StrictMode>,
  );
}

/** The auto-lock follows the settings screen without a restart. */
function Shell(props: Omit<SyncShellProps, 'autoLockMinutes' | 'children'>) {
  const minutes = useConfigStore((state) => state.config?.autoLockMinutes ?? 15);
  return (
    <SyncShell {...props} autoLockMinutes={minutes}>
      <App />
    </SyncShell>
  );
}

function showFatal(error: unknown): void {
  const container = document.getElementById('root');
  if (container) createRoot(container).render(<FatalScreen detail={String(error)} />);
}

// Inside the desktop app a missing bridge stops here (never a browser-host fallback).
void boot().catch((error: unknown) => {
  console.error('Posko did not start', error);
  if (error instanceof DesktopBridgeMissingError) showFatal(error.message);
  else throw error;
});
// Browser host only (it checks): keeps the built console for an offline reload.
void registerServiceWorker();
