// Updates in the settings screen (desktop only): what IT decided and why, and
// in "manual" mode the person's own check / download / install buttons. The
// shell refuses any of them that policy does not allow (electron/updater.ts).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlatformBridge } from '../../../shared/platform/bridge';
import type { UpdateStatus } from '../../../shared/platform/policy-diagnostics';

export type UpdatesHost = Pick<PlatformBridge, 'updates'>;

export function UpdatePanel({ host }: { host: UpdatesHost }) {
  const { t } = useTranslation();
  const updates = host.updates;
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    updates
      ?.status()
      .then((s) => live && setStatus(s))
      .catch((e: unknown) => live && setError(String(e)));
    return () => {
      live = false;
    };
  }, [updates]);
  if (!updates) return null;
  const run = (action: () => Promise<UpdateStatus>) => {
    setBusy(true);
    setError(null);
    action()
      .then(setStatus, (e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  const manual = status?.mode === 'manual' && status.reason === 'allowed';
  const version = status?.availableVersion ?? '';
  return (
    <section className="settings__item" aria-labelledby="settings-updates" data-testid="update-panel">
      <h2 id="settings-updates">{t('settings.updates.title')}</h2>
      {status ? (
        <>
          <p>
            {t('settings.updates.current', { version: status.currentVersion })} ·{' '}
            {t('settings.updates.modeLabel', { mode: t(`settings.updates.mode.${status.mode}`) })} ·{' '}
            {t('settings.updates.channel', { channel: status.channel })}
          </p>
          <p className="field__hint">{t(`settings.updates.reasons.${status.reason}`)}</p>
          {status.state !== 'disabled' ? (
            <p role="status">
              {t(`settings.updates.states.${status.state}`, { version, error: status.error ?? '' })}
            </p>
          ) : null}
          {manual ? (
            <div className="settings__actions">
              <button type="button" className="button" disabled={busy} onClick={() => run(updates.check)}>
                {t('settings.updates.check')}
              </button>
              {status.state === 'available' ? (
                <button
                  type="button"
                  className="button"
                  disabled={busy}
                  onClick={() => run(updates.download)}
                >
                  {t('settings.updates.download')}
                </button>
              ) : null}
              {status.state === 'downloaded' ? (
                <button
                  type="button"
                  className="button button--primary"
                  disabled={busy}
                  onClick={() => run(updates.install)}
                >
                  {t('settings.updates.install')}
                </button>
              ) : null}
            </div>
          ) : null}
        </>
      ) : null}
      {error ? (
        <p role="alert" className="inline-notice inline-notice--error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
