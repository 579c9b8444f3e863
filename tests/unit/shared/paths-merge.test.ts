import { describe, expect, it } from 'vitest';
import { applyPatch, diff, flatten, getPath, jsonEqual, setPath } from '../../../shared/sync/paths';
import { threeWayMerge } from '../../../shared/sync/merge';

describe('leaf paths', () => {
  it('flattens nested objects to dotted leaves; arrays and null are leaves, empty objects vanish', () => {
    expect(flatten({ a: 1, w: { name: 'Siti', phones: ['+62811'] }, e: {}, n: null })).toEqual({
      a: 1,
      'w.name': 'Siti',
      'w.phones': ['+62811'],
      n: null,
    });
  });

  it('sets a deep path without mutating the input', () => {
    const before = { worker: { fullName: 'A' } };
    const after = setPath(before, 'worker.passportNumber', 'X123');
    expect(after).toEqual({ worker: { fullName: 'A', passportNumber: 'X123' } });
    expect(before).toEqual({ worker: { fullName: 'A' } });
    expect(getPath(after, 'worker.passportNumber')).toBe('X123');
    expect(getPath(after, 'worker.missing')).toBeUndefined();
  });

  it('getPath reads exactly the keys of path.split(".") (empty segments, own keys only)', () => {
    const reference = (value: unknown, path: string): unknown => {
      let node = value;
      for (const key of path.split('.')) {
        if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
        if (!Object.hasOwn(node, key)) return undefined;
        node = (node as Record<string, unknown>)[key];
      }
      return node;
    };
    const value = { a: { '': { b: 1 }, c: [1], d: null }, '': { '': 2 }, e: 'x' };
    const paths = ['a..b', 'a.c', 'a.c.0', 'a.d', 'a.d.x', '', '.', 'e', 'e.length', 'a.', '.a', 'toString'];
    for (const path of paths) expect(getPath(value, path), path).toEqual(reference(value, path));
    expect(getPath(value, 'a..b')).toBe(1);
    expect(getPath(value, '.')).toBe(2);
  });

  it('diff yields a patch and prior that round-trip through applyPatch', () => {
    const a = { status: 'received', worker: { fullName: 'Siti', nik: null }, reporters: {} };
    const b = {
      status: 'verifying',
      worker: { fullName: 'Siti Aminah', nik: null },
      reporters: { r1: { name: 'Ibu' } },
    };
    const { patch, prior } = diff(a, b);
    expect(patch).toEqual({
      status: 'verifying',
      'worker.fullName': 'Siti Aminah',
      'reporters.r1.name': 'Ibu',
    });
    expect(prior).toEqual({ status: 'received', 'worker.fullName': 'Siti', 'reporters.r1.name': null });
    expect(jsonEqual(applyPatch(a, patch), b)).toBe(true);
  });

  it('compares JSON structurally, ignoring key order', () => {
    expect(jsonEqual({ a: [1, { b: 2, c: 3 }] }, { a: [1, { c: 3, b: 2 }] })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual(null, undefined)).toBe(true);
    expect(jsonEqual(0, null)).toBe(false);
  });
});

describe('three-way merge', () => {
  const server = { status: 'verifying', summary: 'server edit', worker: { fullName: 'Siti' } };

  it('takes the client value where the server still holds the prior', () => {
    const r = threeWayMerge(server, { 'worker.fullName': 'Siti Aminah' }, { 'worker.fullName': 'Siti' });
    expect(r).toEqual({ apply: { 'worker.fullName': 'Siti Aminah' }, noops: [], conflicts: [] });
  });

  it('is a no-op where the server already holds the client value', () => {
    const r = threeWayMerge(server, { summary: 'server edit' }, { summary: 'old' });
    expect(r.noops).toEqual(['summary']);
    expect(r.apply).toEqual({});
    expect(r.conflicts).toEqual([]);
  });

  it('reports a conflict with base, server and client values when both changed a leaf differently', () => {
    const r = threeWayMerge(
      server,
      { summary: 'client edit', status: 'routed' },
      { summary: 'old', status: 'verifying' },
    );
    expect(r.apply).toEqual({ status: 'routed' });
    expect(r.conflicts).toEqual([
      { path: 'summary', base: 'old', server: 'server edit', client: 'client edit' },
    ]);
  });

  it('treats a missing server leaf as null', () => {
    const r = threeWayMerge({}, { 'worker.nik': '3201010101010001' }, { 'worker.nik': null });
    expect(r.apply).toEqual({ 'worker.nik': '3201010101010001' });
  });
});
