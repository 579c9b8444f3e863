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

/**
 * The file of a document as the server stored it (issue 16): set only by the server when an upload
 * completes and passes its checks (server/files/), never by a client (a server-owned field).
 */
export const StoredFile = z.object({
  /** SHA-256 of the whole file, lower-case hex: the blob's address and the download's ETag. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: CountNumber,
  /** The uploader's file name, sanitized (no path, no control characters). */
  name: ShortText,
  /** The type the server detected from the bytes (magic numbers), not the one the client claimed. */
  type: ShortText,
  storedBy: z.string().max(64),
  storedAt: IsoDateTime,
  /** Versions stored for this document so far (1 for the first file; a replacement adds one). */
  version: CountNumber,
});
export type StoredFile = z.infer<typeof StoredFile>;

/** Dokumen: one checklist item of a case; its file travels to the server by tus (storedFile). */
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
  /** Server-owned: the file as stored on the server, or null while it is on a device only. */
  storedFile: opt(StoredFile),
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
