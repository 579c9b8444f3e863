import { useTranslation } from 'react-i18next';
import type { LegalRegime } from '../../../shared/domain/legal';

/** The law, worker card and insurance that follow from the departure date (derived, never stored). */
export function LegalRegimeNote({ regime }: { regime: LegalRegime | null }) {
  const { t } = useTranslation();
  return (
    <div className="legal-note field--wide" data-testid="legal-regime" aria-live="polite">
      <p className="legal-note__title">{t('legal.regimeTitle')}</p>
      {regime ? (
        <dl className="legal-note__facts">
          <div>
            <dt>{t('legal.law')}</dt>
            <dd>{t(`legal.laws.${regime.law}`)}</dd>
          </div>
          <div>
            <dt>{t('legal.workerCard')}</dt>
            <dd>{t(`legal.cards.${regime.workerCard}`)}</dd>
          </div>
          <div>
            <dt>{t('legal.insurance')}</dt>
            <dd>{t(`legal.insurances.${regime.insurance}`)}</dd>
          </div>
        </dl>
      ) : (
        <p className="legal-note__empty">{t('legal.needsDeparture')}</p>
      )}
    </div>
  );
}
