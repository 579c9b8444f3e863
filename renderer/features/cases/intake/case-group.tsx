import { useTranslation } from 'react-i18next';
import { DANGER_SIGNS } from '../../../../shared/domain/enums';
import { urgencyForDanger } from '../../../../shared/domain/legal';
import { enumKey } from '../../../i18n';
import { EnumSelect } from '../../../ui/enum-select';
import { Field, describedBy } from '../../../ui/field';
import { Group } from './group';
import type { IntakeForm } from './intake-types';

/** Channel, urgency, summary and the danger screening that can only raise urgency. */
export function CaseGroup({ form }: { form: IntakeForm }) {
  const { t } = useTranslation();
  const { register, watch, formState } = form;
  const err = formState.errors;
  const signs = watch('dangerSigns');
  const chosen = watch('urgency');
  const effective = urgencyForDanger(signs, chosen);
  return (
    <Group index={1} title={t('caseForm.sectionCase')}>
      <Field id="nc-channel" label={t('caseForm.channel')}>
        <EnumSelect enumName="channel" id="nc-channel" {...register('channel')} />
      </Field>
      <Field id="nc-urgency" label={t('caseForm.urgency')}>
        <EnumSelect enumName="urgency" id="nc-urgency" {...register('urgency')} />
      </Field>
      <Field
        id="nc-summary"
        label={t('caseForm.summary')}
        error={err.summary?.message}
        className="field--wide"
      >
        <input
          type="text"
          autoComplete="off"
          {...describedBy('nc-summary', err.summary?.message)}
          {...register('summary')}
        />
      </Field>
      <div className="field field--wide" role="group" aria-labelledby="nc-danger-title">
        <p className="field__label" id="nc-danger-title">
          {t('intake.dangerTitle')}
        </p>
        <div className="checks">
          {DANGER_SIGNS.map((sign) => (
            <div className="field--checkbox" key={sign}>
              <input id={`nc-danger-${sign}`} type="checkbox" value={sign} {...register('dangerSigns')} />
              <label htmlFor={`nc-danger-${sign}`}>{t(enumKey('dangerSign', sign))}</label>
            </div>
          ))}
        </div>
      </div>
      {effective !== 'normal' ? (
        <div className={`urgent-banner urgent-banner--${effective}`} role="alert" data-testid="urgent-banner">
          <strong>{t(enumKey('urgency', effective)).toUpperCase()}</strong>
          <span>
            {signs.length > 0 ? t('intake.urgentBecauseDanger') : t('intake.urgentChosen')}{' '}
            {t('intake.urgentCadence')}
          </span>
        </div>
      ) : null}
    </Group>
  );
}
