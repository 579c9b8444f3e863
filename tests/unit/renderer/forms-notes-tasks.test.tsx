// @vitest-environment happy-dom
// The note and task forms on react-hook-form: valid input is written through
// the repository; too long a note, or a due time that is not a date, shows
// the app's message and writes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalCase } from '../../../renderer/db/database';
import { NotesSection, TasksSection } from '../../../renderer/features/case-file/notes-tasks';
import { caseInput } from './fixtures';
import { alerts, button, byLabel, openHarness, statusText, submit, type } from './forms-harness';
import type { Harness } from './forms-harness';

let h: Harness;
let record: LocalCase;

beforeEach(async () => {
  h = await openHarness('forms-notes', 'en');
  record = await h.repo.createRecord('cases', caseInput(new Date()));
});
afterEach(() => h.close());

describe('note form', () => {
  it('adds a note once something is typed and clears itself', async () => {
    const host = h.mount(<NotesSection record={record} notes={[]} />);
    const body = byLabel<HTMLTextAreaElement>(host, 'New internal note');
    expect(button(host, 'Add note').disabled).toBe(true);
    type(body, '  Ibu minta dihubungi sore hari  ');
    await submit(host, 'Add note');
    const notes = await h.db.notes.toArray();
    expect(notes.map((n) => n.body)).toEqual(['Ibu minta dihubungi sore hari']);
    expect(statusText(host)).toContain('Note added.');
    expect(body.value).toBe('');
  });

  it('says a note is too long, in the app language, and writes nothing', async () => {
    const host = h.mount(<NotesSection record={record} notes={[]} />);
    type(byLabel<HTMLTextAreaElement>(host, 'New internal note'), 'x'.repeat(20_001));
    await submit(host, 'Add note');
    expect(alerts(host)).toEqual(['Too long']);
    expect(await h.db.notes.count()).toBe(0);
  });
});

describe('task form', () => {
  it('adds a task with its due time', async () => {
    const host = h.mount(<TasksSection record={record} tasks={[]} />);
    expect(host.querySelector('form')?.noValidate).toBe(true);
    type(byLabel(host, 'Task'), 'Telepon KBRI');
    type(byLabel(host, 'Due'), '2026-03-05T14:00');
    await submit(host, 'Add task');
    const tasks = await h.db.tasks.toArray();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      title: 'Telepon KBRI',
      dueAt: new Date('2026-03-05T14:00').toISOString(),
      status: 'open',
      assigneeId: record.ownerId,
    });
    expect(statusText(host)).toContain('Task added.');
    expect(byLabel(host, 'Task').value).toBe('');
  });

  it('says a title that is too long is too long and writes nothing', async () => {
    const host = h.mount(<TasksSection record={record} tasks={[]} />);
    type(byLabel(host, 'Task'), 'x'.repeat(201));
    await submit(host, 'Add task');
    expect(alerts(host)).toEqual(['Too long']);
    expect(await h.db.tasks.count()).toBe(0);
  });
});
