import { useFieldArray } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { EnumSelect } from '../../../ui/enum-select';
import { Field, describedBy } from '../../../ui/field';
import { EMPTY_REPORTER } from '../new-case-schema';
import { Group } from './group';
import type { IntakeForm } from './intake-types';

/**
 * One or more reporters: who they are to the worker, how to reach them, consent and disclosure.
 * The first `lockedCount` rows (saved reporters, when editing a case) cannot be removed.
 */
export function ReportersGroup({ form, lockedCount = 0 }: { form: IntakeForm; lockedCount?: number }) {
  const { t } = useTranslation();
  const { register, control, formState } = form;
  const { fields, append, remove } = useFieldArray({ control, name: 'reporters' });
  return (
    <Group index={2} title={t('caseForm.sectionReporter')} className="form__group--stack">
      {fields.map((item, i) => {
        const e = formState.errors.reporters?.[i];
        const id = (name: string) => `nc-r${i}-${name}`;
        return (
          <div
            className="subgroup"
            key={item.id}
            aria-label={t('intake.reporterN', { n: i + 1 })}
            role="group"
          >
            {fields.length > 1 ? (
              <p className="subgroup__title">{t('intake.reporterN', { n: i + 1 })}</p>
            ) : null}
            <Field id={id('name')} label={t('caseForm.reporterName')} error={e?.name?.message}>
              <input
                type="text"
                autoComplete="off"
                {...describedBy(id('name'), e?.name?.message)}
                {...register(`reporters.${i}.name`)}
              />
            </Field>
            <Field id={id('role')} label={t('caseForm.reporterRole')}>
              <EnumSelect enumName="reporterRole" id={id('role')} {...register(`reporters.${i}.role`)} />
            </Field>
            <Field
              id={id('relationship')}
              label={t('caseForm.relationship')}
              error={e?.relationship?.message}
            >
              <EnumSelect
                enumName="relationship"
                placeholder={t('caseForm.selectPlaceholder')}
                {...describedBy(id('relationship'), e?.relationship?.message)}
                {...register(`reporters.${i}.relationship`)}
              />
            </Field>
            <Field
              id={id('phone')}
              label={t('caseForm.reporterPhone')}
              error={e?.phone?.message}
              hint={t('caseForm.phoneHint')}
            >
              <input
                type="tel"
                autoComplete="off"
                inputMode="tel"
                {...describedBy(id('phone'), e?.phone?.message, true)}
                {...register(`reporters.${i}.phone`)}
              />
            </Field>
            <div className="checks field--wide">
              <div className="field--checkbox">
                <input id={id('whatsapp')} type="checkbox" {...register(`reporters.${i}.whatsapp`)} />
                <label htmlFor={id('whatsapp')}>{t('intake.whatsapp')}</label>
              </div>
              <div className="field--checkbox">
                <input id={id('disclose')} type="checkbox" {...register(`reporters.${i}.mayDisclose`)} />
                <label htmlFor={id('disclose')}>{t('caseForm.mayDisclose')}</label>
              </div>
              <div className="field--checkbox">
                <input id={id('consent')} type="checkbox" {...register(`reporters.${i}.consent`)} />
                <label htmlFor={id('consent')}>{t('intake.consent')}</label>
              </div>
              {fields.length > 1 && i >= lockedCount ? (
                <button type="button" className="link-button" onClick={() => remove(i)}>
                  {t('intake.removeReporter', { n: i + 1 })}
                </button>
              ) : null}
            </div>
          </div>
        );
      })}
      <div>
        <button
          type="button"
          className="button"
          onClick={() => append(EMPTY_REPORTER)}
          disabled={fields.length >= 10}
        >
          {t('intake.addReporter')}
        </button>
      </div>
    </Group>
  );
}
