import { useTranslation } from 'react-i18next';
import { bindField } from '../../../ui/bind-field';
import { limitsOf } from '../../../ui/schema-limits';
import { NewCaseForm } from '../new-case-schema';
import {
  CheckGroup,
  EnumCheckboxes,
  RegisteredEnumSelect,
  RegisteredInput,
} from '../../../ui/registered-fields';
import { Group } from './group';
import type { IntakeForm } from './intake-types';

/** The problem types (several) and the main one, what the reporter asks for, and the chronology. */
export function ProblemGroup({ form }: { form: IntakeForm }) {
  const { t } = useTranslation();
  const { register } = form;
  return (
    <Group index={7} title={t('intake.sectionProblem')}>
      <RegisteredEnumSelect
        id="nc-main-problem"
        label={t('caseForm.mainProblem')}
        enumName="problemType"
        placeholder={t('caseForm.selectPlaceholder')}
        {...bindField(form, 'mainProblem')}
      />
      <CheckGroup titleId="nc-problems-title" title={t('intake.problemTypes')} columns>
        <EnumCheckboxes
          enumName="problemType"
          idPrefix="nc-problem"
          registration={() => register('problemTypes')}
        />
      </CheckGroup>
      <RegisteredInput
        id="nc-demands"
        label={t('intake.demands')}
        wide
        rows={2}
        {...bindField(form, 'demands')}
        {...limitsOf(NewCaseForm, 'demands')}
      />
      <RegisteredInput
        id="nc-chronology"
        label={t('intake.chronology')}
        wide
        rows={4}
        {...bindField(form, 'chronology')}
        {...limitsOf(NewCaseForm, 'chronology')}
      />
    </Group>
  );
}

/** Documents to ask the family for: each ticked one becomes a "requested" checklist item. */
export function DocumentsGroup({ form }: { form: IntakeForm }) {
  const { t } = useTranslation();
  return (
    <Group index={8} title={t('caseForm.sectionDocuments')} className="form__group--checklist">
      <p className="field__hint field--wide">{t('caseForm.documentsHint')}</p>
      <EnumCheckboxes
        enumName="documentType"
        idPrefix="nc-doc"
        className="field field--checkbox"
        registration={() => form.register('documents')}
      />
    </Group>
  );
}
