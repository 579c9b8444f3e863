import { useTranslation } from 'react-i18next';
import type { ContactRecord } from '../../../shared/domain/events';
import type { LocalCase } from '../../db/database';
import { enumKey } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { useUiStore } from '../../stores/ui-store';
import { usePeople } from '../people/use-people';
import { ContactEntryForm } from './contact-form';
import { Section } from './section';

/** Append-only contact log: every call, message or visit, and the next update promised to the family. */
export function ContactLog({ record, contacts }: { record: LocalCase; contacts: ContactRecord[] }) {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  const people = usePeople();
  const newestFirst = [...contacts].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <Section id="case-contacts" title={t('caseFile.contactLog')} wide>
      {/* Keyed by case: the form's values and draft belong to one case. */}
      <ContactEntryForm key={record.id} record={record} />
      {newestFirst.length === 0 ? <p className="empty">{t('caseFile.noContacts')}</p> : null}
      <ol className="timeline" aria-label={t('caseFile.contactLog')}>
        {newestFirst.map((c) => (
          <li key={c.id} className="timeline__item" data-testid="contact-entry">
            <div className="timeline__head">
              <strong>{formatDateTime(c.at, language)}</strong>
              <span>
                {t(enumKey('contactDirection', c.direction))} · {t(enumKey('channel', c.channel))} ·{' '}
                {c.partyName}
                {c.numberUsed ? ` · ${c.numberUsed}` : ''}
              </span>
              <span className="muted" data-testid="contact-author">
                {people.name(c.authorId)}
              </span>
              <span className={`tag tag--result-${c.result}`}>{t(enumKey('contactResult', c.result))}</span>
            </div>
            {c.toldFamily ? <p>{t('caseFile.toldLine', { text: c.toldFamily })}</p> : null}
            {c.notes ? <p className="muted">{c.notes}</p> : null}
            {c.nextPromiseAt ? (
              <p className="timeline__promise">
                {t('caseFile.promiseLine', { when: formatDateTime(c.nextPromiseAt, language) })}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </Section>
  );
}
