// The settings screen: sync-server address, language and auto-lock, updates,
// and the policy diagnostics. A value the organization set by policy is shown
// read-only as "set by your organization"; the host refuses to change it
// anyway (electron/config.ts).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language, type PlatformBridge } from '../../../shared/platform/bridge';
import { SyncServerUrl } from '../../../shared/platform/server-url';
import { getPlatform } from '../../platform/get-platform';
import { useUiStore } from '../../stores/ui-store';
import { Screen } from '../../ui/screen';
import { useRepository } from '../sync/sync-context';
import { chooseLanguage, saveSettings, useConfigStore } from './config-store';
import { PolicyDiagnosticsView, usePolicyDiagnostics } from './policy-diagnostics';
import { AUTO_LOCK_CHOICES, settingsView, type SettingEntry } from './settings-model';
import { UpdatePanel } from './update-panel';
import './settings.css';

type Host = Pick<PlatformBridge, 'setConfig'>;
type ScreenHost = Pick<PlatformBridge, 'setConfig' | 'getPolicyDiagnostics' | 'updates'>;

export interface SettingsScreenProps {
  /** Tests inject these; the console uses its host's bridge and a real reload. */
  platform?: ScreenHost;
  reload?: () => void;
}

export function SettingsScreen({ platform, reload }: SettingsScreenProps) {
  const { t } = useTranslation();
  const config = useConfigStore((state) => state.config);
  const host = platform ?? getPlatform();
  const { diagnostics, error } = usePolicyDiagnostics(host);
  const maxAutoLock = diagnostics?.settings.find((s) => s.key === 'maxAutoLockMinutes')?.value;
  return (
    <Screen titleId="settings-title" title={t('settings.title')} intro={t('settings.intro')}>
      {config ? (
        <div className="settings">
          <ServerUrlSetting
            entry={settingsView(config).serverUrl}
            host={host}
            reload={reload ?? (() => window.location.reload())}
          />
          <LanguageSetting entry={settingsView(config).language} host={host} />
          <AutoLockSetting
            entry={settingsView(config).autoLockMinutes}
            host={host}
            max={typeof maxAutoLock === 'number' ? maxAutoLock : null}
          />
          <UpdatePanel host={host} />
          <PolicyDiagnosticsView host={host} diagnostics={diagnostics} error={error} />
        </div>
      ) : null}
    </Screen>
  );
}

function Managed({ value }: { value: string }) {
  const { t } = useTranslation();
  return (
    <p className="settings__managed">
      <output>{value}</output> <span className="badge badge--status">{t('settings.managed')}</span>
    </p>
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function ServerUrlSetting({
  entry,
  host,
  reload,
}: {
  entry: SettingEntry<'serverUrl'>;
  host: Host;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const repository = useRepository();
  const [value, setValue] = useState(entry.value);
  const [message, setMessage] = useState<{ kind: 'error' | 'reload'; text: string } | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const parsed = SyncServerUrl.safeParse(value.trim());
    if (!parsed.success) return setMessage({ kind: 'error', text: t('settings.serverUrl.invalid') });
    if (parsed.data === entry.value) return;
    // Unsent changes were made against the current server; they must not land on another one.
    const pending = await repository.pendingCount();
    if (pending > 0) {
      return setMessage({ kind: 'error', text: t('settings.serverUrl.pending', { count: pending }) });
    }
    try {
      await saveSettings(host, { serverUrl: parsed.data });
      setMessage({ kind: 'reload', text: t('settings.serverUrl.reload') });
    } catch (error) {
      setMessage({ kind: 'error', text: t('settings.failed', { message: errorText(error) }) });
    }
  };
  return (
    <section className="settings__item" aria-labelledby="settings-server-url">
      <h2 id="settings-server-url">{t('settings.serverUrl.label')}</h2>
      {entry.readOnly ? (
        <Managed value={entry.value} />
      ) : (
        <form onSubmit={(e) => void submit(e)} data-testid="server-url-form">
          <label htmlFor="settings-server-url-input" className="visually-hidden">
            {t('settings.serverUrl.label')}
          </label>
          <input
            id="settings-server-url-input"
            type="url"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-describedby="settings-server-url-hint"
            spellCheck={false}
          />
          <button type="submit" className="button button--primary">
            {t('settings.save')}
          </button>
          <p className="field__hint" id="settings-server-url-hint">
            {t('settings.serverUrl.hint')}
          </p>
        </form>
      )}
      {message ? (
        <p
          role="alert"
          className={`inline-notice inline-notice--${message.kind === 'error' ? 'error' : 'info'}`}
        >
          {message.text}{' '}
          {message.kind === 'reload' ? (
            <button type="button" className="button button--small" onClick={reload}>
              {t('settings.serverUrl.reloadNow')}
            </button>
          ) : null}
        </p>
      ) : null}
    </section>
  );
}

function LanguageSetting({ entry, host }: { entry: SettingEntry<'language'>; host: Host }) {
  const { t } = useTranslation();
  const current = useUiStore((state) => state.language);
  const [error, setError] = useState<string | null>(null);
  const choose = (language: Language) => {
    setError(null);
    chooseLanguage(host, language).catch((e: unknown) =>
      setError(t('settings.failed', { message: errorText(e) })),
    );
  };
  return (
    <section className="settings__item" aria-labelledby="settings-language">
      <h2 id="settings-language">{t('settings.language.label')}</h2>
      {entry.readOnly ? (
        <Managed value={t(`settings.language.${entry.value}`)} />
      ) : (
        <div role="radiogroup" aria-labelledby="settings-language">
          {LANGUAGES.map((code) => (
            <label key={code} lang={code}>
              <input
                type="radio"
                name="settings-language"
                value={code}
                checked={current === code}
                onChange={() => choose(code)}
              />{' '}
              {t(`settings.language.${code}`)}
            </label>
          ))}
        </div>
      )}
      {error ? (
        <p role="alert" className="inline-notice inline-notice--error">
          {error}
        </p>
      ) : null}
    </section>
  );
}

function AutoLockSetting({
  entry,
  host,
  max,
}: {
  entry: SettingEntry<'autoLockMinutes'>;
  host: Host;
  /** maxAutoLockMinutes from policy: longer choices are not offered (the host refuses them anyway). */
  max: number | null;
}) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<string | null>(null);
  const offered = AUTO_LOCK_CHOICES.filter((m) => max === null || m <= max);
  const choices = (offered as readonly number[]).includes(entry.value)
    ? offered
    : [...offered, entry.value].sort((a, b) => a - b);
  const choose = (minutes: number) => {
    setStatus(null);
    saveSettings(host, { autoLockMinutes: minutes }).then(
      () => setStatus(t('settings.saved')),
      (e: unknown) => setStatus(t('settings.failed', { message: errorText(e) })),
    );
  };
  return (
    <section className="settings__item" aria-labelledby="settings-auto-lock">
      <h2 id="settings-auto-lock">{t('settings.autoLock.label')}</h2>
      {entry.readOnly ? (
        <Managed value={t('settings.autoLock.minutes', { count: entry.value })} />
      ) : (
        <select
          aria-labelledby="settings-auto-lock"
          aria-describedby="settings-auto-lock-hint"
          value={entry.value}
          onChange={(e) => choose(Number(e.target.value))}
        >
          {choices.map((minutes) => (
            <option key={minutes} value={minutes}>
              {t('settings.autoLock.minutes', { count: minutes })}
            </option>
          ))}
        </select>
      )}
      <p className="field__hint" id="settings-auto-lock-hint">
        {t('settings.autoLock.hint')}
      </p>
      {status ? <p role="status">{status}</p> : null}
    </section>
  );
}
