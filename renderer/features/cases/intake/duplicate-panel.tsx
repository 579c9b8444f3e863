import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DuplicateMatch, DuplicateProbe } from '../../../db/repository';
import { countryName } from '../../../reference/missions';
import { useUiStore } from '../../../stores/ui-store';
import { StatusBadge } from '../../../ui/badge';
import { useRepository } from '../../sync/sync-context';
import { toE164 } from '../phone';

/** Existing cases matching what is typed so far, looked up 250 ms after the last keystroke. */
export function useDuplicates(probe: {
  passportNumber: string;
  nik: string;
  phones: readonly string[];
  name: string;
}): DuplicateMatch[] {
  const repository = useRepository();
  const [matches, setMatches] = useState<DuplicateMatch[]>([]);
  const key = JSON.stringify(probe);
  useEffect(() => {
    const parsed = JSON.parse(key) as typeof probe;
    const query: DuplicateProbe = {
      passportNumber: parsed.passportNumber,
      nik: parsed.nik,
      phones: parsed.phones.map((phone) => toE164(phone)).filter((p): p is string => p !== null),
      name: parsed.name,
    };
    let cancelled = false;
    const timer = setTimeout(() => {
      repository
        .findDuplicates(query)
        .then((found) => {
          if (!cancelled) setMatches(found);
        })
        .catch((error: unknown) => console.error('duplicate check failed', error));
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [repository, key]);
  return matches;
}

export function DuplicatePanel({
  matches,
  onAttach,
}: {
  matches: DuplicateMatch[];
  onAttach: (caseId: string) => void;
}) {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  return (
    <aside className="dup-panel" aria-labelledby="dup-title" data-testid="duplicate-panel">
      <h2 id="dup-title">{t('intake.duplicatesTitle')}</h2>
      <div aria-live="polite">
        {matches.length === 0 ? (
          <p className="dup-panel__empty">{t('intake.duplicatesNone')}</p>
        ) : (
          <>
            <p className="dup-panel__warning">{t('intake.duplicatesFound', { count: matches.length })}</p>
            <ul className="dup-panel__list">
              {matches.map(({ case: row, reasons }) => (
                <li key={row.id} className="dup-card">
                  <div className="dup-card__head">
                    <span className="dup-card__number">{row.caseNumber ?? row.draftNumber}</span>
                    <StatusBadge status={row.status} />
                  </div>
                  <p className="dup-card__name">{row.worker.fullName}</p>
                  <p className="dup-card__meta">
                    {countryName(row.destinationCountry, language)}
                    {row.worker.passportNumber ? ` · ${row.worker.passportNumber}` : ''}
                  </p>
                  <p className="dup-card__reasons">
                    {t('intake.matchedOn')}{' '}
                    {reasons.map((reason) => t(`intake.matchReason.${reason}`)).join(', ')}
                  </p>
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => onAttach(row.id)}
                    aria-label={t('intake.attachTo', { number: row.caseNumber ?? row.draftNumber })}
                  >
                    {t('intake.attach')}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </aside>
  );
}
