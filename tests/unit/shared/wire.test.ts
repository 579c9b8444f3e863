// Compact records (shared/sync/wire.ts): over arbitrary valid records of EVERY synced table,
// expand(compact(r)) is r, through JSON as on the wire; what is left out is exactly the leaves
// equal to their schema default; and a console that only parses with the schema (today's
// console, which never calls expandRecord) reads a compact record as the same record too.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaseRecord } from '../../../shared/domain/case';
import { SYNCED_TABLES, SCHEMA_VERSION } from '../../../shared/domain/record';
import { RECORD_SCHEMAS } from '../../../shared/domain/tables';
import { flatten } from '../../../shared/sync/paths';
import { compactRecord, expandRecord, wantsCompact } from '../../../shared/sync/wire';
import { validRecords } from './wire-arbitraries';

const RUNS = 300;
const viaJson = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
/**
 * Deep, strict equality (an absent key is not an undefined one). Not toStrictEqual alone: it also
 * compares `.constructor`, which is a record's own entry when a map key is "constructor" (valid).
 */
function expectSame(actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toStrictEqual(expected);
}

describe.each(SYNCED_TABLES)('compact records of %s', (table) => {
  const schema = RECORD_SCHEMAS[table];
  const records = validRecords(schema as never) as fc.Arbitrary<Record<string, unknown>>;

  it('expand(compact(r)) deep-equals r, also through JSON', () => {
    fc.assert(
      fc.property(records, (r) => {
        const wire = compactRecord(table, r);
        expectSame(expandRecord(table, wire), r);
        expectSame(expandRecord(table, viaJson(wire)), r);
      }),
      { numRuns: RUNS },
    );
  });

  it('leaves out only leaves equal to their default, and the schema alone restores them', () => {
    fc.assert(
      fc.property(records, (r) => {
        const wire = compactRecord(table, r);
        // Never more than the full record, and every leaf sent is a leaf of r with r's value.
        const full = flatten(r);
        for (const [path, value] of Object.entries(flatten(wire))) expectSame(full[path], value);
        // The schema fills every left-out leaf back in: a console that does not expand still reads r.
        expectSame(schema.parse(viaJson(wire)), r);
      }),
      { numRuns: RUNS },
    );
  });

  it('a full record passes through expandRecord unchanged', () => {
    fc.assert(
      fc.property(records, (r) => {
        expectSame(expandRecord(table, viaJson(r)), r);
      }),
      { numRuns: 100 },
    );
  });
});

describe('compact records', () => {
  const bare = CaseRecord.parse({
    id: '0190a000-0000-7000-8000-000000000001',
    rev: 1,
    seq: 5,
    updatedAt: null,
    updatedBy: null,
    deleted: false,
    officeId: 'office-1',
    caseNumber: null,
    draftNumber: 'D-1',
    receivedAt: '2026-12-01T08:00:00.000Z',
    channel: 'phone',
    receivedBy: 'u1',
    ownerId: null,
    status: 'received',
    urgency: 'normal',
  });

  it('drops every default of a case, nested ones and whole default subtrees included', () => {
    const wire = compactRecord('cases', bare);
    // Fields without a default stay, even null ones: only a default can be restored.
    expect(Object.keys(wire).sort()).toEqual(
      [
        'id',
        'rev',
        'seq',
        'updatedAt',
        'updatedBy',
        'deleted',
        'officeId',
        'caseNumber',
        'draftNumber',
        'receivedAt',
        'channel',
        'receivedBy',
        'ownerId',
        'status',
        'urgency',
      ].sort(),
    );
    const withWorker = compactRecord('cases', {
      ...bare,
      worker: { ...bare.worker, fullName: 'Siti' },
      reporters: {
        r1: { ...CaseRecordReporter(), name: 'Ibu Sumiati', role: 'family', relationship: 'parent' },
      },
    });
    expect(withWorker.worker).toEqual({ fullName: 'Siti' });
    expect(withWorker.reporters).toEqual({
      r1: { name: 'Ibu Sumiati', role: 'family', relationship: 'parent' },
    });
    expect(JSON.stringify(wire).length).toBeLessThan(JSON.stringify(bare).length / 2);
  });

  it('keeps keys the schema does not know, both ways', () => {
    const future = { ...bare, futureField: 'x' };
    expect(compactRecord('cases', future).futureField).toBe('x');
    expect(expandRecord('cases', { ...compactRecord('cases', bare), futureField: 'x' }).futureField).toBe(
      'x',
    );
  });

  it('a restored default is a fresh copy, never shared between records', () => {
    const a = expandRecord('cases', compactRecord('cases', bare));
    const b = expandRecord('cases', compactRecord('cases', bare));
    (a.worker as { aliases: string[] }).aliases.push('changed');
    expect((b.worker as { aliases: string[] }).aliases).toEqual([]);
    expect(bare.worker.aliases).toEqual([]);
  });

  it('compacts only for the server’s own schema version', () => {
    expect(wantsCompact(SCHEMA_VERSION)).toBe(true);
    expect(wantsCompact(undefined)).toBe(false);
    expect(wantsCompact(SCHEMA_VERSION + 1)).toBe(false);
  });
});

/** A reporter's defaults as the schema gives them. */
function CaseRecordReporter(): Record<string, unknown> {
  const parsed = CaseRecord.shape.reporters.parse({
    k: { name: 'x', role: 'family', relationship: 'parent' },
  });
  const { name: _n, role: _r, relationship: _rel, ...defaults } = parsed.k!;
  return defaults;
}
