// The chaos oracle must be able to fail: fed hand-made histories of what a
// wrong server would do (refuse a valid edit, drop a leaf that did not
// conflict, apply what it must refuse), it reports a problem for each; fed the
// right history, none.
import { describe, expect, it } from 'vitest';
import type { AttentionRow, OutboxRow } from '../../renderer/db/database';
import type { AuditEntry, Conflict } from '../../shared/sync/protocol';

type AuditChange = AuditEntry['changes'][number];
import { checkInvariants, NO_REFUSAL, type OracleInput, type RefusalPolicy } from './oracle';

const CASE = '01900000-0000-7000-8000-000000000001';
const AT = '2026-01-05T03:00:00.000Z';
const id = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;

function mutation(n: number, fields: Partial<OutboxRow>): OutboxRow {
  return {
    mutationId: id(n),
    table: 'cases',
    recordId: CASE,
    op: 'update',
    baseRev: 1,
    patch: {},
    prior: {},
    clientTime: AT,
    actorId: 'op0',
    deviceId: 'device-op0',
    ...fields,
  };
}

function entry(
  seq: number,
  m: OutboxRow,
  outcome: string,
  changes: AuditChange[] = [],
  more = {},
): AuditEntry {
  return {
    seq,
    at: AT,
    clientTime: AT,
    actorId: m.actorId,
    deviceId: m.deviceId,
    action: `push.${m.op}`,
    table: m.table,
    recordId: m.recordId,
    mutationId: m.mutationId,
    baseRev: m.baseRev,
    rev: seq,
    changes,
    outcome,
    prevHash: 'x',
    hash: 'y',
    ...more,
  };
}

function conflict(n: number, m: OutboxRow, path: string, status: 'open' | 'resolved' = 'open'): Conflict {
  return {
    id: id(n),
    table: 'cases',
    recordId: CASE,
    caseId: CASE,
    officeId: 'o1',
    path,
    base: 'a',
    server: 'x',
    client: m.patch[path] ?? null,
    serverActorId: 'op1',
    serverAt: AT,
    clientActorId: m.actorId,
    clientAt: AT,
    mutationId: m.mutationId,
    status,
    resolvedBy: null,
    resolvedAt: null,
    seq: 1,
  };
}

function refused(m: OutboxRow, code: string): AttentionRow {
  return {
    mutationId: m.mutationId,
    recordId: m.recordId,
    table: m.table,
    outcome: 'rejected',
    error: { code, message: code },
    at: AT,
  };
}

// A case created, edited by op1 (summary a -> x), then op0 edits from the old version.
const create = mutation(1, {
  op: 'create',
  baseRev: 0,
  patch: { officeId: 'o1', summary: 'a', urgency: 'normal' },
});
const byOther = mutation(2, {
  actorId: 'op1',
  deviceId: 'device-op1',
  patch: { summary: 'x' },
  prior: { summary: 'a' },
});
const stale = mutation(3, {
  patch: { summary: 'c', urgency: 'urgent' },
  prior: { summary: 'a', urgency: 'normal' },
});
const history = [
  entry(1, create, 'applied', [{ path: 'summary', from: null, to: 'a' }]),
  entry(2, byOther, 'applied', [{ path: 'summary', from: 'a', to: 'x' }]),
];

function input(audit: AuditEntry[], more: Partial<OracleInput> = {}): OracleInput {
  const mutations = new Map([create, byOther, stale].map((m) => [m.mutationId, m]));
  return { mutations, audit, attention: [], conflicts: [], refusals: () => NO_REFUSAL, ...more };
}

