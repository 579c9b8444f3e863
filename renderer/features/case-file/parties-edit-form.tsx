import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { LocalCase } from '../../db/database';
import { SAVE_TARGET_ATTRIBUTE } from '../../hooks/use-shortcuts';
import { getActor } from '../../session/actor';
import { AppForm } from '../../ui/app-form';
import { useZodForm } from '../../ui/use-zod-form';
import { AgencyGroup, EmployersGroup } from '../cases/intake/employers-group';
import { ReportersGroup } from '../cases/intake/reporters-group';
import { DestinationGroup, WorkerGroup } from '../cases/intake/worker-group';
import { NewCaseForm } from '../cases/new-case-schema';
import { useRepository } from '../sync/sync-context';
import { partiesChanges, partiesFormValues } from './parties-edit';
import { Section } from './section';
import { useSaver } from './use-saver';

/**
 * Reporters, worker, destination, employers and agency edited after intake,
 * with the intake's own field groups. Closed by default: the case file is read
 * far more often than these facts change.
 */
export function PartiesEditForm({ record }: { record: LocalCase }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  // Lives above the keyed form so "saved" stays visible after the form restarts from the new record.
  const saver = useSaver();
  return (
    <Section
      id="case-parties-edit"
      title={t('caseFile.editParties')}
      wide
      actions={
        <button
          type="button"
          className="button button--small"
          aria-expanded={open}
          aria-controls="parties-edit-form"
          onClick={() => setOpen((value) => !value)}
        >
          {open ? t('caseFile.closeEditParties') : t('caseFile.openEditParties')}
        </button>
      }
    >
      {/* Keyed by rev: a save (here or pulled from another laptop) starts the form from the new record. */}
      {open ? <PartiesForm key={`${record.id}:${record.rev}`} record={record} saver={saver} /> : null}
    </Section>
  );
}

function PartiesForm({ record, saver }: { record: LocalCase; saver: ReturnType<typeof useSaver> }) {
  const { t } = useTranslation();
  const [initial] = useState(() => partiesFormValues(record));
  const repository = useRepository();
  const { saved, failed, notice } = saver;
  const form = useZodForm(NewCaseForm, initial.values);
  const onSubmit = form.handleSubmit(async (values) => {
    const changes = partiesChanges(record, values, initial, {
      now: new Date(Date.now()).toISOString(),
      actorId: getActor().actorId,
      newKey: () => uuidv7().replace(/-/g, ''),
    });
    try {
      const after = await repository.updateRecord('cases', record.id, changes);
      saved(record, after);
    } catch (error) {
      failed(error);
    }
  });
  return (
    <AppForm
      id="parties-edit-form"
      className="form form--compact"
      onSubmit={onSubmit}
      {...{ [SAVE_TARGET_ATTRIBUTE]: '' }}
    >
      <ReportersGroup form={form} lockedCount={initial.reporterKeys.length} />
      <WorkerGroup form={form} />
      <DestinationGroup form={form} />
      <EmployersGroup form={form} lockedCount={initial.employerKeys.length} />
      <AgencyGroup form={form} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? t('common.saving') : t('caseView.saveChanges')}
        </button>
        {notice}
      </div>
    </AppForm>
  );
}
