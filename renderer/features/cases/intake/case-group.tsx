import { useTranslation } from 'react-i18next';
import { urgencyForDanger } from '../../../../shared/domain/legal';
import { enumKey } from '../../../i18n';
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

/** Channel, urgency, summary and the danger screening that can only raise urgency. */
export function CaseGroup({ form }: { form: IntakeForm }) {
  const { t } = useTranslation();
  const { register, watch } = form;
  const signs = watch('dangerSigns');
  const chosen = watch('urgency');
  const effective = urgencyForDanger(signs, chosen);
  return (
    <Group index={1} title={t('caseForm.sectionCase')}>
      <RegisteredEnumSelect
        id="nc-channel"
        label={t('caseForm.channel')}
        enumName="channel"
        {...bindField(form, 'channel')}
      />
      <RegisteredEnumSelect
        id="nc-urgency"
        label={t('caseForm.urgency')}
        enumName="urgency"
        {...bindField(form, 'urgency')}
      />
      <RegisteredInput
        id="nc-summary"
        label={t('caseForm.summary')}
        wide
        {...bindField(form, 'summary')}
        {...limitsOf(NewCaseForm, 'summary')}
      />
      <CheckGroup titleId="nc-danger-title" title={t('intake.dangerTitle')}>
        <EnumCheckboxes
          enumName="dangerSign"
          idPrefix="nc-danger"
          registration={() => register('dangerSigns')}
        />
      </CheckGroup>
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
