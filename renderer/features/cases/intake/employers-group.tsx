import { useFieldArray } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Field, describedBy } from '../../../ui/field';
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
  const { register, control, formState } = form;
  const { fields, append, remove } = useFieldArray({ control, name: 'employers' });
  return (
    <Group index={5} title={t('intake.sectionEmployers')} className="form__group--stack">
      {fields.map((item, i) => {
        const e = formState.errors.employers?.[i];
        const id = (name: string) => `nc-e${i}-${name}`;
        const title = i === 0 ? t('intake.firstEmployer') : t('intake.employerN', { n: i + 1 });
        return (
          <div className="subgroup" key={item.id} role="group" aria-label={title}>
            <p className="subgroup__title">{title}</p>
            <Field id={id('name')} label={t('intake.employerName')} error={e?.name?.message}>
              <input
                type="text"
                autoComplete="off"
                {...describedBy(id('name'), e?.name?.message)}
                {...register(`employers.${i}.name`)}
              />
            </Field>
            <Field id={id('phone')} label={t('intake.employerPhone')}>
              <input type="tel" id={id('phone')} autoComplete="off" {...register(`employers.${i}.phone`)} />
            </Field>
            <Field id={id('city')} label={t('intake.employerCity')}>
              <input type="text" id={id('city')} autoComplete="off" {...register(`employers.${i}.city`)} />
            </Field>
            <Field id={id('from')} label={t('intake.periodFrom')} error={e?.periodFrom?.message}>
              <input
                type="date"
                {...describedBy(id('from'), e?.periodFrom?.message)}
                {...register(`employers.${i}.periodFrom`)}
              />
            </Field>
            <Field id={id('to')} label={t('intake.periodTo')} error={e?.periodTo?.message}>
              <input
                type="date"
                {...describedBy(id('to'), e?.periodTo?.message)}
                {...register(`employers.${i}.periodTo`)}
              />
            </Field>
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
  const { register } = form;
  const text = (name: AgencyField, label: string) => (
    <Field id={`nc-${name}`} label={label}>
      <input type="text" id={`nc-${name}`} autoComplete="off" {...register(name)} />
    </Field>
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
