import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultNextPromise } from '../../../shared/domain/follow-up';
import type { LocalCase } from '../../db/database';
import { enumKey } from '../../i18n';
import { getActor } from '../../session/actor';
import { AppForm } from '../../ui/app-form';
import { bindField } from '../../ui/bind-field';
import { limitsOf } from '../../ui/schema-limits';
import { useWarnings } from '../../ui/warnings';
import { RegisteredEnumSelect, RegisteredInput, RegisteredSelect } from '../../ui/registered-fields';
import { useZodForm } from '../../ui/use-zod-form';
import { useContactDraftStore } from '../cases/contact-draft-store';
import type { ContactDraft } from '../cases/contact-draft-store';
import { useRepository } from '../sync/sync-context';
import { ContactForm, OTHER_PARTY, contactWarnings, toContactInput } from './case-file-forms';
import type { ContactFormValues } from './case-file-forms';
import { fromLocalInput, toLocalInput } from './datetime';
import { useSaver } from './use-saver';

const reportersOf = (record: LocalCase) =>
  Object.entries(record.reporters).sort(([, a], [, b]) => a.order - b.order);

/** A fresh entry: now, the first reporter (or the one a draft names), the promise the cadence gives. */
function freshValues(record: LocalCase, draft: ContactDraft | null): ContactFormValues {
  const now = new Date(Date.now()).toISOString();
  const typed = draft?.values ?? {};
  const reporters = reportersOf(record);
  const matched = draft
    ? reporters.find(
        ([, r]) => r.phones.some((p) => p.e164 === typed.numberUsed) || r.name === typed.partyName,
      )
    : undefined;
  const [firstKey, first] = matched ?? reporters[0] ?? [OTHER_PARTY, undefined];
  return {
    at: toLocalInput(now),
    direction: 'outgoing',
    channel: 'phone',
    party: firstKey,
    partyName: first?.name ?? '',
    numberUsed: first?.phones[0]?.e164 ?? '',
    result: 'connected',
    toldFamily: '',
    notes: '',
    nextPromise: toLocalInput(defaultNextPromise(now, record.urgency)),
    ...typed,
  };
}

/**
 * The contact log's entry form. What is typed goes to the contact draft store
 * as it is typed, and the form starts from that draft when it mounts, so an
 * operator who leaves the case file mid-call finds the entry as they left it.
 */
export function ContactEntryForm({ record }: { record: LocalCase }) {
  const { t } = useTranslation();
  const repository = useRepository();
  const [draft] = useState(() => useContactDraftStore.getState().draftFor(record.id, getActor().actorId));
  const promiseTouched = useRef(draft?.promiseTouched ?? false);
  const fromIntake = useRef(draft?.fromIntake ?? false);
  const { failed, setMessage, notice } = useSaver();
  const [initial] = useState(() => freshValues(record, draft));
  const form = useZodForm(ContactForm, initial);
  const { watch, setValue, getValues, reset, formState } = form;
  const urgencyLabel = t(enumKey('urgency', record.urgency));
  const warnings = useWarnings(form, contactWarnings(record.urgency, urgencyLabel));

  useEffect(() => {
    // A reset (after a save) reports no field name; every typed change and derived value does.
    const subscription = watch((values, { name }) => {
      if (name === undefined) return;
      useContactDraftStore.getState().setDraft({
        caseId: record.id,
        actorId: getActor().actorId,
        fromIntake: fromIntake.current,
        promiseTouched: promiseTouched.current,
        values,
      });
    });
    return () => subscription.unsubscribe();
  }, [watch, record.id]);

  const onAt = () => {
    const iso = fromLocalInput(getValues('at'));
    // The promise follows the contact time until the operator sets it by hand.
    if (!promiseTouched.current && iso) {
      setValue('nextPromise', toLocalInput(defaultNextPromise(iso, record.urgency)));
    }
  };
  const onParty = () => {
    const reporter = record.reporters[getValues('party')];
    setValue('partyName', reporter?.name ?? '');
    if (reporter?.phones[0]) setValue('numberUsed', reporter.phones[0].e164);
  };

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await repository.createRecord('contacts', toContactInput(record, values, getActor().actorId));
      setMessage({ kind: 'success', text: t('caseFile.contactSaved') });
      promiseTouched.current = false;
      fromIntake.current = false;
      reset(freshValues(record, null));
      useContactDraftStore.getState().clear(record.id);
    } catch (error) {
      failed(error);
    }
  });

  const party = watch('party');
  return (
    <>
      {draft?.fromIntake ? <p className="notice notice--info">{t('caseFile.attachedCall')}</p> : null}
      <AppForm
        className="form form--compact contact-form"
        onSubmit={onSubmit}
        aria-label={t('caseFile.newContact')}
      >
        <div className="form__grid">
          <RegisteredInput
            id="ct-at"
            label={t('caseFile.when')}
            required
            type="datetime-local"
            {...bindField(form, 'at', { onChange: onAt })}
          />
          <RegisteredEnumSelect
            id="ct-direction"
            label={t('caseFile.direction')}
            enumName="contactDirection"
            {...bindField(form, 'direction')}
          />
          <RegisteredEnumSelect
            id="ct-channel"
            label={t('caseForm.channel')}
            enumName="channel"
            {...bindField(form, 'channel')}
          />
          <RegisteredSelect
            id="ct-party"
            label={t('caseFile.party')}
            {...bindField(form, 'party', { onChange: onParty })}
            // A reporter saved without a name: say so on the control the operator sees.
            error={party === OTHER_PARTY ? undefined : formState.errors.partyName?.message}
          >
            {reportersOf(record).map(([key, r]) => (
              <option key={key} value={key}>
                {`${r.name} (${t(enumKey('relationship', r.relationship))})`}
              </option>
            ))}
            <option value={OTHER_PARTY}>{t('caseFile.otherParty')}</option>
          </RegisteredSelect>
          {party === OTHER_PARTY ? (
            <RegisteredInput
              id="ct-party-name"
              label={t('caseFile.partyName')}
              {...bindField(form, 'partyName')}
              {...limitsOf(ContactForm, 'partyName')}
            />
          ) : null}
          <RegisteredInput
            id="ct-number"
            label={t('caseFile.numberUsed')}
            type="tel"
            {...bindField(form, 'numberUsed')}
            {...limitsOf(ContactForm, 'numberUsed')}
          />
          <RegisteredEnumSelect
            id="ct-result"
            label={t('caseFile.result')}
            enumName="contactResult"
            {...bindField(form, 'result')}
          />
          <RegisteredInput
            id="ct-told"
            label={t('caseFile.toldFamily')}
            rows={2}
            wide
            {...bindField(form, 'toldFamily')}
            {...limitsOf(ContactForm, 'toldFamily')}
          />
          <RegisteredInput
            id="ct-notes"
            label={t('caseFile.contactNotes')}
            rows={2}
            wide
            {...bindField(form, 'notes')}
            {...limitsOf(ContactForm, 'notes')}
          />
          <RegisteredInput
            id="ct-promise"
            label={t('caseFile.nextPromise')}
            type="datetime-local"
            hint={t('caseFile.cadenceHint', { urgency: urgencyLabel })}
            warning={warnings.nextPromise}
            {...bindField(form, 'nextPromise', { onChange: () => (promiseTouched.current = true) })}
          />
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={formState.isSubmitting}>
            {t('caseFile.logContact')}
          </button>
          {notice}
        </div>
      </AppForm>
    </>
  );
}
