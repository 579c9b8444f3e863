// The case file's small forms (contact, referral, reply, note, task) as zod
// schemas over the values as typed, for react-hook-form's zodResolver, and
// their mapping to record inputs. The enums and length limits are the shared
// record schemas' own (shared/domain), so a form cannot accept what the record
// refuses; messages are i18n keys (Field translates them). The repository
// still validates the record with the shared schema before it writes.
import { z } from 'zod';
import { promiseBeyondCadence } from '../../../shared/domain/date-rules';
import { ContactRecord, ReferralRecord } from '../../../shared/domain/events';
import { ReferralStage } from '../../../shared/domain/enums';
import type { Urgency } from '../../../shared/domain/enums';
import { PROMISE_CADENCE_DAYS } from '../../../shared/domain/follow-up';
import { IsoDateTime, LongText, ShortText } from '../../../shared/domain/record';
import type { LocalCase } from '../../db/database';
import type { NewRecord } from '../../db/repository';
import type { WarningRule } from '../../ui/warnings';
import type { ContactDraftValues } from '../cases/contact-draft-store';
import { fromLocalInput } from './datetime';

const limitOf = (schema: z.ZodString) => schema.maxLength ?? Number.MAX_SAFE_INTEGER;
/** Free text within the shared schema's limit, trimmed. */
const text = (limit: z.ZodString) => z.string().trim().max(limitOf(limit), 'validation.tooLong');
const requiredText = (limit: z.ZodString, message = 'validation.required') =>
  z.string().trim().min(1, message).max(limitOf(limit), 'validation.tooLong');

const isInstant = (value: string) => {
  const iso = fromLocalInput(value);
  return iso !== null && IsoDateTime.safeParse(iso).success;
};
/** A `datetime-local` value that must be a date. */
const localDateTime = z.string().refine(isInstant, 'validation.invalidDate');
/** A `datetime-local` value that may be empty; typed, it must be a date (never dropped silently). */
const optionalLocalDateTime = z
  .string()
  .refine((value) => value.trim() === '' || isInstant(value), 'validation.invalidDate');

/** The contact form's "another party" option (not a reporter key: those are letters, digits, _ and -). */
export const OTHER_PARTY = '__other';

export const ContactForm = z.object({
  at: localDateTime,
  direction: ContactRecord.shape.direction,
  channel: ContactRecord.shape.channel,
  party: z.string(),
  partyName: requiredText(ShortText, 'caseFile.partyRequired'),
  numberUsed: text(ShortText),
  result: ContactRecord.shape.result,
  toldFamily: text(LongText),
  notes: text(LongText),
  nextPromise: optionalLocalDateTime,
}) satisfies z.ZodType<unknown, ContactDraftValues>;
export type ContactFormValues = z.input<typeof ContactForm>;

/**
 * The contact form's warning: a promise later than the cadence of the case's
 * urgency (the family would wait longer than the desk's rule allows). Saved
 * if the operator keeps it; `urgencyLabel` is the urgency in the app's language.
 */
export const contactWarnings = (urgency: Urgency, urgencyLabel: string): WarningRule<ContactFormValues>[] => [
  ({ at, nextPromise }) => {
    const from = fromLocalInput(at);
    const promise = fromLocalInput(nextPromise);
    if (!from || !promise || !promiseBeyondCadence(from, promise, urgency)) return {};
    return {
      nextPromise: {
        key: 'warning.promiseBeyondCadence',
        params: { days: PROMISE_CADENCE_DAYS[urgency], urgency: urgencyLabel },
      },
    };
  },
];

export function toContactInput(
  record: Pick<LocalCase, 'id' | 'officeId'>,
  form: z.output<typeof ContactForm>,
  authorId: string,
): NewRecord<'contacts'> {
  return {
    caseId: record.id,
    // Both parse: the schema checked them.
    at: fromLocalInput(form.at) ?? '',
    direction: form.direction,
    channel: form.channel,
    reporterKey: form.party === OTHER_PARTY ? null : form.party,
    partyName: form.partyName,
    numberUsed: form.numberUsed || null,
    result: form.result,
    toldFamily: form.toldFamily,
    notes: form.notes,
    nextPromiseAt: fromLocalInput(form.nextPromise),
    authorId,
    officeId: record.officeId,
  };
}

export const ReferralForm = z.object({
  kind: ReferralRecord.shape.kind,
  target: ReferralRecord.shape.target,
  recipient: requiredText(ShortText, 'caseFile.recipientRequired'),
  letterNumber: text(ShortText),
  subject: text(ShortText),
  sentAt: optionalLocalDateTime,
  replyDue: optionalLocalDateTime,
  stage: ReferralStage,
});
export type ReferralFormValues = z.input<typeof ReferralForm>;

export function toReferralInput(
  record: Pick<LocalCase, 'id' | 'officeId'>,
  form: z.output<typeof ReferralForm>,
): NewRecord<'referrals'> {
  const sentAt = fromLocalInput(form.sentAt);
  return {
    caseId: record.id,
    kind: form.kind,
    target: form.target,
    recipient: form.recipient,
    letterNumber: form.letterNumber || null,
    subject: form.subject,
    sentAt,
    replyDueAt: fromLocalInput(form.replyDue),
    stage: form.stage,
    status: sentAt ? 'sent' : 'draft',
    officeId: record.officeId,
  };
}

/** The reply recorded on a referral that was sent. */
export const ReplyForm = z.object({ reply: text(LongText) });

export const NoteForm = z.object({ body: requiredText(LongText) });

export const TaskForm = z.object({ title: requiredText(ShortText), due: optionalLocalDateTime });
