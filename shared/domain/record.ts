import { z } from 'zod';
import { RevNumber, SeqNumber } from './numbers';

/** Bump when a synced schema changes shape; the server refuses versions it cannot read. */
export const SCHEMA_VERSION = 1;

export const SYNCED_TABLES = ['cases', 'contacts', 'notes', 'documents', 'referrals', 'tasks'] as const;
export const SyncedTable = z.enum(SYNCED_TABLES);
export type SyncedTable = z.infer<typeof SyncedTable>;

// UUIDv7: time-ordered, made on the client, so records sort by creation and
// the server never has to hand out ids to an offline laptop.
export const Uuid7 = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'expected a UUIDv7');
/** Any UUID, lower-case hex: the form of every record id (also tested without zod on hot paths). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const Uuid = z.string().regex(UUID_PATTERN, 'expected a UUID');
/** Keys of maps inside records (reporters, employers): no dots, they would split a leaf path. */
export const MapKey = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a key of letters, digits, _ or -');
export const IsoDateTime = z.iso.datetime({ offset: true });
export const IsoDate = z.iso.date();
export const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code');
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code');
export const E164 = z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'expected an E.164 phone number');

const text = (max: number) => z.string().max(max);
export const ShortText = text(200);
export const LongText = text(20_000);

/** Fields every synced record carries; rev/seq/updatedAt/updatedBy are stamped by the server. */
export const syncMeta = {
  id: Uuid7,
  rev: RevNumber,
  seq: SeqNumber,
  updatedAt: IsoDateTime.nullable(),
  updatedBy: z.string().max(64).nullable(),
  deleted: z.boolean(),
  /** Office that owns the record: the unit of access control. */
  officeId: z.string().min(1).max(64),
};

// The server-owned fields are defined with the other shared record rules.
export { SERVER_FIELDS } from './rules';