describe('chaos oracle', () => {
  const rightConflict = entry(3, stale, 'conflict', [{ path: 'urgency', from: 'normal', to: 'urgent' }]);

  it('accepts a conflict that applied the leaf that did not conflict', () => {
    const problems = checkInvariants(
      input([...history, rightConflict], { conflicts: [conflict(9, stale, 'summary')] }),
    );
    expect(problems).toEqual([]);
  });

  it('reports a conflict that dropped a non-conflicting leaf', () => {
    const dropped = entry(3, stale, 'conflict', []);
    const problems = checkInvariants(
      input([...history, dropped], { conflicts: [conflict(9, stale, 'summary')] }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^dropped leaf: .*urgency="normal" with outcome conflict/),
    ]);
  });

  it('reports a conflict that overwrote the leaf it opened the conflict on', () => {
    const overwrote = entry(3, stale, 'conflict', [
      { path: 'summary', from: 'x', to: 'c' },
      { path: 'urgency', from: 'normal', to: 'urgent' },
    ]);
    const problems = checkInvariants(
      input([...history, overwrote], { conflicts: [conflict(9, stale, 'summary')] }),
    );
    expect(problems).toEqual([expect.stringMatching(/^conflicting leaf summary overwritten/)]);
  });

  it('reports an edit applied over a value its author never saw', () => {
    const silent = entry(3, stale, 'merged', [
      { path: 'summary', from: 'x', to: 'c' },
      { path: 'urgency', from: 'normal', to: 'urgent' },
    ]);
    expect(checkInvariants(input([...history, silent]))).toEqual([
      expect.stringMatching(/^silent overwrite: /),
    ]);
  });

  it('reports a valid edit the server refused, though it reached attention', () => {
    const wrong = entry(3, stale, 'rejected', [], {
      detail: 'not_found: cases/x does not exist on the server',
    });
    const problems = checkInvariants(
      input([...history, wrong], { attention: [refused(stale, 'not_found')] }),
    );
    expect(problems).toEqual([expect.stringMatching(/^wrongly refused .*not_found/)]);
  });

  it('reports a mutation neither settled nor refused as lost', () => {
    expect(checkInvariants(input(history))).toEqual([expect.stringMatching(/^lost mutation /)]);
  });

  describe('refusals the scenario provokes', () => {
    const foreign = mutation(4, {
      op: 'create',
      recordId: id(40),
      baseRev: 0,
      patch: { officeId: 'elsewhere' },
    });
    const firstResolve = mutation(5, {
      op: 'resolve',
      conflictId: id(9),
      patch: { summary: 'x' },
      prior: { summary: 'c' },
    });
    const again = mutation(6, {
      op: 'resolve',
      conflictId: id(9),
      patch: { summary: 'c' },
      prior: { summary: 'x' },
    });
    const policy = (m: OutboxRow): RefusalPolicy =>
      m.op === 'resolve'
        ? { codes: ['already_resolved'], required: false }
        : m.patch.officeId === 'elsewhere'
          ? { codes: ['forbidden_office'], required: true }
          : NO_REFUSAL;
    const withAll = (audit: AuditEntry[], ms: OutboxRow[], attention: AttentionRow[]) => {
      const base = input([...history, rightConflict, ...audit], {
        conflicts: [conflict(9, stale, 'summary', 'resolved')],
        attention,
        refusals: policy,
      });
      for (const m of ms) base.mutations.set(m.mutationId, m);
      return base;
    };
    const resolved = entry(5, firstResolve, 'applied', [], { conflictId: id(9) });
    const refusedAgain = entry(6, again, 'rejected', [], {
      detail: 'already_resolved: conflict is already resolved',
    });

    it('accepts them when they happen as meant', () => {
      const audit = [
        entry(4, foreign, 'rejected', [], {
          detail: 'forbidden_office: officeId: records are created in your own office',
        }),
        resolved,
        refusedAgain,
      ];
      const attention = [refused(foreign, 'forbidden_office'), refused(again, 'already_resolved')];
      expect(checkInvariants(withAll(audit, [foreign, firstResolve, again], attention))).toEqual([]);
    });

    it('reports the refused create applied, and a resolve refused as resolved that nothing resolved', () => {
      const audit = [
        entry(4, foreign, 'applied', [{ path: 'officeId', from: null, to: 'elsewhere' }]),
        refusedAgain,
      ];
      const problems = checkInvariants(
        withAll(audit, [foreign, again], [refused(again, 'already_resolved')]),
      );
      expect(problems).toEqual([
        expect.stringMatching(/^applied a mutation that must be refused: /),
        expect.stringMatching(/refused already_resolved, but no earlier resolve of its conflict$/),
      ]);
    });

    it('reports a resolve refused with another code, and a device-side refusal nobody provoked', () => {
      const forbidden = entry(6, again, 'rejected', [], { detail: 'forbidden: only a supervisor' });
      const tooLarge = { ...refused(foreign, 'mutation_too_large') };
      const problems = checkInvariants(
        withAll(
          [resolved, forbidden],
          [foreign, firstResolve, again],
          [tooLarge, refused(again, 'forbidden')],
        ),
      );
      expect(problems).toEqual([
        expect.stringMatching(/^wrongly refused on the device .*mutation_too_large$/),
        expect.stringMatching(/^wrongly refused .*forbidden: only a supervisor$/),
      ]);
    });
  });
});
