import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ENUMS } from '../../../shared/domain/enums';
import type { EnumName } from '../../../shared/domain/enums';
import { enumKey } from '../../i18n';
import { localeFor } from '../../i18n/format';
import { DESTINATION_COUNTRIES } from '../../reference/missions';
import { useUiStore } from '../../stores/ui-store';
import { TableHead } from '../../ui/table-head';

/** "What time is it there" for a mission's time zone, in the chosen locale. */
export function localTime(timeZone: string, now: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(now));
}

/** Every code of a domain enum, labelled, as a list of pills. */
function EnumPills({ enumName }: { enumName: EnumName }) {
  const { t } = useTranslation();
  const codes: readonly string[] = ENUMS[enumName];
  return (
    <ul className="pill-list">
      {codes.map((code) => (
        <li key={code}>{t(enumKey(enumName, code))}</li>
      ))}
    </ul>
  );
}

const LEGAL_TOPICS = ['law', 'card', 'insurance', 'terms'] as const;

/** Reference shipped with the app (works offline): missions and local time, problem types, referral targets, law. */
export function ReferencePanel({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  const ref = useRef<HTMLDialogElement>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setNow(Date.now());
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  useEffect(() => {
    if (!open) return;
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, [open]);
  const locale = localeFor(language);
  return (
    <dialog ref={ref} className="reference" aria-labelledby="reference-title" onClose={onClose}>
      <div className="reference__head">
        <h2 id="reference-title">{t('reference.title')}</h2>
        <button type="button" className="button button--small" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      {/* Rendered only while open, so its labels never compete with the screen's own. */}
      {open ? (
        <div className="reference__body">
          <section aria-labelledby="ref-missions">
            <h3 id="ref-missions">{t('reference.missions')}</h3>
            <table className="simple-table">
              <TableHead
                columns={[t('reference.country'), t('reference.localTime'), t('reference.missionList')]}
              />
              <tbody>
                {DESTINATION_COUNTRIES.map((c) => (
                  <tr key={c.code}>
                    <th scope="row">
                      {language === 'id' ? c.nameId : c.nameEn} <span className="muted">{c.callingCode}</span>
                    </th>
                    <td className="mono" data-testid={`local-time-${c.code}`}>
                      {localTime(c.timeZone, now, locale)}
                    </td>
                    <td>
                      {c.missions.map((m) => `${t(enumKey('missionKind', m.kind))} ${m.city}`).join('; ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby="ref-legal">
            <h3 id="ref-legal">{t('reference.legal')}</h3>
            <dl className="facts facts--stack">
              {LEGAL_TOPICS.map((topic) => (
                <div className="facts__item" key={topic}>
                  <dt>{t(`reference.legalTopics.${topic}.title`)}</dt>
                  <dd>{t(`reference.legalTopics.${topic}.body`)}</dd>
                </div>
              ))}
            </dl>
          </section>
          <section aria-labelledby="ref-problems">
            <h3 id="ref-problems">{t('reference.problemTypes')}</h3>
            <EnumPills enumName="problemType" />
            <h3>{t('reference.referralTargets')}</h3>
            <EnumPills enumName="referralTarget" />
          </section>
        </div>
      ) : null}
    </dialog>
  );
}
