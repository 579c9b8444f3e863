import { useTranslation } from 'react-i18next';
import { defaultReplyDue } from '../../../shared/domain/follow-up';
import type { ReferralRecord } from '../../../shared/domain/events';
import type { LocalCase } from '../../db/database';
import { enumKey } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { useUiStore } from '../../stores/ui-store';
import { AppForm } from '../../ui/app-form';
import { bindField } from '../../ui/bind-field';
import { RegisteredEnumSelect, RegisteredInput } from '../../ui/registered-fields';
import { useZodForm } from '../../ui/use-zod-form';
import { useRepository } from '../sync/sync-context';
import { ReferralForm, ReplyForm, toReferralInput } from './case-file-forms';
import type { ReferralFormValues } from './case-file-forms';
import { fromLocalInput, toLocalInput } from './datetime';
import { Section } from './section';
import { useSaver } from './use-saver';

function emptyValues(urgency: LocalCase['urgency']): ReferralFormValues {
  const now = new Date(Date.now()).toISOString();
  return {
    kind: 'letter',
    target: 'mission',
    recipient: '',
    letterNumber: '',
    subject: '',
    sentAt: toLocalInput(now),
    replyDue: toLocalInput(defaultReplyDue(now, urgency)),
    stage: 'none',
  };
}

/** Referrals and formal letters with their reply deadline (7 days; 48 hours when urgent), stage and reply. */
export function ReferralsSection({ record, referrals }: { record: LocalCase; referrals: ReferralRecord[] }) {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  const repository = useRepository();
  const saver = useSaver();
  const form = useZodForm(ReferralForm, emptyValues(record.urgency));
  const onSent = () => {
    const iso = fromLocalInput(form.getValues('sentAt'));
    // The reply deadline follows the sending time.
    if (iso) form.setValue('replyDue', toLocalInput(defaultReplyDue(iso, record.urgency)));
  };
  const onSubmit = form.handleSubmit(async (values) => {
    const ok = await saver.run(
      () => repository.createRecord('referrals', toReferralInput(record, values)),
      t('caseFile.referralSaved'),
    );
    if (ok) form.reset(emptyValues(record.urgency));
  });
  const now = Date.now();
  return (
    <Section id="case-referrals" title={t('caseFile.referrals')} wide>
      <AppForm className="form form--compact" onSubmit={onSubmit} aria-label={t('caseFile.newReferral')}>
        <div className="form__grid">
          <RegisteredEnumSelect
            id="rf-kind"
            label={t('caseFile.referralKind')}
            enumName="referralKind"
            {...bindField(form, 'kind')}
          />
          <RegisteredEnumSelect
            id="rf-target"
            label={t('caseFile.referralTarget')}
            enumName="referralTarget"
            {...bindField(form, 'target')}
          />
          <RegisteredInput
            id="rf-recipient"
            label={t('caseFile.recipient')}
            {...bindField(form, 'recipient')}
          />
          <RegisteredInput
            id="rf-number"
            label={t('caseFile.letterNumber')}
            {...bindField(form, 'letterNumber')}
          />
          <RegisteredInput
            id="rf-subject"
            label={t('caseFile.subject')}
            wide
            {...bindField(form, 'subject')}
          />
          <RegisteredInput
            id="rf-sent"
            label={t('caseFile.sentAt')}
            type="datetime-local"
            {...bindField(form, 'sentAt', { onChange: onSent })}
          />
          <RegisteredInput
            id="rf-due"
            label={t('caseFile.replyDue')}
            type="datetime-local"
            {...bindField(form, 'replyDue')}
          />
          <RegisteredEnumSelect
            id="rf-stage"
            label={t('caseFile.stage')}
            enumName="referralStage"
            {...bindField(form, 'stage')}
          />
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={form.formState.isSubmitting}>
            {t('caseFile.addReferral')}
          </button>
          {saver.notice}
        </div>
      </AppForm>
      {referrals.length === 0 ? <p className="empty">{t('caseFile.noReferrals')}</p> : null}
      <ul className="referral-list">
        {referrals.map((ref) => {
          const late = ref.status === 'sent' && ref.replyDueAt !== null && Date.parse(ref.replyDueAt) < now;
          return (
            <li key={ref.id} className={`referral${late ? ' referral--late' : ''}`}>
              <div className="referral__head">
                <strong>{ref.recipient}</strong>
                <span className="muted">
                  {t(enumKey('referralKind', ref.kind))} · {t(enumKey('referralTarget', ref.target))}
                  {ref.letterNumber ? ` · ${ref.letterNumber}` : ''}
                  {ref.stage !== 'none' ? ` · ${t(enumKey('referralStage', ref.stage))}` : ''}
                </span>
                <span className={`tag ${late ? 'tag--danger' : ''}`}>
                  {late ? t('caseFile.replyLate') : t(enumKey('referralStatus', ref.status))}
                </span>
              </div>
              {ref.subject ? <p>{ref.subject}</p> : null}
              <p className="muted">
                {t('caseFile.sentLine', {
                  sent: formatDateTime(ref.sentAt, language) || '—',
                  due: formatDateTime(ref.replyDueAt, language) || '—',
                })}
              </p>
              {ref.status === 'replied' ? (
                <p className="referral__reply">
                  {t('caseFile.replyLine', {
                    when: formatDateTime(ref.repliedAt, language),
                    text: ref.reply,
                  })}
                </p>
              ) : (
                <ReplyEntry referral={ref} onSave={saver.run} />
              )}
            </li>
          );
        })}
      </ul>
    </Section>
  );
}

/** The reply to one sent referral: its own small form, so each referral keeps what is typed for it. */
function ReplyEntry({
  referral,
  onSave,
}: {
  referral: ReferralRecord;
  onSave: ReturnType<typeof useSaver>['run'];
}) {
  const { t } = useTranslation();
  const repository = useRepository();
  const form = useZodForm(ReplyForm, { reply: '' });
  const id = `rf-reply-${referral.id}`;
  const save = form.handleSubmit(async ({ reply }) => {
    await onSave(
      () =>
        repository.updateRecord('referrals', referral.id, {
          reply,
          status: 'replied',
          repliedAt: new Date(Date.now()).toISOString(),
        }),
      t('caseFile.replySaved'),
    );
  });
  return (
    // No name of its own: the reply field's label would then name two elements.
    <AppForm className="inline-form" onSubmit={save}>
      <RegisteredInput
        id={id}
        label={t('caseFile.reply')}
        hideLabel
        placeholder={t('caseFile.reply')}
        {...bindField(form, 'reply')}
      />
      <button type="submit" className="button" disabled={form.formState.isSubmitting}>
        {t('caseFile.recordReply')}
      </button>
    </AppForm>
  );
}
