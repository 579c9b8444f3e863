// The hand-rolled leaf-map check of the sync protocol (shared/sync/protocol.ts) must accept and
// refuse exactly what z.record(LeafPath, z.json()) did, bounded in depth, naming the field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  LeafMapSchema,
  LeafPath,
  MAX_JSON_DEPTH,
  Mutation,
  jsonProblem,
} from '../../../shared/sync/protocol';

const reference = z.record(LeafPath, z.json()).refine((m) => Object.keys(m).length <= 500);
const nest = (depth: number, inner: unknown = 1): unknown => {
  let v = inner;
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
};

describe('protocol JSON values', () => {
  it('agrees with z.record(LeafPath, z.json()) on shallow values', () => {
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.constantFrom(undefined, NaN, Infinity, () => 1, new Date(0), Symbol('s'), 10n),
    );
    const key = fc.oneof(fc.constantFrom('a', 'a.b', 'a..b', '', '.a', 'x-1_Y', 'é'), fc.string());
    fc.assert(
      fc.property(fc.oneof(fc.dictionary(key, value, { maxKeys: 4 }), value), (map) => {
        expect(LeafMapSchema.safeParse(map).success).toBe(reference.safeParse(map).success);
      }),
      { numRuns: 3000 },
    );
  });

  it(`accepts ${MAX_JSON_DEPTH} levels of nesting and names the field beyond`, () => {
    expect(jsonProblem(nest(MAX_JSON_DEPTH))).toBeUndefined();
    expect(jsonProblem(nest(MAX_JSON_DEPTH + 1))?.message).toMatch(/deeper than 32/);
    const deep = LeafMapSchema.safeParse({ ok: 1, 'worker.phones': nest(100_000) });
    expect(deep.success).toBe(false);
    expect(deep.error!.issues[0]!.path[0]).toBe('worker.phones');
  });

  it('reports issues at the leaf path inside the mutation', () => {
    const m = {
      mutationId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      table: 'cases',
      recordId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c',
      op: 'update',
      baseRev: 1,
      patch: { summary: 'x', 'bad..path': 1, count: [1, { n: Infinity }] },
      prior: [],
      clientTime: '2026-12-01T00:00:00Z',
    };
    const issues = Mutation.safeParse(m).error!.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues).toEqual([
      ['patch.bad..path', 'expected a dotted leaf path of at most 200 characters'],
      ['patch.count.1.n', 'expected a finite number'],
      ['prior', 'expected an object of leaf paths'],
    ]);
    const many = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`k${i}`, i]));
    expect(LeafMapSchema.safeParse(many).error!.issues[0]!.message).toBe('at most 500 leaves per mutation');
  });
});
