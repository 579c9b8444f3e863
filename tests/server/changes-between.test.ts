// changesBetween (server/sync/op-context.ts) walks both records once instead of
// flattening them; it must give exactly the entries of the shared diff(), in order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changesBetween } from '../../server/sync/op-context';
import { diff } from '../../shared/sync/paths';

const META = new Set(['rev', 'seq', 'updatedAt', 'updatedBy']);
function reference(before: Record<string, unknown>, after: Record<string, unknown>) {
  const { patch, prior } = diff(before, after);
  return Object.keys(patch)
    .filter((p) => !META.has(p))
    .map((path) => ({ path, from: prior[path] ?? null, to: patch[path] ?? null }));
}

// Few keys, so before and after overlap often: same leaves, changed leaves, leaf <-> object swaps.
// No integer-like keys: diff() returns its paths as object keys, which would put a top-level "0"
// first; record fields are never integer-like.
const key = fc.constantFrom('a', 'b', 'c', 'rev', 'seq', 'worker', 'r1', '_0');
const leaf = fc.oneof(
  fc.constantFrom(null, undefined, '', 'x', 'y', 0, 1, true, false),
  fc.array(fc.constantFrom(1, 'x', null), { maxLength: 2 }),
  fc.constant([{ b: 1, a: 2 }]),
);
const { tree } = fc.letrec((tie) => ({
  tree: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, leaf, tie('tree')), { maxKeys: 5 }),
}));

describe('changesBetween', () => {
  it('equals the leaf diff of shared/sync/paths minus the stamp fields', () => {
    fc.assert(
      fc.property(tree, tree, (before, after) => {
        expect(changesBetween(before, after)).toEqual(reference(before, after));
        expect(changesBetween(before, before)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the order: changed leaves in the new record order, then removed leaves', () => {
    const before = { a: 1, worker: { x: 'old', y: 2 }, gone: 'g', rev: 1 };
    const after = { worker: { y: 3, x: 'old', z: null, w: 'new' }, a: 1, rev: 2, added: [1] };
    expect(changesBetween(before, after)).toEqual([
      { path: 'worker.y', from: 2, to: 3 },
      { path: 'worker.w', from: null, to: 'new' },
      { path: 'added', from: null, to: [1] },
      { path: 'gone', from: 'g', to: null },
    ]);
  });
});
