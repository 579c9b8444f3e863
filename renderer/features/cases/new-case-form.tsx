import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFieldGroups } from '../../hooks/use-field-groups';
import { SAVE_TARGET_ATTRIBUTE } from '../../hooks/use-shortcuts';
import { getActor } from '../../session/actor';
import { useUiStore } from '../../stores/ui-store';
import { AppForm } from '../../ui/app-form';
import { Screen } from '../../ui/screen';
import { useZodForm } from '../../ui/use-zod-form';
import { useRepository } from '../sync/sync-context';
import { useContactDraftStore } from './contact-draft-store';
import { useSavedCaseStore } from './saved-case-notice';
import { CaseGroup } from './intake/case-group';
import { DuplicatePanel, useDuplicates } from './intake/duplicate-panel';
import { AgencyGroup, EmployersGroup } from './intake/employers-group';
import { DocumentsGroup, ProblemGroup } from './intake/problem-group';
import { ReportersGroup } from './intake/reporters-group';
import { DestinationGroup, WorkerGroup } from './intake/worker-group';
import { EMPTY_NEW_CASE, NewCaseForm, toNewCase } from './new-case-schema';
import { toE164 } from './phone';

/** Only a failed save stays here: a saved case opens its file (SavedCaseNotice confirms it there). */
type Saved = { error: string } | null;

/**
 * Intake during a call, a visit or from a letter: numbered field groups
 * (Alt+1..8, Ctrl+ArrowDown/Up), Ctrl+S saves, and a live duplicate check
 * that lets the operator attach the call to an existing case instead.
 */
export function NewCaseScreen() {
  const { t } = useTranslation();
  const navigate = useUiStore((state) => state.navigate);
  const setContactDraft = useContactDraftStore((state) => state.setDraft);
  const repository = useRepository();
  const [saved, setSaved] = useState<Saved>(null);
  const setSavedCase = useSavedCaseStore((state) => state.set);
  const formRef = useRef<HTMLFormElement>(null);
  useFieldGroups(formRef);
  const form = useZodForm(NewCaseForm, EMPTY_NEW_CASE);
  const { handleSubmit, watch, setFocus, reset, formState } = form;

  useEffect(() => setFocus('channel'), [setFocus]);

  const reporters = watch('reporters');
  const workerPhone = watch('workerPhone');
  const matches = useDuplicates({
    passportNumber: watch('passportNumber'),
    nik: watch('workerNik'),
    phones: [...reporters.map((reporter) => reporter.phone), workerPhone].filter(Boolean),
    name: watch('workerName'),
  });

  const attach = (caseId: string) => {
    const values = form.getValues();
    const first = values.reporters[0];
    setContactDraft({
      caseId,
      actorId: getActor().actorId,
      fromIntake: true,
      values: {
        channel: values.channel,
        direction: 'incoming',
        partyName: first?.name ?? '',
        numberUsed: toE164(first?.phone ?? '') ?? first?.phone ?? '',
        notes: [values.summary, values.chronology].filter(Boolean).join('\n'),
      },
    });
    navigate({ name: 'case', id: caseId });
  };

  const onSubmit = handleSubmit(async (values) => {
    const actor = getActor();
    const { record, documents } = toNewCase(values, new Date(Date.now()), actor.actorId);
    try {
      const result = await repository.createCase(record, documents);
      // Land on the new case file with the confirmation on screen (issue 17): the form used to
      // clear in place with the notice scrolled out of view.
      setSavedCase({ id: result.case.id, draftNumber: result.case.draftNumber });
      reset(EMPTY_NEW_CASE);
      navigate({ name: 'case', id: result.case.id });
    } catch (error) {
      setSaved({ error: error instanceof Error ? error.message : String(error) });
    }
  });

  return (
    <Screen
      titleId="new-case-title"
      title={t('caseForm.title')}
      intro={t('caseForm.intro')}
      keys={t('intake.keys')}
    >
      <div role="status" aria-live="polite" className="notice-area">
        {saved ? (
          <p className="notice notice--error">{t('caseForm.saveFailed', { message: saved.error })}</p>
        ) : null}
        {Object.keys(formState.errors).length > 0 && formState.isSubmitted ? (
          <p className="notice notice--error">{t('intake.fixErrors')}</p>
        ) : null}
      </div>

      <div className="intake">
        <AppForm
          ref={formRef}
          className="form intake__form"
          onSubmit={onSubmit}
          {...{ [SAVE_TARGET_ATTRIBUTE]: '' }}
        >
          <CaseGroup form={form} />
          <ReportersGroup form={form} />
          <WorkerGroup form={form} />
          <DestinationGroup form={form} />
          <EmployersGroup form={form} />
          <AgencyGroup form={form} />
          <ProblemGroup form={form} />
          <DocumentsGroup form={form} />
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={formState.isSubmitting}>
              {formState.isSubmitting ? t('common.saving') : t('caseForm.submit')}
            </button>
            <span className="form__shortcut">{t('common.shortcuts')}</span>
          </div>
        </AppForm>
        <DuplicatePanel matches={matches} onAttach={attach} />
      </div>
    </Screen>
  );
}
