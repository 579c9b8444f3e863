import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { NoteRecord, TaskRecord } from '../../../shared/domain/events';
import type { LocalCase } from '../../db/database';
import { getRepository } from '../../db/instance';
import { enumKey } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { getActor } from '../../session/actor';
import { useUiStore } from '../../stores/ui-store';
import { fromLocalInput } from './datetime';
import { Section } from './section';
import { useSaver } from './use-saver';

/** Internal notes: for colleagues only, never shown or sent to reporters. Append-only. */
export function NotesSection({ record, notes }: { record: LocalCase; notes: NoteRecord[] }) {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  const [body, setBody] = useState('');
  const { run, notice } = useSaver();
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (body.trim() === '') return;
    const ok = await run(
      () =>
        getRepository().createRecord('notes', {
          caseId: record.id,
          at: new Date(Date.now()).toISOString(),
          body: body.trim(),
          authorId: getActor().actorId,
          officeId: record.officeId,
        }),
      t('caseFile.noteSaved'),
    );
    if (ok) setBody('');
  };
  return (
    <Section id="case-notes" title={t('caseFile.notes')}>
      <p className="field__hint">{t('caseFile.notesHint')}</p>
      <form
        className="inline-form inline-form--stack"
        onSubmit={(e) => void onSubmit(e)}
        aria-label={t('caseFile.newNote')}
      >
        <label htmlFor="note-body" className="visually-hidden">
          {t('caseFile.newNote')}
        </label>
        <textarea
          id="note-body"
          rows={2}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          placeholder={t('caseFile.newNote')}
        />
        <div className="form__actions">
          <button type="submit" className="button" disabled={body.trim() === ''}>
            {t('caseFile.addNote')}
          </button>
          {notice}
        </div>
      </form>
      <ol className="timeline">
        {[...notes].reverse().map((note) => (
          <li key={note.id} className="timeline__item timeline__item--note">
            <div className="timeline__head">
              <strong>{formatDateTime(note.at, language)}</strong>
              <span className="muted">{note.authorId}</span>
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
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const { run, notice } = useSaver();
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (title.trim() === '') return;
    const ok = await run(
      () =>
        getRepository().createRecord('tasks', {
          caseId: record.id,
          title: title.trim(),
          dueAt: fromLocalInput(due),
          assigneeId: record.ownerId,
          status: 'open',
          officeId: record.officeId,
        }),
      t('caseFile.taskSaved'),
    );
    if (ok) {
      setTitle('');
      setDue('');
    }
  };
  const complete = (task: TaskRecord, done: boolean) =>
    void run(
      () =>
        getRepository().updateRecord('tasks', task.id, {
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
      <form className="inline-form" onSubmit={(e) => void onSubmit(e)} aria-label={t('caseFile.newTask')}>
        <label htmlFor="task-title" className="visually-hidden">
          {t('caseFile.taskTitle')}
        </label>
        <input
          id="task-title"
          type="text"
          placeholder={t('caseFile.taskTitle')}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <label htmlFor="task-due" className="visually-hidden">
          {t('caseFile.taskDue')}
        </label>
        <input id="task-due" type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} />
        <button type="submit" className="button" disabled={title.trim() === ''}>
          {t('caseFile.addTask')}
        </button>
        {notice}
      </form>
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
