import { useTranslation } from 'react-i18next';
import { DOCUMENT_TYPES, PROBLEM_TYPES } from '../../../../shared/domain/enums';
import { enumKey } from '../../../i18n';
import { EnumSelect } from '../../../ui/enum-select';
import { Field } from '../../../ui/field';
import { Group } from './group';
import type { IntakeForm } from './intake-types';

/** The problem types (several) and the main one, what the reporter asks for, and the chronology. */
export function ProblemGroup({ form }: { form: IntakeForm }) {
  const { t } = useTranslation();
  const { register } = form;
  return (
    <Group index={7} title={t('intake.sectionProblem')}>
      <Field id="nc-main-problem" label={t('caseForm.mainProblem')}>
        <EnumSelect
          enumName="problemType"
          id="nc-main-problem"
          placeholder={t('caseForm.selectPlaceholder')}
          {...register('mainProblem')}
        />
      </Field>
      <div className="field field--wide" role="group" aria-labelledby="nc-problems-title">
        <p className="field__label" id="nc-problems-title">
          {t('intake.problemTypes')}
        </p>
        <div className="checks checks--columns">
          {PROBLEM_TYPES.map((type) => (
            <div className="field--checkbox" key={type}>
              <input id={`nc-problem-${type}`} type="checkbox" value={type} {...register('problemTypes')} />
              <label htmlFor={`nc-problem-${type}`}>{t(enumKey('problemType', type))}</label>
            </div>
          ))}
        </div>
      </div>
      <Field id="nc-demands" label={t('intake.demands')} className="field--wide">
        <textarea id="nc-demands" rows={2} {...register('demands')} />
      </Field>
      <Field id="nc-chronology" label={t('intake.chronology')} className="field--wide">
        <textarea id="nc-chronology" rows={4} {...register('chronology')} />
      </Field>
    </Group>
  );
}

/** Documents to ask the family for: each ticked one becomes a "requested" checklist item. */
export function DocumentsGroup({ form }: { form: IntakeForm }) {
  const { t } = useTranslation();
  return (
    <Group index={8} title={t('caseForm.sectionDocuments')} className="form__group--checklist">
      <p className="field__hint field--wide">{t('caseForm.documentsHint')}</p>
      {DOCUMENT_TYPES.map((type) => (
        <div className="field field--checkbox" key={type}>
          <input id={`nc-doc-${type}`} type="checkbox" value={type} {...form.register('documents')} />
          <label htmlFor={`nc-doc-${type}`}>{t(enumKey('documentType', type))}</label>
        </div>
      ))}
    </Group>
  );
}
