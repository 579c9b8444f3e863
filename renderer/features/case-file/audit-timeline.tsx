import { useTranslation } from 'react-i18next';
import type { AuditCacheRow, OutboxRow } from '../../db/database';
import { useLiveQuery } from 'dexie-react-hooks';
import { formatDateTime } from '../../i18n/format';
import { useUiStore } from '../../stores/ui-store';
import { usePeople } from '../people/use-people';
import { useRepository } from '../sync/sync-context';
import { Section } from './section';

interface Entry {
  key: string;
  at: string;
  /** The user id; named through the office directory when shown. */
  who: string | null;
  what: string;
  changes: { path: string; to: unknown }[];
  pending: boolean;
}

/** Bookkeeping leaves every create carries; they say nothing to a reader of the timeline. */
const HIDDEN_PATHS = new Set(['id', 'deleted', 'officeId', 'caseId', 'rev', 'seq', 'updatedAt', 'updatedBy']);
const readable = (changes: Entry['changes']) => changes.filter((c) => !HIDDEN_PATHS.has(c.path));

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
const MAX_CHANGES = 6;

function fromAudit(row: AuditCacheRow): Entry {
  return {
    key: `a${row.seq}`,
    at: row.at,
    who: row.actorId,
    what: `${row.table ?? ''} ${row.action}`.trim(),
    changes: readable(row.changes.map((c) => ({ path: c.path, to: c.to }))),
    pending: false,
  };
}

function fromOutbox(row: OutboxRow): Entry {
  return {
    key: `o${row.mutationId}`,
    at: row.clientTime,
    who: row.actorId,
    what: `${row.table} ${row.op}`,
    changes: readable(Object.entries(row.patch).map(([path, to]) => ({ path, to }))),
    pending: true,
  };
}

/**
 * Who changed what and when: the server's audit entries cached by sync, plus
 * this device's changes still waiting in the outbox (so the timeline is
 * never empty offline).
 */
export function AuditTimeline({ recordIds }: { recordIds: string[] }) {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  const repository = useRepository();
  const people = usePeople();
  const key = recordIds.join(',');
  const entries = useLiveQuery(async () => {
    const ids = key.split(',');
    const [audit, outbox] = await Promise.all([repository.auditFor(ids), repository.outboxHistory(ids)]);
    const sent = new Set(audit.map((a) => a.mutationId));
    return [...audit.map(fromAudit), ...outbox.filter((o) => !sent.has(o.mutationId)).map(fromOutbox)].sort(
      (a, b) => b.at.localeCompare(a.at),
    );
  }, [repository, key]);
  return (
    <Section id="case-audit" title={t('caseFile.audit')} wide>
      {entries?.length === 0 ? <p className="empty">{t('caseFile.noAudit')}</p> : null}
      <ol className="audit">
        {(entries ?? []).slice(0, 100).map((entry) => (
          <li key={entry.key} className="audit__item">
            <span className="audit__when">{formatDateTime(entry.at, language)}</span>
            <span className="audit__who">{people.name(entry.who)}</span>
            <span className="audit__what">{entry.what}</span>
            {entry.pending ? <span className="tag tag--warn">{t('caseFile.notSent')}</span> : null}
            <span className="audit__changes">
              {entry.changes
                .slice(0, MAX_CHANGES)
                .map((c) => `${c.path} → ${show(c.to)}`)
                .join('; ')}
              {entry.changes.length > MAX_CHANGES
                ? ` ${t('caseFile.moreChanges', { count: entry.changes.length - MAX_CHANGES })}`
                : ''}
            </span>
          </li>
        ))}
      </ol>
    </Section>
  );
}
