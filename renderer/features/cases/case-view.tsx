import { useTranslation } from 'react-i18next';
import { promiseState } from '../../../shared/domain/follow-up';
import { useLiveQuery } from 'dexie-react-hooks';
import { enumKey } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { useUiStore } from '../../stores/ui-store';
import { StatusBadge, UrgencyBadge } from '../../ui/badge';
import { AuditTimeline } from '../case-file/audit-timeline';
import { ContactLog } from '../case-file/contact-log';
import { endOfLocalDay } from '../case-file/datetime';
import { DocumentsSection } from '../case-file/documents-section';
import { NotesSection, TasksSection } from '../case-file/notes-tasks';
import { EmployersAgencySection, ReportersSection, WorkerSection } from '../case-file/parties';
import { ReferralsSection } from '../case-file/referrals-section';
import { Fact } from '../case-file/section';
import { ConflictInbox } from '../sync';
import { useRepository } from '../sync/sync-context';
import { PartiesEditForm } from '../case-file/parties-edit-form';
import { CaseEditForm } from './case-edit-form';
import { HandoverForm } from './handover-form';
import { CaseOwner } from './ownership';

/** The case file: header with the promise in force, then parties, documents, contacts, notes, referrals, tasks, audit. */
export function CaseViewScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  const navigate = useUiStore((state) => state.navigate);
  const repository = useRepository();
  const file = useLiveQuery(async () => (await repository.getCaseFile(id)) ?? null, [repository, id]);
  const pending = useLiveQuery(() => repository.pendingForRecord('cases', id), [repository, id]) ?? 0;
  // The local conflicts table is the truth on this laptop; the record's counter only arrives with a pull.
  const localConflicts = useLiveQuery(() => repository.openConflictCount(id), [repository, id]) ?? 0;

  if (file === undefined) return <p className="empty">{t('app.loading')}</p>;
  if (file === null) return <p className="empty">{t('caseView.notFound')}</p>;
  const record = file.case;
  const number = record.caseNumber ?? record.draftNumber;
  const now = Date.now();
  const promise = promiseState(record, file.contacts, new Date(now).toISOString(), endOfLocalDay(now));
  const recordIds = [
    record.id,
    ...file.contacts.map((r) => r.id),
    ...file.notes.map((r) => r.id),
    ...file.documents.map((r) => r.id),
    ...file.referrals.map((r) => r.id),
    ...file.tasks.map((r) => r.id),
  ];

  return (
    <section className="screen" aria-labelledby="case-title">
      <button type="button" className="link-button back-link" onClick={() => navigate({ name: 'cases' })}>
        ← {t('common.back')}
      </button>
      <header className={`case-header case-header--${record.urgency}`} aria-label={t('caseView.header')}>
        <div className="case-header__title">
          <h1 id="case-title">{t('caseView.title', { number })}</h1>
          <StatusBadge status={record.status} />
          <UrgencyBadge urgency={record.urgency} />
          {record.dangerSigns.map((sign) => (
            <span key={sign} className="tag tag--danger">
              {t(enumKey('dangerSign', sign))}
            </span>
          ))}
        </div>
        {record.caseNumber === null ? <p className="case-header__hint">{t('caseView.draftHint')}</p> : null}
        <dl className="facts facts--inline">
          <Fact label={t('caseFile.nextUpdate')}>
            <span
              data-testid="next-promise"
              className={promise.overdue ? 'text-danger' : promise.dueToday ? 'text-warn' : ''}
            >
              {formatDateTime(promise.dueAt, language)}
              {promise.overdue
                ? ` · ${t('caseFile.overdue')}`
                : promise.dueToday
                  ? ` · ${t('caseFile.dueToday')}`
                  : ''}
            </span>
          </Fact>
          <Fact label={t('caseView.receivedAt')}>{formatDateTime(record.receivedAt, language)}</Fact>
          <Fact label={t('caseView.channel')}>{t(enumKey('channel', record.channel))}</Fact>
          <Fact label={t('caseView.owner')}>
            <CaseOwner record={record} />
          </Fact>
          <Fact label={t('caseView.openConflicts')}>
            <span className={record.openConflicts > 0 ? 'text-danger' : ''}>
              {String(record.openConflicts)}
            </span>
          </Fact>
          <Fact label={t('caseView.pendingChanges')}>
            <span data-testid="case-pending">{String(pending)}</span>
          </Fact>
        </dl>
        <p className="case-header__summary">{record.summary}</p>
        {record.mainProblem || record.problemTypes.length > 0 ? (
          <p className="case-header__problems">
            {[...new Set([...(record.mainProblem ? [record.mainProblem] : []), ...record.problemTypes])].map(
              (p) => (
                <span key={p} className={`tag${p === record.mainProblem ? ' tag--main' : ''}`}>
                  {t(enumKey('problemType', p))}
                </span>
              ),
            )}
          </p>
        ) : null}
        <nav className="case-nav" aria-label={t('caseFile.sections')}>
          {(['contacts', 'documents', 'referrals', 'tasks', 'notes', 'audit'] as const).map((s) => (
            <a
              key={s}
              href={`#case-${s}`}
              onClick={(e) => (e.preventDefault(), document.getElementById(`case-${s}`)?.scrollIntoView())}
            >
              {t(`caseFile.nav.${s}`)}
            </a>
          ))}
        </nav>
      </header>

      {localConflicts > 0 || record.openConflicts > 0 ? (
        <section className="panel panel--wide case-conflicts" data-testid="case-conflicts">
          <ConflictInbox caseId={id} />
        </section>
      ) : null}
      <div className="case-grid">
        <ReportersSection record={record} />
        <WorkerSection record={record} />
        <EmployersAgencySection record={record} />
        <section className="panel" aria-labelledby="case-story">
          <h2 id="case-story">{t('caseFile.story')}</h2>
          <dl className="facts facts--stack">
            <Fact label={t('intake.demands')}>{record.demands}</Fact>
            <Fact label={t('intake.chronology')}>
              {record.chronology ? <span className="prewrap">{record.chronology}</span> : ''}
            </Fact>
          </dl>
        </section>
        <ContactLog record={record} contacts={file.contacts} />
        <DocumentsSection caseId={record.id} documents={file.documents} />
        <ReferralsSection record={record} referrals={file.referrals} />
        <TasksSection record={record} tasks={file.tasks} />
        <NotesSection record={record} notes={file.notes} />
        <section className="panel panel--wide">
          <CaseEditForm key={`${record.id}:${record.rev}:${record.status}`} record={record} />
        </section>
        <PartiesEditForm record={record} />
        <HandoverForm record={record} />
        <AuditTimeline recordIds={recordIds} />
      </div>
    </section>
  );
}
