import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CaseListScreen } from '../features/cases/case-list';
import { CaseViewScreen } from '../features/cases/case-view';
import { NewCaseScreen } from '../features/cases/new-case-form';
import { SavedCaseNotice } from '../features/cases/saved-case-notice';
import { ConflictInbox } from '../features/sync';
import { ReferencePanel } from '../features/reference/reference-panel';
import { SettingsScreen } from '../features/settings/settings-screen';
import { TodayScreen } from '../features/today/today-screen';
import { useShortcuts } from '../hooks/use-shortcuts';
import { routeFromHash, useUiStore } from '../stores/ui-store';
import type { Route } from '../stores/ui-store';
import { AppHeader } from './app-header';
import { CommandPalette } from './command-palette';
import { StatusBar } from './status-bar';

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'new':
      return <NewCaseScreen />;
    case 'case':
      return <CaseViewScreen key={route.id} id={route.id} />;
    case 'today':
      return <TodayScreen />;
    case 'conflicts':
      return <ConflictInbox />;
    case 'settings':
      return <SettingsScreen />;
    case 'cases':
      return <CaseListScreen />;
  }
}

export function App() {
  const { t } = useTranslation();
  const route = useUiStore((state) => state.route);
  const navigate = useUiStore((state) => state.navigate);
  const [referenceOpen, setReferenceOpen] = useState(false);
  useShortcuts();
  useEffect(() => {
    // F1 opens the reference panel (missions, local time, law), as in most desk software.
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'F1') {
        event.preventDefault();
        setReferenceOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    const onHash = () => navigate(routeFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [navigate]);

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}
      >
        {t('app.skipToContent')}
      </a>
      <AppHeader onOpenReference={() => setReferenceOpen(true)} />
      <main id="main" className="app__main" tabIndex={-1}>
        <SavedCaseNotice />
        <Screen route={route} />
      </main>
      <StatusBar />
      <CommandPalette />
      <ReferencePanel open={referenceOpen} onClose={() => setReferenceOpen(false)} />
    </div>
  );
}
