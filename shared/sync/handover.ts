// Handing a case over to another office (issue 17): the request a supervisor
// sends, its answer, and the moves a sending office's consoles read to drop
// the cases they no longer hold (POST /v1/cases/:id/handover, GET /v1/cases/moved).
import { z } from 'zod';
import { IsoDateTime, Uuid } from '../domain/record';
import { storable } from './protocol';

export const HandoverInput = z.object({
  /** The receiving office's code (what staff know offices by, and what case numbers carry). */
  toOfficeCode: storable(z.string().regex(/^[A-Z0-9]{2,10}$/, 'expected an office code')),
  /** Why: stored as the case's closure reason and in both offices' audit. */
  reason: storable(z.string().trim().min(1).max(2000)),
});
export type HandoverInput = z.infer<typeof HandoverInput>;

export const HandoverResponse = z.object({
  caseId: Uuid,
  toOffice: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  records: z.number().int(),
  rev: z.number().int(),
});
export type HandoverResponse = z.infer<typeof HandoverResponse>;

export const MovedQuery = z.object({
  cursor: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

export const CaseMove = z.object({
  seq: z.number().int(),
  caseId: Uuid,
  toOfficeId: z.string(),
  at: IsoDateTime,
});
export type CaseMove = z.infer<typeof CaseMove>;

export const MovedResponse = z.object({
  moves: z.array(CaseMove),
  cursor: z.number().int(),
  hasMore: z.boolean(),
});
export type MovedResponse = z.infer<typeof MovedResponse>;
