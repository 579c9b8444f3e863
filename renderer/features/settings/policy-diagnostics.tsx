// The policy diagnostics view: every managed setting with its value and where
// it came from, and every policy the shell ignored with the reason, so IT can
// see on the desk itself why a policy did not apply (electron/config-resolve.ts
// computes it; config:diagnostics carries it). The browser host has no policy.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlatformBridge } from '../../../shared/platform/bridge';
import type { PolicyDiagnostics, SettingDiagnostic } from '../../../shared/platform/policy-diagnostics';
import { POLICY_KEYS } from '../../../shared/platform/policy-schema';

export type DiagnosticsHost = Pick<PlatformBridge, 'getPolicyDiagnostics'>;

/** Loads the diagnostics once; null while loading or when the host has none. */
export function usePolicyDiagnostics(host: DiagnosticsHost): {
  diagnostics: PolicyDiagnostics | null;
  error: string | null;
} {
  const [diagnostics, setDiagnostics] = useState<PolicyDiagnostics | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    host
      .getPolicyDiagnostics?.()
      .then((d) => live && setDiagnostics(d))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [host]);
  return { diagnostics, error };
}

function labelOf(key: string, lang: 'en' | 'id'): string {
  return POLICY_KEYS.find((d) => d.key === key)?.label[lang] ?? key;
}

function ValueText({ entry }: { entry: SettingDiagnostic }) {
  const { t } = useTranslation();
  const { value } = entry;
  if (Array.isArray(value)) return <>{value.length ? value.join(', ') : t('settings.policy.any')}</>;
  if (value === '') return <>{t('settings.policy.unset')}</>;
  return <code>{String(value)}</code>;
}

export function PolicyDiagnosticsView({
  host,
  diagnostics,
  error,
}: {
  host: DiagnosticsHost;
  diagnostics: PolicyDiagnostics | null;
  error: string | null;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'id';
  let body: React.ReactNode;
  if (!host.getPolicyDiagnostics) body = <p>{t('settings.policy.unavailable')}</p>;
  else if (error) body = <p role="alert">{t('settings.policy.loadFailed', { message: error })}</p>;
  else if (!diagnostics) body = null;
  else
    body = (
      <>
        <table className="settings__diagnostics" data-testid="policy-settings">
          <thead>
            <tr>
              <th scope="col">{t('settings.policy.setting')}</th>
              <th scope="col">{t('settings.policy.value')}</th>
              <th scope="col">{t('settings.policy.origin')}</th>
            </tr>
          </thead>
          <tbody>
            {diagnostics.settings.map((entry) => (
              <tr key={entry.key} data-key={entry.key}>
                <th scope="row">
                  {labelOf(entry.key, lang)} <code className="settings__key">{entry.key}</code>
                </th>
                <td>
                  <ValueText entry={entry} />
                </td>
                <td>
                  {t(`settings.policy.origins.${entry.origin.kind}`)}
                  {entry.origin.where ? (
                    <>
                      {' '}
                      <code className="settings__where">{entry.origin.where}</code>
                    </>
                  ) : null}
                  {entry.locked ? (
                    <>
                      {' '}
                      <span className="badge badge--status">{t('settings.managed')}</span>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>{t('settings.policy.ignoredTitle')}</h3>
        {diagnostics.ignored.length === 0 ? (
          <p>{t('settings.policy.noneIgnored')}</p>
        ) : (
          <ul data-testid="policy-ignored">
            {diagnostics.ignored.map((entry, i) => (
              <li key={i}>
                <code className="settings__where">{entry.where}</code>
                {entry.key ? (
                  <>
                    {' '}
                    (<code>{entry.key}</code>)
                  </>
                ) : null}
                : <strong>{t(`settings.policy.reasons.${entry.reason}`)}</strong>{' '}
                <span className="settings__detail">{entry.detail}</span>
              </li>
            ))}
          </ul>
        )}
        <p className="field__hint">
          {diagnostics.checked.length
            ? t('settings.policy.checked', { places: diagnostics.checked.join(', ') })
            : t('settings.policy.noChecked')}
        </p>
      </>
    );
  return (
    <section className="settings__item" aria-labelledby="settings-policy">
      <h2 id="settings-policy">{t('settings.policy.title')}</h2>
      <p className="field__hint">{t('settings.policy.intro')}</p>
      {body}
    </section>
  );
}
