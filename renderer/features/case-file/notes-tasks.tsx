import { useTranslation } from 'react-i18next';
import type { NoteRecord, TaskRecord } from '../../../shared/domain/events';
import type { LocalCase } from '../../db/database';
import { enumKey } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { getActor } from '../../session/actor';
import { useUiStore } from '../../stores/ui-store';
import { AppForm } from '../../ui/app-form';
import { bindField } from '../../ui/bind-field';
import { RegisteredInput } from '../../ui/registered-fields';
import { useZodForm } from '../../ui/use-zod-form';
import { usePeople } from '../people/use-people';
import { useRepository } from '../sync/sync-context';
import { NoteForm, TaskForm } from './case-file-forms';
import { fromLocalInput } from './datetime';
import { Section } from './section';
import { useSaver } from './use-saver';

/** Internal notes: for colleagues only, never shown or sent to reporters. Append-only. */
export function NotesSection({ record, notes }: { record: LocalCase; notes: NoteRecord[] }) {
  const { t } = useTranslation();
  const people = usePeople();
  const language = useUiStore((state) => state.language);
  const repository = useRepository();
  const { run, notice } = useSaver();
  const form = useZodForm(NoteForm, { body: '' });
  const onSubmit = form.handleSubmit(async ({ body }) => {
    const ok = await run(
      () =>
        repository.createRecord('notes', {
          caseId: record.id,
          at: new Date(Date.now()).toISOString(),
          body,
          authorId: getActor().actorId,
          officeId: record.officeId,
        }),
      t('caseFile.noteSaved'),
    );
    if (ok) form.reset({ body: '' });
  });
  // Nothing to add until something is typed (as before; the schema says so too).
  const empty = form.watch('body').trim() === '';
  return (
    <Section id="case-notes" title={t('caseFile.notes')}>
      <p className="field__hint">{t('caseFile.notesHint')}</p>
      <AppForm
        className="inline-form inline-form--stack"
        onSubmit={onSubmit}
        aria-label={t('caseFile.newNote')}
      >
        <RegisteredInput
          id="note-body"
          label={t('caseFile.newNote')}
          hideLabel
          rows={2}
          placeholder={t('caseFile.newNote')}
          {...bindField(form, 'body')}
        />
        <div className="form__actions">
          <button type="submit" className="button" disabled={empty || form.formState.isSubmitting}>
            {t('caseFile.addNote')}
          </button>
          {notice}
        </div>
      </AppForm>
      <ol className="timeline">
        {[...notes].reverse().map((note) => (
          <li key={note.id} className="timeline__item timeline__item--note">
            <div className="timeline__head">
              <strong>{formatDateTime(note.at, language)}</strong>
              <span className="muted" data-testid="note-author">
                {people.name(note.authorId)}
              </span>
            </div>
            <p>{note.body}</p>
          </li>
        ))}
      </ol>
    </Section>
  );
}

/** Follow-up tasks; completing one is its own recorded change. */
export function TasksSection({ record, tasks }: { record: LocalCase; tasks: TaskRecord[] }) {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  const repository = useRepository();
  const { run, notice } = useSaver();
  const form = useZodForm(TaskForm, { title: '', due: '' });
  const onSubmit = form.handleSubmit(async ({ title, due }) => {
    const ok = await run(
      () =>
        repository.createRecord('tasks', {
          caseId: record.id,
          title,
          dueAt: fromLocalInput(due),
          assigneeId: record.ownerId,
          status: 'open',
          officeId: record.officeId,
        }),
      t('caseFile.taskSaved'),
    );
    if (ok) form.reset({ title: '', due: '' });
  });
  const empty = form.watch('title').trim() === '';
  const complete = (task: TaskRecord, done: boolean) =>
    void run(
      () =>
        repository.updateRecord('tasks', task.id, {
          status: done ? 'done' : 'open',
          completedAt: done ? new Date(Date.now()).toISOString() : null,
          completedBy: done ? getActor().actorId : null,
        }),
      t('caseFile.taskUpdated'),
    );
  const ordered = [...tasks].sort((a, b) =>
    a.status === b.status ? (a.dueAt ?? '').localeCompare(b.dueAt ?? '') : a.status === 'open' ? -1 : 1,
  );
  return (
    <Section id="case-tasks" title={t('caseFile.tasks')}>
      <AppForm className="inline-form" onSubmit={onSubmit} aria-label={t('caseFile.newTask')}>
        <RegisteredInput
          id="task-title"
          label={t('caseFile.taskTitle')}
          hideLabel
          placeholder={t('caseFile.taskTitle')}
          {...bindField(form, 'title')}
        />
        <RegisteredInput
          id="task-due"
          label={t('caseFile.taskDue')}
          hideLabel
          type="datetime-local"
          {...bindField(form, 'due')}
        />
        <button type="submit" className="button" disabled={empty || form.formState.isSubmitting}>
          {t('caseFile.addTask')}
        </button>
        {notice}
      </AppForm>
      <ul className="task-list">
        {ordered.map((task) => (
          <li key={task.id} className={`task task--${task.status}`}>
            <input
              id={`task-${task.id}`}
              type="checkbox"
              checked={task.status === 'done'}
              disabled={task.status === 'cancelled'}
              onChange={(e) => complete(task, e.target.checked)}
            />
            <label htmlFor={`task-${task.id}`}>{task.title}</label>
            <span className="muted">
              {task.dueAt ? t('caseFile.dueOn', { when: formatDateTime(task.dueAt, language) }) : ''}{' '}
              {task.status !== 'open' ? t(enumKey('taskStatus', task.status)) : ''}
            </span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
