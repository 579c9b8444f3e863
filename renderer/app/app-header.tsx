import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../shared/platform/bridge';
import { chooseLanguage, useManaged } from '../features/settings/config-store';
import { usePeople } from '../features/people/use-people';
import { useRepository } from '../features/sync/sync-context';
import { getPlatform } from '../platform/get-platform';
import { useUiStore } from '../stores/ui-store';
import type { Route } from '../stores/ui-store';

const NAV: { route: Route; label: string }[] = [
  { route: { name: 'cases' }, label: 'nav.cases' },
  { route: { name: 'new' }, label: 'nav.newCase' },
  { route: { name: 'today' }, label: 'nav.today' },
  { route: { name: 'conflicts' }, label: 'nav.conflicts' },
  { route: { name: 'settings' }, label: 'settings.nav' },
];

export function AppHeader({ onOpenReference }: { onOpenReference?: () => void }) {
  const { t } = useTranslation();
  const route = useUiStore((state) => state.route);
  const navigate = useUiStore((state) => state.navigate);
  const language = useUiStore((state) => state.language);
  // A language fixed by IT policy is shown, not offered (the host would refuse it anyway).
  const languageManaged = useManaged('language');
  const repository = useRepository();
  const openConflicts = useLiveQuery(() => repository.openConflictTotal(), [repository]) ?? 0;
  const current = route.name === 'case' ? 'cases' : route.name;
  // The operator's office by name, from the cached directory (offline too once fetched).
  const office = usePeople().office;

  return (
    <header className="app-header">
      <div className="app-header__brand">
        <span className="app-header__logo" aria-hidden="true">
          P
        </span>
        <span className="app-header__name">{t('app.name')}</span>
        <span className="app-header__tagline">{t('app.tagline')}</span>
        {office ? (
          <span className="app-header__office" data-testid="header-office">
            {t('people.office', { name: office.name })}
          </span>
        ) : null}
      </div>
      <nav className="app-nav" aria-label={t('app.mainNav')}>
        {NAV.map((item) => (
          <a
            key={item.route.name}
            href={`#/${item.route.name}`}
            className="app-nav__link"
            aria-current={current === item.route.name ? 'page' : undefined}
            onClick={(event) => {
              event.preventDefault();
              navigate(item.route);
            }}
          >
            {t(item.label)}
            {item.route.name === 'conflicts' && openConflicts > 0 ? (
              <span className="app-nav__count">{openConflicts}</span>
            ) : null}
          </a>
        ))}
      </nav>
      {onOpenReference ? (
        <button type="button" className="app-header__ref" onClick={onOpenReference} title="F1">
          {t('reference.open')}
        </button>
      ) : null}
      <div
        className="lang-switch"
        role="group"
        aria-label={t('app.languageSwitch')}
        title={languageManaged ? t('settings.managed') : undefined}
      >
        {LANGUAGES.map((code) => (
          <button
            key={code}
            type="button"
            lang={code}
            aria-pressed={language === code}
            className="lang-switch__button"
            disabled={languageManaged}
            onClick={() =>
              void chooseLanguage(getPlatform(), code).catch((error: unknown) =>
                console.error('language not saved', error),
              )
            }
          >
            {code.toUpperCase()}
          </button>
        ))}
      </div>
    </header>
  );
}
