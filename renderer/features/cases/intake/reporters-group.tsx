import { useFieldArray } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { bindField } from '../../../ui/bind-field';
import { limitsOf } from '../../../ui/schema-limits';
import { RegisteredCheckbox, RegisteredEnumSelect, RegisteredInput } from '../../../ui/registered-fields';
import { useWarnings } from '../../../ui/warnings';
import { EMPTY_REPORTER, NewCaseForm, intakeWarnings } from '../new-case-schema';
import { Group } from './group';
import type { IntakeForm } from './intake-types';

/**
 * One or more reporters: who they are to the worker, how to reach them, consent and disclosure.
 * The first `lockedCount` rows (saved reporters, when editing a case) cannot be removed.
 */
export function ReportersGroup({ form, lockedCount = 0 }: { form: IntakeForm; lockedCount?: number }) {
  const { t } = useTranslation();
  const { register, control } = form;
  const { fields, append, remove } = useFieldArray({ control, name: 'reporters' });
  const warnings = useWarnings(form, intakeWarnings);
  return (
    <Group index={2} title={t('caseForm.sectionReporter')} className="form__group--stack">
      {fields.map((item, i) => {
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
            <RegisteredInput
              id={id('name')}
              label={t('caseForm.reporterName')}
              {...bindField(form, `reporters.${i}.name`)}
              {...limitsOf(NewCaseForm, `reporters.${i}.name`)}
            />
            <RegisteredEnumSelect
              id={id('role')}
              label={t('caseForm.reporterRole')}
              enumName="reporterRole"
              {...bindField(form, `reporters.${i}.role`)}
            />
            <RegisteredEnumSelect
              id={id('relationship')}
              label={t('caseForm.relationship')}
              enumName="relationship"
              placeholder={t('caseForm.selectPlaceholder')}
              required
              {...bindField(form, `reporters.${i}.relationship`)}
            />
            <RegisteredInput
              id={id('phone')}
              label={t('caseForm.reporterPhone')}
              hint={t('caseForm.phoneHint')}
              type="tel"
              inputMode="tel"
              warning={warnings[`reporters.${i}.phone`]}
              {...bindField(form, `reporters.${i}.phone`)}
            />
            <div className="checks field--wide">
              <RegisteredCheckbox
                id={id('whatsapp')}
                label={t('intake.whatsapp')}
                registration={register(`reporters.${i}.whatsapp`)}
              />
              <RegisteredCheckbox
                id={id('disclose')}
                label={t('caseForm.mayDisclose')}
                registration={register(`reporters.${i}.mayDisclose`)}
              />
              <RegisteredCheckbox
                id={id('consent')}
                label={t('intake.consent')}
                registration={register(`reporters.${i}.consent`)}
              />
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
