import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { CaseStatus, ClosureReason, Outcome } from '../../../shared/domain/enums';
import { allowedNextStatuses, closureRequirement } from '../../../shared/domain/workflow';
import type { LocalCase } from '../../db/database';
import type { RecordChanges } from '../../db/repository';
import { SAVE_TARGET_ATTRIBUTE } from '../../hooks/use-shortcuts';
import { PlainOptions } from '../../ui/plain-options';
import { AppForm } from '../../ui/app-form';
import { bindField } from '../../ui/bind-field';
import { useZodForm } from '../../ui/use-zod-form';
import { RegisteredEnumSelect, RegisteredInput, RegisteredSelect } from '../../ui/registered-fields';
import { useSaver } from '../case-file/use-saver';
import { useRepository } from '../sync/sync-context';

const EditForm = z
  .object({
    summary: z.string().trim().min(1, 'validation.required').max(200, 'validation.tooLong'),
    status: CaseStatus,
    closureReason: z.union([ClosureReason, z.literal('')]),
    outcome: z.union([Outcome, z.literal('')]),
    moneyAmount: z
      .string()
      .trim()
      .refine((v) => v === '' || (/^\d+(\.\d{1,2})?$/.test(v) && Number(v) <= 1e12), 'validation.amount'),
    moneyCurrency: z.string().regex(/^[A-Z]{3}$/, 'validation.currency'),
  })
  .superRefine((form, ctx) => {
    const needed = closureRequirement(form.status);
    if (needed === 'closureReason' && form.closureReason === '') {
      ctx.addIssue({ code: 'custom', path: ['closureReason'], message: 'validation.closureReason' });
    }
    if (needed === 'outcome' && form.outcome === '') {
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'validation.outcome' });
    }
  });
/** Currencies of the destination countries, rupiah first. */
const CURRENCIES = [
  'IDR',
  'MYR',
  'TWD',
  'HKD',
  'SAR',
  'SGD',
  'AED',
  'KRW',
  'BND',
  'QAR',
  'OMR',
  'KWD',
  'BHD',
  'JOD',
  'JPY',
  'EUR',
  'TRY',
  'USD',
];

type EditFormValues = z.input<typeof EditForm>;

function valuesOf(record: LocalCase): EditFormValues {
  return {
    summary: record.summary,
    status: record.status,
    closureReason: record.closureReason ?? '',
    outcome: record.outcome ?? '',
    moneyAmount: record.moneyRecovered ? String(record.moneyRecovered.amount) : '',
    moneyCurrency: record.moneyRecovered?.currency ?? 'IDR',
  };
}

/** Summary and status of a case; the status select offers only what the workflow allows next. */
export function CaseEditForm({ record }: { record: LocalCase }) {
  const { t } = useTranslation();
  const repository = useRepository();
  const { saved, failed, notice } = useSaver();
  const form = useZodForm(EditForm, valuesOf(record));
  const {
    handleSubmit,
    watch,
    reset,
    formState: { isSubmitting },
  } = form;
  const status = watch('status');
  const needed = closureRequirement(status);
  const statuses = [record.status, ...allowedNextStatuses(record.status)];

  const onSubmit = handleSubmit(async (values) => {
    const changes: RecordChanges = { summary: values.summary, status: values.status };
    if (needed === 'closureReason') changes.closureReason = values.closureReason || null;
    if (needed === 'outcome') {
      changes.outcome = values.outcome || null;
      changes.moneyRecovered =
        values.moneyAmount === ''
          ? null
          : { amount: Number(values.moneyAmount), currency: values.moneyCurrency };
    }
    try {
      const after = await repository.updateRecord('cases', record.id, changes);
      reset(valuesOf(after));
      saved(record, after);
    } catch (error) {
      failed(error);
    }
  });

  return (
    <AppForm className="form form--compact" onSubmit={onSubmit} {...{ [SAVE_TARGET_ATTRIBUTE]: '' }}>
      <fieldset className="form__group">
        <legend>{t('caseView.sectionEdit')}</legend>
        <RegisteredInput id="ce-summary" label={t('caseView.summary')} wide {...bindField(form, 'summary')} />
        <RegisteredEnumSelect
          id="ce-status"
          label={t('caseView.status')}
          enumName="caseStatus"
          codes={statuses}
          {...bindField(form, 'status')}
        />
        {needed === 'closureReason' ? (
          <RegisteredEnumSelect
            id="ce-closure"
            label={t('caseView.closureReason')}
            enumName="closureReason"
            placeholder={t('caseForm.selectPlaceholder')}
            {...bindField(form, 'closureReason')}
          />
        ) : null}
        {needed === 'outcome' ? (
          <>
            <RegisteredEnumSelect
              id="ce-outcome"
              label={t('caseView.outcome')}
              enumName="outcome"
              placeholder={t('caseForm.selectPlaceholder')}
              {...bindField(form, 'outcome')}
            />
            <RegisteredInput
              id="ce-money"
              label={t('caseFile.moneyRecovered')}
              inputMode="decimal"
              {...bindField(form, 'moneyAmount')}
            />
            <RegisteredSelect
              id="ce-currency"
              label={t('caseFile.currency')}
              {...bindField(form, 'moneyCurrency')}
            >
              <PlainOptions values={CURRENCIES} />
            </RegisteredSelect>
          </>
        ) : null}
      </fieldset>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={isSubmitting}>
          {isSubmitting ? t('common.saving') : t('caseView.saveChanges')}
        </button>
        {notice}
      </div>
    </AppForm>
  );
}
