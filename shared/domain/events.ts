// Records that hang off a case. Contacts and notes are append-only events:
// each is written once by its author and never edited by anyone else, so they
// never conflict. Documents, referrals and tasks carry a few mutable fields.
import { z } from 'zod';
import {
  Channel,
  ContactDirection,
  ContactResult,
  DocumentStatus,
  DocumentType,
  ReferralKind,
  ReferralStage,
  ReferralStatus,
  ReferralTarget,
  TaskStatus,
} from './enums';
import { CountNumber } from './numbers';
import { IsoDateTime, LongText, ShortText, Uuid7, syncMeta } from './record';

const opt = <T extends z.ZodType>(schema: T) => schema.nullable().default(null);

/** Kontak: one call, message or visit with the family or another party. */
export const ContactRecord = z.object({
  ...syncMeta,
  caseId: Uuid7,
  at: IsoDateTime,
  direction: ContactDirection,
  channel: Channel,
  /** Reporter key on the case, or null for another party (agency, mission...). */
  reporterKey: opt(ShortText),
  partyName: ShortText.default(''),
  numberUsed: opt(ShortText),
  result: ContactResult,
  /** What the family was told. "No news yet" counts and is logged. */
  toldFamily: LongText.default(''),
  notes: LongText.default(''),
  /** The next update promised to the family (janji kabar). */
  nextPromiseAt: opt(IsoDateTime),
  authorId: z.string().max(64),
});
export type ContactRecord = z.infer<typeof ContactRecord>;

/** Catatan internal: never shown or sent to reporters. */
export const NoteRecord = z.object({
  ...syncMeta,
  caseId: Uuid7,
  at: IsoDateTime,
  body: LongText.min(1),
  authorId: z.string().max(64),
});
export type NoteRecord = z.infer<typeof NoteRecord>;

/** Dokumen: one checklist item of a case. The file itself stays encrypted on the laptop that received it. */
export const DocumentRecord = z.object({
  ...syncMeta,
  caseId: Uuid7,
  type: DocumentType,
  status: DocumentStatus,
  note: ShortText.default(''),
  requestedAt: opt(IsoDateTime),
  receivedAt: opt(IsoDateTime),
  verifiedAt: opt(IsoDateTime),
  fileName: opt(ShortText),
  fileSize: opt(CountNumber),
  fileSha256: opt(z.string().regex(/^[0-9a-f]{64}$/)),
});
export type DocumentRecord = z.infer<typeof DocumentRecord>;

/** Rujukan / Surat: a referral or a formal letter with a reply deadline. */
export const ReferralRecord = z.object({
  ...syncMeta,
  caseId: Uuid7,
  kind: ReferralKind,
  target: ReferralTarget,
  recipient: ShortText.min(1),
  letterNumber: opt(ShortText),
  subject: ShortText.default(''),
  sentAt: opt(IsoDateTime),
  replyDueAt: opt(IsoDateTime),
  stage: ReferralStage.default('none'),
  status: ReferralStatus,
  reply: LongText.default(''),
  repliedAt: opt(IsoDateTime),
});
export type ReferralRecord = z.infer<typeof ReferralRecord>;

/** Tugas: a follow-up task. */
export const TaskRecord = z.object({
  ...syncMeta,
  caseId: Uuid7,
  title: ShortText.min(1),
  dueAt: opt(IsoDateTime),
  assigneeId: opt(z.string().max(64)),
  status: TaskStatus,
  completedAt: opt(IsoDateTime),
  completedBy: opt(z.string().max(64)),
});
export type TaskRecord = z.infer<typeof TaskRecord>;
