import { useFieldArray } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { bindField } from '../../../ui/bind-field';
import { RegisteredInput } from '../../../ui/registered-fields';
import { EMPTY_EMPLOYER } from '../new-case-schema';
import { Group } from './group';
import type { IntakeForm } from './intake-types';

type AgencyField =
  | 'agencyName'
  | 'agencyLicence'
  | 'agencyContact'
  | 'agencyPhone'
  | 'partnerAbroad'
  | 'brokerName'
  | 'brokerPhone';

/**
 * Employers as a history: the first one always has a row, later ones are added.
 * The first `lockedCount` rows (saved history, when editing a case) cannot be removed.
 */
export function EmployersGroup({ form, lockedCount = 0 }: { form: IntakeForm; lockedCount?: number }) {
  const { t } = useTranslation();
  const { control } = form;
  const { fields, append, remove } = useFieldArray({ control, name: 'employers' });
  return (
    <Group index={5} title={t('intake.sectionEmployers')} className="form__group--stack">
      {fields.map((item, i) => {
        const id = (name: string) => `nc-e${i}-${name}`;
        const title = i === 0 ? t('intake.firstEmployer') : t('intake.employerN', { n: i + 1 });
        return (
          <div className="subgroup" key={item.id} role="group" aria-label={title}>
            <p className="subgroup__title">{title}</p>
            <RegisteredInput
              id={id('name')}
              label={t('intake.employerName')}
              {...bindField(form, `employers.${i}.name`)}
            />
            <RegisteredInput
              id={id('phone')}
              label={t('intake.employerPhone')}
              type="tel"
              {...bindField(form, `employers.${i}.phone`)}
            />
            <RegisteredInput
              id={id('city')}
              label={t('intake.employerCity')}
              {...bindField(form, `employers.${i}.city`)}
            />
            <RegisteredInput
              id={id('from')}
              label={t('intake.periodFrom')}
              type="date"
              {...bindField(form, `employers.${i}.periodFrom`)}
            />
            <RegisteredInput
              id={id('to')}
              label={t('intake.periodTo')}
              type="date"
              {...bindField(form, `employers.${i}.periodTo`)}
            />
            {i > 0 && i >= lockedCount ? (
              <button type="button" className="link-button" onClick={() => remove(i)}>
                {t('intake.removeEmployer', { n: i + 1 })}
              </button>
            ) : null}
          </div>
        );
      })}
      <div>
        <button
          type="button"
          className="button"
          onClick={() => append(EMPTY_EMPLOYER)}
          disabled={fields.length >= 10}
        >
          {t('intake.addEmployer')}
        </button>
      </div>
    </Group>
  );
}

/** The placement agency in Indonesia, its partner abroad and any broker (calo). */
export function AgencyGroup({ form }: { form: IntakeForm }) {
  const { t } = useTranslation();
  const text = (name: AgencyField, label: string) => (
    <RegisteredInput id={`nc-${name}`} label={label} {...bindField(form, name)} />
  );
  return (
    <Group index={6} title={t('intake.sectionAgency')}>
      {text('agencyName', t('intake.agencyName'))}
      {text('agencyLicence', t('intake.agencyLicence'))}
      {text('agencyContact', t('intake.agencyContact'))}
      {text('agencyPhone', t('intake.agencyPhone'))}
      {text('partnerAbroad', t('intake.partnerAbroad'))}
      {text('brokerName', t('intake.brokerName'))}
      {text('brokerPhone', t('intake.brokerPhone'))}
    </Group>
  );
}
